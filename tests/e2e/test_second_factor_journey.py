"""Journey: the organisation requires a second factor of those who sign; a board member without
one is sent to set it up before approving, scans (here: reads) the key, confirms with a code,
keeps the recovery codes, approves, and the decision says it was confirmed with a second factor.
Signing in again asks the code after the password. Screenshots at 1280 and 390 px."""

from __future__ import annotations

import base64
import time

import pytest
from django.utils import translation
from django_otp.oath import TOTP
from playwright.sync_api import expect

from plans.models import Decision, PlanStatus
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def code_from_key(typed_key: str, *, steps_ahead: int = 0) -> str:
    """What the authenticator app shows for the key on the page (RFC 6238, 30 s, 6 digits)."""
    key = typed_key.replace(" ", "").upper()
    key += "=" * (-len(key) % 8)
    totp = TOTP(base64.b32decode(key), step=30, t0=0, digits=6)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def status_label(status) -> str:
    with translation.override("nl"):
        return str(PlanStatus(status).label)


def both_widths(page, shot, name: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_board_member_sets_up_the_app_and_approves_with_it(
    page, live_server, login, shot, org, author, board_member, or_member, var_member
):
    org.require_second_factor = True  # R9: the board's decision is signed with a second factor
    org.save()
    plan = factories.complete_plan(org, author)
    org.require_second_factor = False  # the author submits before the switch (own test covers it)
    org.save()
    factories.submit(plan, author)
    org.require_second_factor = True
    org.save()
    approve_url = f"{live_server.url}/plannen/{plan.pk}/goedkeuring/goedkeuren/"

    login(page, board_member)
    page.goto(approve_url)
    # Sent to set it up, with a clear Dutch explanation of what to do and why.
    expect(page.locator("h1")).to_have_text("Tweede factor")
    expect(page.locator("body")).to_contain_text("vraagt u vóór deze stap een authenticator-app in te stellen")
    expect(page.locator("body")).to_contain_text("Uw organisatie vraagt een tweede factor van wie tekent")
    both_widths(page, shot, "second-factor-01-asked")
    page.locator("#start-second-factor").click()

    expect(page.locator(".qr-code img")).to_be_visible()
    assert page.locator(".qr-code img").get_attribute("src").startswith("data:image/svg+xml")
    key = page.locator("#secret-key").inner_text()
    both_widths(page, shot, "second-factor-02-scan")
    page.fill("#id_code", code_from_key(key))
    page.locator("#confirm-second-factor").click()

    expect(page.locator("#recovery-codes li")).to_have_count(10)
    both_widths(page, shot, "second-factor-03-recovery-codes")
    page.locator("#continue-where-you-were").click()

    # Back where the person was: the approval, confirmed with the app in this session.
    page.wait_for_url(approve_url)
    page.fill("#id_note", "Akkoord, bevestigd met de authenticator-app.")
    page.locator("#confirm-approve").click()  # consent is asked of OR and VAR at once
    expect(page.locator("#plan-status")).to_have_text(status_label(PlanStatus.AWAITING_CONSENT))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AWAITING_CONSENT
    decision = Decision.objects.get(version__plan=plan, body_kind="board")
    assert decision.second_factor is True
    page.goto(f"{live_server.url}/plannen/{plan.pk}/goedkeuring/")
    expect(page.locator(".second-factor-mark").first).to_have_text("bevestigd met een tweede factor")
    both_widths(page, shot, "second-factor-04-decision-noted")

    # Signing in again: the password, then the code (the next one: a code works once).
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/account/inloggen/")
    page.fill("#id_username", board_member.username)
    page.fill("#id_password", factories.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/account/tweede-factor/bevestigen/**")
    both_widths(page, shot, "second-factor-05-sign-in-code")
    page.fill("#id_code", code_from_key(key, steps_ahead=1))
    page.locator("#confirm-code").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("h1").first).to_be_visible()
