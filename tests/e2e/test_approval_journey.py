"""Journey (step 6): the author submits, the board approves, the OR chair consents with a
condition, the VAR chair consents, the plan is adopted and the timeline shows it all."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from plans.models import Decision, DecisionKind, PlanStatus
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

CONDITION = "De OR ontvangt twee keer per jaar een voortgangsrapportage over het opleidingsbudget."


def status_label(status) -> str:
    with translation.override("nl"):
        return str(PlanStatus(status).label)


def test_a_plan_goes_from_submission_through_board_and_councils_to_adoption(
    page, live_server, login, shot, org, author, board_member, or_member, var_member
):
    def login_as(user):
        page.context.clear_cookies()  # each persona uses their own session
        login(page, user)

    plan = factories.complete_plan(org, author)
    approval_url = f"{live_server.url}/plannen/{plan.pk}/goedkeuring/"

    # The author submits the complete draft.
    login_as(author)
    page.goto(approval_url)
    expect(page.locator("#blocking-findings")).to_have_count(0)
    shot(page, "approval-01-draft-ready")
    page.locator("#submit-plan").click()
    shot(page, "approval-02-submit-confirm")
    page.locator("#confirm-submit").click()
    expect(page.locator("#plan-status")).to_have_text(status_label(PlanStatus.SUBMITTED))
    version = plan.versions.get()
    expect(page.locator("#current-version")).to_contain_text(version.short_hash)

    # The board sees what to do (notification and dashboard) and approves, asking for consent.
    login_as(board_member)
    expect(page.locator("#notification-count")).to_have_text("1 ongelezen")
    page.locator(f'.next-actions a[href="/plannen/{plan.pk}/goedkeuring/goedkeuren/"]').click()
    expect(page.locator("#version-hash, .version-box code").first).to_contain_text(version.short_hash)
    page.fill("#id_note", "Het plan past binnen de koers en de meerjarenbegroting.")
    shot(page, "approval-03-board-approves")
    page.locator("#confirm-approve").click()
    expect(page.locator("#plan-status")).to_have_text(status_label(PlanStatus.AWAITING_CONSENT))
    expect(page.locator("#body-or .badge")).to_have_count(1)

    # The OR chair consents with a condition.
    login_as(or_member)
    page.goto(approval_url)
    page.locator("#record-or").click()
    page.check(f'input[name="decision"][value="{DecisionKind.CONSENTED_WITH_CONDITIONS}"]')
    page.fill("#id_text", CONDITION)
    shot(page, "approval-04-or-consents-with-condition")
    page.locator("#confirm-consent").click()
    expect(page.locator("#body-or")).to_contain_text(CONDITION)
    expect(page.locator("#plan-status")).to_have_text(status_label(PlanStatus.AWAITING_CONSENT))

    # The VAR chair consents; with that every required council consented.
    login_as(var_member)
    var_body = org.bodies.get(kind="var")
    page.locator(f'.next-actions a[href="/plannen/{plan.pk}/instemming/{var_body.pk}/"]').click()
    page.check(f'input[name="decision"][value="{DecisionKind.CONSENTED}"]')
    page.locator("#confirm-consent").click()
    expect(page.locator("#plan-status")).to_have_text(status_label(PlanStatus.ADOPTED))
    shot(page, "approval-05-adopted")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED
    assert Decision.objects.get(version=version, body_kind="or").text == CONDITION
    assert Decision.objects.get(version=version, body_kind="var").version_sha256 == version.sha256

    # The author finds the next step: mark as sent. The timeline shows everything, with who and when.
    login_as(author)
    expect(page.locator(f'.next-actions a[href="/plannen/{plan.pk}/verstuurd/"]')).to_be_visible()
    page.goto(f"{live_server.url}/plannen/{plan.pk}/tijdlijn/")
    entries = page.locator("#timeline .timeline-entry")
    expect(entries).to_have_count(4 + 3)  # 4 status changes, 3 decisions
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text(CONDITION)
    expect(timeline).to_contain_text(board_member.get_full_name())
    expect(timeline).to_contain_text(or_member.get_full_name())
    expect(timeline).to_contain_text(var_member.get_full_name())
    expect(timeline).to_contain_text(version.short_hash)
    shot(page, "approval-06-timeline")
