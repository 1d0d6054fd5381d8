"""Journey (step 4, R6): the author puts the draft out for consultation; the OR chair comments on a
theme; the line manager submits a team wish for their unit; the author turns the wish into a
learning intervention, answers the comment and closes the consultation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from plans.models import Comment, PlanStatus
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = "Graag uw reactie op het concept, vooral op de thema's en de formatie per team."
OR_COMMENT = "Hoe krijgen medewerkers de tijd om te leren? Wat de OR betreft is opleidingstijd werktijd."
WISH = "Scholing palliatieve zorg voor Team Een: drie collega's willen zich erin verdiepen."
REACTION = "Terecht: opleidingstijd is werktijd; de uren staan in het opleidingsjaarplan."


def status_label(status) -> str:
    with translation.override("nl"):
        return str(PlanStatus(status).label)


def test_a_draft_is_discussed_with_the_councils_and_the_line_before_submission(
    page, live_server, login, shot, org, author, line_manager, or_member
):
    def login_as(user):
        page.context.clear_cookies()  # each persona uses their own session
        login(page, user)

    plan = factories.complete_plan(org, author)
    alignment_url = f"{live_server.url}/plannen/{plan.pk}/afstemming/"

    # The author finds step 4 in the navigator and puts the plan out for consultation.
    login_as(author)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/")
    page.locator(f"nav.step-nav a[href='/plannen/{plan.pk}/afstemming/']").click()
    expect(page.locator("#checklist li")).to_have_count(5)
    shot(page, "alignment-01-before-consultation")
    page.locator("#open-consultation").click()
    page.fill("#id_message", MESSAGE)
    closes_on = timezone.localdate() + dt.timedelta(days=14)
    page.fill("#id_closes_on", closes_on.isoformat())
    expect(page.locator("#invited")).to_contain_text(or_member.get_full_name())
    shot(page, "alignment-02-open-consultation")
    page.locator("#confirm-open").click()
    expect(page.locator("#plan-status")).to_have_text(status_label(PlanStatus.CONSULTATION))
    expect(page.locator("#consultation-state")).to_contain_text(str(closes_on.year))

    # The OR chair is invited on the dashboard and comments on a theme.
    login_as(or_member)
    expect(page.locator("#notification-count")).to_have_text("1 ongelezen")
    page.locator(f'.next-actions a[href="/plannen/{plan.pk}/afstemming/#add-comment"]').click()
    expect(page.locator(".consultation-message")).to_contain_text(MESSAGE)
    page.select_option("#id_section", "themes")
    page.fill("#id_text", OR_COMMENT)
    shot(page, "alignment-03-or-comments")
    page.locator("#add-comment-button").click()
    comment = Comment.objects.get(author=or_member)
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text(OR_COMMENT)

    # The line manager submits a team wish for their own unit.
    login_as(line_manager)
    page.goto(alignment_url)
    expect(page.locator("#unit-field")).to_be_hidden()  # only a wish names a unit
    page.check('input[name="kind"][value="wish"]')
    expect(page.locator("#unit-field")).to_be_visible()
    page.select_option("#id_unit", label="Team Een")
    page.select_option("#id_section", "interventions")
    page.fill("#id_text", WISH)
    shot(page, "alignment-04-line-manager-wish")
    page.locator("#add-comment-button").click()
    wish = Comment.objects.get(author=line_manager)
    expect(page.locator(f"#comment-{wish.pk}")).to_contain_text("Team Een")

    # The author sees what to answer, turns the wish into an intervention in one go ...
    login_as(author)
    page.locator(f'.next-actions a[href="/plannen/{plan.pk}/afstemming/#open-comments"]').click()
    expect(page.locator("#open-comments .comment")).to_have_count(2)
    shot(page, "alignment-05-author-sees-open-comments")
    page.locator(f"#wish-to-intervention-{wish.pk}").click()
    expect(page.locator("#id_title")).to_have_value(WISH[:119] + "…" if len(WISH) > 120 else WISH)
    page.fill("#id_title", "Scholing palliatieve zorg")
    page.check('input[name="work_forms"][value="course"]')
    page.check('input[name="topics"][value="disease"]')
    page.check('input[name="years"][value="2027"]')
    page.select_option("#id_horizon", "short")
    page.fill("#id_reaction", "Komt in 2027 voor Team Een.")
    shot(page, "alignment-06-wish-to-intervention")
    page.locator("#save-intervention").click()
    wish.refresh_from_db()
    intervention = wish.intervention
    assert intervention is not None and wish.is_handled
    expect(page.locator(f"#intervention-{intervention.pk}")).to_contain_text("Scholing palliatieve zorg")

    # ... answers the OR chair's comment, which then also shows on the themes page ...
    page.goto(alignment_url)
    page.locator(f"#handle-{comment.pk}").click()
    page.fill("#id_reaction", REACTION)
    shot(page, "alignment-07-author-reacts")
    page.locator("#confirm-handle").click()
    expect(page.locator(f"#comment-{comment.pk} .comment-reaction")).to_contain_text(REACTION)
    expect(page.locator("#open-comments .comment")).to_have_count(0)
    shot(page, "alignment-08-all-handled")
    page.goto(f"{live_server.url}/plannen/{plan.pk}/themas/")
    expect(page.locator(f"#section-comments #comment-{comment.pk}")).to_contain_text(REACTION)
    shot(page, "alignment-09-comment-on-the-themes-page")

    # ... and closes the consultation: the plan is a draft again, the comments stay as history.
    page.goto(alignment_url)
    page.locator("#close-consultation").click()
    page.locator("#confirm-close").click()
    expect(page.locator("#plan-status")).to_have_text(status_label(PlanStatus.DRAFT))
    expect(page.locator("#handled-comments .comment")).to_have_count(2)
    expect(page.locator("#consultation-rounds li")).to_have_count(1)
    shot(page, "alignment-10-closed")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT

    # The OR chair reads the reaction.
    login_as(or_member)
    page.goto(alignment_url)
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text(REACTION)
