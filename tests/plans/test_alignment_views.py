"""The step 4 pages: thin views around plans.alignment, the right buttons for the right people."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.alignment import services as alignment
from plans.models import Comment, CommentKind, Intervention, PlanStatus
from tests import factories


def url(name, plan, **kwargs):
    return reverse(f"plans:{name}", kwargs={"plan": plan.pk, **kwargs})


@pytest.fixture
def consulting(plan, author):
    alignment.open_consultation(actor=author, plan=plan, closes_on=timezone.localdate() + dt.timedelta(days=10))
    plan.refresh_from_db()
    return plan


@pytest.fixture
def wish(consulting, org, line_manager):
    return alignment.comment_create(
        actor=line_manager, plan=consulting, text="Scholing palliatieve zorg voor Team Een.", kind=CommentKind.WISH,
        unit=org.units.get(code="team-1"), section="interventions",
    )


# --- The page ---------------------------------------------------------------------------------


def test_step_4_is_in_the_navigator_with_the_alignment_page(client_of, author, plan):
    content = client_of(author).get(url("themes", plan)).content.decode()
    assert url("alignment", plan) in content


def test_the_author_sees_the_button_to_open_a_round_and_others_do_not(client_of, author, or_member, plan):
    assert b'id="open-consultation"' in client_of(author).get(url("alignment", plan)).content
    page = client_of(or_member).get(url("alignment", plan)).content
    assert b'id="open-consultation"' not in page
    assert b'id="add-comment"' in page  # but the OR member may comment


def test_the_page_shows_the_closing_date_and_the_close_button_to_the_author(client_of, author, consulting):
    content = client_of(author).get(url("alignment", consulting)).content.decode()
    assert 'id="close-consultation"' in content
    closes_on = consulting.consultations.get().closes_on
    assert str(closes_on.year) in content and 'id="consultation-state"' in content


def test_the_page_lists_the_r6_points_to_discuss(client_of, viewer, plan):
    content = client_of(viewer).get(url("alignment", plan)).content.decode()
    assert content.count("<li", content.index('id="checklist"'), content.index("</ol>", content.index('id="checklist"'))) == 5
    assert url("formation", plan) in content and url("qualification", plan) in content


def test_open_comments_come_before_the_handled_ones(client_of, author, consulting, or_member):
    handled = alignment.comment_create(actor=or_member, plan=consulting, text="Eerste opmerking.")
    alignment.comment_handle(actor=author, comment=handled, reaction="Verwerkt.", expected_version=None)
    open_one = alignment.comment_create(actor=or_member, plan=consulting, text="Tweede opmerking.")
    content = client_of(author).get(url("alignment", consulting)).content.decode()
    assert content.index(f'id="comment-{open_one.pk}"') < content.index('id="handled-comments"')
    assert content.index('id="handled-comments"') < content.index(f'id="comment-{handled.pk}"')
    assert "Verwerkt." in content and f'id="handle-{open_one.pk}"' in content


def test_only_a_line_manager_gets_the_choice_of_a_team_wish(client_of, line_manager, or_member, consulting):
    manager_page = client_of(line_manager).get(url("alignment", consulting)).content.decode()
    assert 'name="kind"' in manager_page and 'id="unit-field"' in manager_page
    assert "Team Een" in manager_page and "Team Twee" not in manager_page  # only their own units
    council_page = client_of(or_member).get(url("alignment", consulting)).content.decode()
    assert 'name="kind"' not in council_page


def test_the_page_does_not_query_per_comment(client_of, author, consulting, or_member):
    alignment.comment_create(actor=or_member, plan=consulting, text="Eén.", section="themes")
    client = client_of(author)
    client.get(url("alignment", consulting))

    def count() -> int:
        cache.clear()  # both measurements run the completeness check (no cached report)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("alignment", consulting)).status_code == 200
        return len(captured)

    few = count()
    for n in range(6):
        comment = alignment.comment_create(actor=or_member, plan=consulting, text=f"Nog {n}.", section="vision")
        alignment.comment_handle(actor=author, comment=comment, reaction="Ja.", expected_version=None,
                                 intervention=consulting.interventions.first())
    assert count() == few


# --- Adding a comment ---------------------------------------------------------------------------


def test_an_or_member_adds_a_comment_on_a_theme(client_of, or_member, consulting):
    response = client_of(or_member).post(
        url("alignment", consulting), {"section": "themes", "text": "Hoe krijgen medewerkers tijd om te leren?"}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert (comment.section, comment.author, comment.author_role) == ("themes", or_member, "or_member")


def test_an_empty_comment_is_refused_on_the_form(client_of, or_member, consulting):
    response = client_of(or_member).post(url("alignment", consulting), {"section": "vision", "text": ""})
    assert response.status_code == 200
    assert b'id="form-errors"' in response.content
    assert not Comment.objects.exists()


def test_a_line_manager_submits_a_team_wish_through_the_form(client_of, line_manager, consulting, org):
    team = org.units.get(code="team-1")
    client_of(line_manager).post(
        url("alignment", consulting),
        {"kind": "wish", "unit": team.pk, "section": "interventions", "text": "Training palliatieve zorg."},
    )
    wish = Comment.objects.get()
    assert wish.is_wish and wish.unit == team


def test_a_wish_for_a_unit_not_managed_is_refused_on_the_form(client_of, line_manager, consulting, org):
    response = client_of(line_manager).post(
        url("alignment", consulting),
        {"kind": "wish", "unit": org.units.get(code="team-2").pk, "text": "Voor een ander."},
    )
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_the_section_link_preselects_the_part_of_the_plan(client_of, or_member, consulting):
    content = client_of(or_member).get(url("alignment", consulting) + "?section=formation").content.decode()
    assert 'value="formation" selected' in content


def test_nobody_comments_on_a_submitted_plan(client_of, or_member, org, author):
    plan = factories.complete_plan(org, author)
    factories.submit(plan, author)
    page = client_of(or_member).get(url("alignment", plan))
    assert page.status_code == 200 and b'id="add-comment"' not in page.content
    response = client_of(or_member).post(url("alignment", plan), {"text": "Te laat."})
    assert response.status_code == 403
    assert not Comment.objects.exists()


# --- Opening and closing ------------------------------------------------------------------------


def test_the_author_opens_and_closes_a_round_through_the_pages(client_of, author, plan):
    client = client_of(author)
    assert client.get(url("consultation_open", plan)).status_code == 200
    closes_on = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(url("consultation_open", plan), {"message": "Graag reactie.", "closes_on": closes_on.isoformat()})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONSULTATION
    assert plan.consultations.get().closes_on == closes_on
    assert client.get(url("consultation_close", plan)).status_code == 200
    client.post(url("consultation_close", plan))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_past_closing_date_is_refused_on_the_form(client_of, author, plan):
    past = timezone.localdate() - dt.timedelta(days=2)
    response = client_of(author).post(url("consultation_open", plan), {"closes_on": past.isoformat()})
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.parametrize("persona", ["line_manager", "or_member", "board_member"])
def test_only_the_author_reaches_the_open_and_close_pages(client_of, plan, persona, request):
    client = client_of(request.getfixturevalue(persona))
    assert client.get(url("consultation_open", plan)).status_code == 403
    assert client.post(url("consultation_close", plan)).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_opening_twice_explains_instead_of_failing(client_of, author, consulting):
    response = client_of(author).get(url("consultation_open", consulting), follow=True)
    assert response.redirect_chain[-1][0] == url("alignment", consulting)


# --- Answering ---------------------------------------------------------------------------------


def test_the_author_reacts_through_the_handle_page(client_of, author, consulting, or_member):
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Vraag.")
    client = client_of(author)
    assert client.get(url("comment_handle", consulting, comment=comment.pk)).status_code == 200
    response = client.post(
        url("comment_handle", consulting, comment=comment.pk), {"reaction": "Opgenomen.", "lock_version": comment.lock_version}
    )
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.is_handled and comment.reaction == "Opgenomen."


def test_a_reaction_cannot_be_empty_on_the_form(client_of, author, consulting, or_member):
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Vraag.")
    response = client_of(author).post(url("comment_handle", consulting, comment=comment.pk), {"reaction": ""})
    assert response.status_code == 200
    comment.refresh_from_db()
    assert not comment.is_handled


def test_the_writer_cannot_mark_their_own_comment_as_handled(client_of, or_member, consulting):
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Vraag.")
    client = client_of(or_member)
    assert client.get(url("comment_handle", consulting, comment=comment.pk)).status_code == 403
    assert client.post(url("comment_handle", consulting, comment=comment.pk), {"reaction": "Zelf."}).status_code == 403


def test_a_comment_of_another_plan_is_not_found_under_this_plan(client_of, author, org, consulting, or_member):
    other = factories.plan(org, author, title="Ander plan")
    comment = alignment.comment_create(actor=or_member, plan=other, text="Elders.")
    assert client_of(author).get(url("comment_handle", consulting, comment=comment.pk)).status_code == 404


# --- A wish becomes an intervention ----------------------------------------------------------------


def test_the_intervention_form_is_prefilled_from_the_wish(client_of, author, wish):
    content = client_of(author).get(url("wish_intervention", wish.plan, comment=wish.pk)).content.decode()
    assert 'value="Scholing palliatieve zorg voor Team Een."' in content  # the title
    assert re.search(rf'name="units" value="{wish.unit.pk}"\s+id="[^"]+" checked', content)
    assert re.search(r'name="level" value="unit"[^>]*checked', content)


def test_the_intervention_form_of_a_wish_ticks_no_year_r3(client_of, author, wish):
    content = client_of(author).get(url("wish_intervention", wish.plan, comment=wish.pk)).content.decode()
    years = re.findall(r'<input[^>]*name="years"[^>]*>', content)
    assert years and not [box for box in years if "checked" in box]


def test_saving_the_form_adds_the_intervention_and_handles_the_wish(client_of, author, wish):
    plan = wish.plan
    data = {
        "title": "Palliatieve zorg", "level": "unit", "units": [wish.unit.pk], "years": [2027, 2028],
        "work_forms": ["course"], "horizon": "short", "lock_version": wish.lock_version, "reaction": "Start in 2027.",
    }
    response = client_of(author).post(url("wish_intervention", plan, comment=wish.pk), data)
    intervention = Intervention.objects.get(plan=plan, title="Palliatieve zorg")
    assert response["Location"].endswith(f"#intervention-{intervention.pk}")
    wish.refresh_from_db()
    assert wish.intervention == intervention and wish.is_handled and wish.reaction == "Start in 2027."


def test_only_the_author_turns_a_wish_into_an_intervention(client_of, line_manager, wish):
    client = client_of(line_manager)
    assert client.get(url("wish_intervention", wish.plan, comment=wish.pk)).status_code == 403
    assert client.post(url("wish_intervention", wish.plan, comment=wish.pk), {"title": "X"}).status_code == 403


# --- Comments on the pages they are about -------------------------------------------------------


def test_a_comment_on_the_themes_shows_on_the_themes_page_only(client_of, author, consulting, or_member):
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Over de thema's.", section="themes")
    client = client_of(author)
    themes = client.get(url("themes", consulting)).content.decode()
    assert f'id="comment-{comment.pk}"' in themes and 'id="section-comments"' in themes
    assert 'class="comment-pill' in themes  # the author sees there is something to answer
    assert f'id="comment-{comment.pk}"' not in client.get(url("interventions", consulting)).content.decode()


def test_a_page_shows_a_new_comment_and_its_reaction_at_once_although_comments_are_cached(
    client_of, author, consulting, or_member
):
    """Pages read the comments once per state of the plan (selectors.section_comments); writing
    or handling a comment is a new state, so the next view shows it."""
    client = client_of(author)
    assert 'id="section-comments"' not in client.get(url("themes", consulting)).content.decode()
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Over de thema's.", section="themes")
    page = client.get(url("themes", consulting)).content.decode()
    assert f'id="comment-{comment.pk}"' in page and "comment-state-open" in page
    alignment.comment_handle(actor=author, comment=comment, reaction="Overgenomen in thema 2.", expected_version=None)
    page = client.get(url("themes", consulting)).content.decode()
    assert "Overgenomen in thema 2." in page and "comment-state-open" not in page


def test_a_comment_on_the_plan_as_a_whole_shows_on_the_overview(client_of, viewer, consulting, or_member):
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Over het geheel.")
    assert f'id="comment-{comment.pk}"' in client_of(viewer).get(url("plan", consulting)).content.decode()


def test_a_budget_comment_shows_on_the_budget_page(client_of, author, consulting, or_member):
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Over het geld.", section="budget")
    page = client_of(author).get(reverse("budgets:overview", kwargs={"plan": consulting.pk})).content.decode()
    assert f'id="comment-{comment.pk}"' in page


# --- Dashboard -------------------------------------------------------------------------------------


def _actions(client) -> str:
    page = client.get(reverse("plans:dashboard")).content.decode()
    start = page.index("next-actions")
    return page[start:page.index("</ul>", start)]


@pytest.mark.parametrize("persona", ["or_member", "var_member", "cr_member", "line_manager"])
def test_councils_and_line_managers_are_invited_on_the_dashboard_while_the_round_is_open(
    client_of, consulting, persona, request
):
    actions = _actions(client_of(request.getfixturevalue(persona)))
    assert url("alignment", consulting) + "#add-comment" in actions
    assert str(consulting.consultations.get().closes_on.year) in actions


def test_the_invitation_disappears_when_the_round_is_closed(client_of, consulting, author, or_member):
    alignment.close_consultation(actor=author, plan=consulting)
    assert url("alignment", consulting) + "#add-comment" not in _actions(client_of(or_member))


def test_the_viewer_is_not_invited(client_of, consulting, viewer):
    assert url("alignment", consulting) + "#add-comment" not in _actions(client_of(viewer))


def test_the_author_sees_the_comments_to_answer_on_the_dashboard(client_of, author, wish, or_member):
    assert url("alignment", wish.plan) + "#open-comments" in _actions(client_of(author))
    for comment in wish.plan.comments.all():
        alignment.comment_handle(actor=author, comment=comment, reaction="Gedaan.", expected_version=None)
    assert url("alignment", wish.plan) + "#open-comments" not in _actions(client_of(author))
