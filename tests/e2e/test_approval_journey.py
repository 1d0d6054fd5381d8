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


def test_the_board_returns_a_plan_and_the_author_sees_why_and_submits_again(
    page, live_server, login, shot, org, author, board_member
):
    plan = factories.complete_plan(org, author)
    factories.submit(plan, author)
    reasons = "De evaluatiemethode per thema ontbreekt nog; werk die uit met de OR en de VAR."

    page.context.clear_cookies()
    login(page, board_member)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/goedkeuring/")
    page.locator("#return-plan").click()
    page.fill("#id_reasons", reasons)
    shot(page, "return-01-board-gives-reasons")
    page.locator("#confirm-return").click()
    expect(page.locator("#plan-status")).to_have_text(status_label(PlanStatus.DRAFT))

    page.context.clear_cookies()
    login(page, author)
    expect(page.locator(".next-actions")).to_contain_text(reasons)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/goedkeuring/")
    expect(page.locator("#back-to-draft")).to_contain_text(reasons)
    shot(page, "return-02-author-sees-reasons")
    page.locator("#submit-plan").click()
    page.locator("#confirm-submit").click()
    expect(page.locator("#current-version")).to_contain_text("2")  # the next submission is a new version
    assert plan.versions.count() == 2


def test_a_council_refuses_consent_and_the_plan_returns_to_draft(
    page, live_server, login, shot, org, author, board_member, or_member, var_member
):
    plan = factories.complete_plan(org, author)
    version = factories.submit(plan, author)
    from plans.approval import services as lifecycle

    lifecycle.approve_plan(actor=board_member, plan=plan, expected_sha256=version.sha256, consent_deadlines={})
    page.context.clear_cookies()
    login(page, var_member)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/goedkeuring/")
    page.locator("#record-var").click()
    page.check(f'input[name="decision"][value="{DecisionKind.REFUSED}"]')
    page.locator("#confirm-consent").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()  # reasons are required
    page.check(f'input[name="decision"][value="{DecisionKind.REFUSED}"]')
    page.fill("#id_text", "Klinisch redeneren hoort in alle teams, niet alleen in Wonen en Zorg.")
    page.locator("#confirm-consent").click()
    expect(page.locator("#plan-status")).to_have_text(status_label(PlanStatus.DRAFT))
    expect(page.locator("#back-to-draft")).to_contain_text("Klinisch redeneren hoort in alle teams")
    shot(page, "refuse-01-back-to-draft")


def test_after_adoption_the_plan_is_sent_confirmed_yearly_and_changed(
    page, live_server, login, shot, org, author, board_member, or_member, var_member, cr_member
):
    plan = factories.complete_plan(org, author)
    factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member])
    approval_url = f"{live_server.url}/plannen/{plan.pk}/goedkeuring/"

    # The author records that the plan went to the zorgkantoor.
    page.context.clear_cookies()
    login(page, author)
    page.goto(approval_url)
    page.locator("#mark-sent").click()
    expect(page.locator("#id_zorgkantoor")).to_have_value("Zorgkantoor Test")
    page.locator("#confirm-sent").click()
    expect(page.locator("#plan-status")).to_have_text(status_label(PlanStatus.IN_EXECUTION))
    expect(page.locator("#submission")).to_contain_text("Zorgkantoor Test")

    # The board issues the yearly statement; last year's objectives were not all met.
    page.context.clear_cookies()
    login(page, board_member)
    page.goto(approval_url)
    page.locator("#issue-statement").click()
    page.select_option("#id_year", "2028")
    page.fill("#id_text", "Het plan wordt uitgevoerd; de raden zijn bij de uitvoering betrokken.")
    page.check('input[name="objectives_met"][value="no"]')
    page.fill("#id_explanation", "De leergang regieverpleegkundige startte een half jaar later.")
    shot(page, "statement-01-board-issues")
    page.locator("#confirm-statement").click()
    expect(page.locator("h1")).to_contain_text("2028")

    # The OR chair finds it among the notifications and co-signs.
    page.context.clear_cookies()
    login(page, or_member)
    page.locator("#notifications-link").click()
    shot(page, "statement-02-notifications")
    page.locator("#notification-list form button[type=submit]").first.click()
    page.check('input[name="decision"][value="cosigned"]')
    page.locator("#confirm-sign").click()
    expect(page.locator("h1")).to_contain_text("2028")
    expect(page.locator("#notification-count")).to_have_count(0)  # what it asked for is done
    shot(page, "statement-03-or-cosigned")
    assert plan.statements.get().signatures.get().body_kind == "or"

    # The author starts a change (art. 27 WOR): a new draft from the adopted version.
    page.context.clear_cookies()
    login(page, author)
    page.goto(approval_url)
    page.locator("#start-change").click()
    page.fill("#id_title", "Opleidingsplan 2027–2030 – wijziging 2028")
    page.locator("#confirm-change").click()
    expect(page.locator(".plan-title")).to_contain_text("wijziging 2028")
    expect(page.locator("#change-title")).to_be_visible()
    shot(page, "change-01-new-draft")
