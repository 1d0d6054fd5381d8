"""A second factor for those who sign (stakeholders.second_factor; docs/security.md, "Strong
sign-in for those who sign"): an authenticator app (TOTP, django-otp) with recovery codes, asked
after the password, required by the organisation for the steps that sign (R9, R10, R11), and
noted on the decision record."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from plans.approval import services as lifecycle
from plans.approval import statements
from plans.evidence import content_of, verify_chains
from plans.models import Decision, PlanStatus
from soplan.errors import DomainError
from stakeholders import second_factor
from stakeholders.models import RecoveryCode
from tests import factories
from tests.dbroles import tamper

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_waiting_between_codes(settings):
    # django-otp waits 1, 2, 4 ... seconds after a wrong code; a test that types a wrong code and
    # then the right one would otherwise have to sleep. The throttle has its own test below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_RECOVERY_THROTTLE_FACTOR = 0


def code_of(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the person's app shows, computed from the device's key like the app does (RFC 6238).

    A code is accepted once per 30-second step; ``steps_ahead=1`` is the next one, which the
    device accepts too (tolerance 1), for a test that needs a second code within one step."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def set_up_app(client, user) -> tuple[TOTPDevice, list[str]]:
    """Through the account page, as a person does: start, scan, type the code, see the codes."""
    client.post(reverse("second_factor"), {"action": "start"})
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("second_factor"), {"action": "confirm", "code": code_of(device)})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7-]{19})</code></li>", page)
    device.refresh_from_db()
    return device, codes


@pytest.fixture
def submitted(org, author):
    plan = factories.complete_plan(org, author)
    factories.submit(plan, author)
    plan.refresh_from_db()
    return plan


def approve_url(plan):
    return reverse("plans:approve", kwargs={"plan": plan.pk})


def approve(client, plan):
    version = plan.versions.get()
    return client.post(approve_url(plan), {"version_sha256": version.sha256, "note": "Akkoord."})


# --- Setting it up ----------------------------------------------------------------------------


def test_a_person_sets_up_the_app_with_a_qr_code_and_a_code_and_sees_the_recovery_codes_once(client_of, board_member):
    client = client_of(board_member)
    assert "Authenticator-app instellen" in client.get(reverse("second_factor")).content.decode()
    client.post(reverse("second_factor"), {"action": "start"})
    page = client.get(reverse("second_factor")).content.decode()
    # A QR code as an image (CSP img-src allows data:), no inline <svg> style or script.
    assert re.search(r'<img src="data:image/svg\+xml[^"]+" width="200" height="200" alt="QR', page)
    device = TOTPDevice.objects.get(user=board_member)
    assert not device.confirmed  # not before the first right code

    wrong = f"{(int(code_of(device)) + 1) % 1000000:06d}"
    refused = client.post(reverse("second_factor"), {"action": "confirm", "code": wrong})
    assert refused.status_code == 200 and "Die code klopt niet" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    response = client.post(reverse("second_factor"), {"action": "confirm", "code": code_of(device)})
    assert response["Location"] == reverse("second_factor_codes")
    codes_page = client.get(reverse("second_factor_codes")).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7-]{19})</code></li>", codes_page)
    assert len(codes) == second_factor.RECOVERY_CODE_COUNT == len(set(codes))
    device.refresh_from_db()
    assert device.confirmed
    # Stored as hashes only: no code can be read back from the database.
    stored = set(RecoveryCode.objects.filter(device__user=board_member).values_list("code_hash", flat=True))
    assert stored == {RecoveryCode.hash(code) for code in codes}
    assert not any(code in stored for code in codes)
    # Shown once: the page does not show them again.
    assert not re.findall(r"<li><code>", client.get(reverse("second_factor_codes")).content.decode())
    assert "Uw authenticator-app is ingesteld sinds" in client.get(reverse("second_factor")).content.decode()


def test_a_recovery_code_works_once(client_of, board_member):
    client = client_of(board_member)
    _device, codes = set_up_app(client, board_member)
    user = board_member
    device = second_factor.check_code(user=user, token=codes[0].upper().replace("-", " "))  # as typed
    assert device.persistent_id == second_factor.recovery_of(user).persistent_id
    with pytest.raises(DomainError, match="That code is not right"), translation.override("en"):
        second_factor.check_code(user=user, token=codes[0])
    assert second_factor.codes_left(user) == second_factor.RECOVERY_CODE_COUNT - 1


def test_wrong_codes_are_throttled(client_of, board_member, settings):
    client = client_of(board_member)
    device, _codes = set_up_app(client, board_member)
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    with pytest.raises(DomainError, match="That code is not right"), translation.override("en"):
        second_factor.check_code(user=board_member, token="000000" if code_of(device, steps_ahead=1) != "000000" else "111111")
    with pytest.raises(DomainError, match="Too many wrong codes"), translation.override("en"):  # even the right one waits now
        second_factor.check_code(user=board_member, token=code_of(device, steps_ahead=1))


def test_the_app_is_removed_only_with_a_code(client_of, board_member):
    client = client_of(board_member)
    device, _codes = set_up_app(client, board_member)
    refused = client.post(reverse("second_factor_remove"), {"code": "12345"})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=board_member).exists()
    response = client.post(reverse("second_factor_remove"), {"code": code_of(device, steps_ahead=1)})
    assert response["Location"] == reverse("second_factor")
    assert not TOTPDevice.objects.filter(user=board_member).exists()
    assert not RecoveryCode.objects.filter(device__user=board_member).exists()


# --- Sign-in ----------------------------------------------------------------------------------


def test_sign_in_asks_the_code_after_the_password(client, board_member):
    device = TOTPDevice.objects.create(user=board_member, name="app", confirmed=True)
    response = client.post(reverse("login"), {"username": board_member.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    dashboard = client.get(response["Location"])
    assert dashboard.status_code == 302 and dashboard["Location"].startswith(reverse("second_factor_verify"))
    assert client.get(reverse("second_factor")).status_code == 302  # nothing else either
    verify_page = client.get(reverse("second_factor_verify")).content.decode()
    assert 'id="sign-out-instead"' in verify_page  # no way around it but the code or signing out
    response = client.post(reverse("second_factor_verify"), {"code": code_of(device), "next": reverse("plans:dashboard")})
    assert response["Location"] == reverse("plans:dashboard")
    assert client.get(reverse("plans:dashboard")).status_code == 200


def test_sign_in_without_an_app_asks_nothing(client, board_member):
    response = client.post(reverse("login"), {"username": board_member.username, "password": factories.PASSWORD})
    assert client.get(response["Location"]).status_code == 200


# --- The organisation requires it of those who sign ---------------------------------------------


def test_the_author_switches_the_requirement_on_in_the_organisation_settings(client_of, org, author):
    client = client_of(author)
    edit = reverse("stakeholders:organisation_edit", kwargs={"org": org.slug})
    page = client.get(edit).content.decode()
    assert 'name="require_second_factor"' in page
    data = {
        "name": org.name, "sector": org.sector, "has_var": "on" if org.has_var else "",
        "has_client_council": "on" if org.has_client_council else "", "zorgkantoor": org.zorgkantoor,
        "document_language": org.document_language, "require_second_factor": "on",
    }
    data = {key: value for key, value in data.items() if value != ""}
    assert client.post(edit, data).status_code == 302
    org.refresh_from_db()
    assert org.require_second_factor


def test_a_board_member_without_an_app_is_sent_to_set_it_up_and_the_service_refuses(client_of, org, board_member, submitted):
    org.require_second_factor = True
    org.save()
    client = client_of(board_member)
    response = client.get(approve_url(submitted))
    assert response["Location"] == f"{reverse('second_factor')}?next={approve_url(submitted).replace('/', '%2F')}"
    page = client.get(response["Location"]).content.decode()
    assert "Uw organisatie vraagt een tweede factor van wie tekent" in page  # Dutch, says what to do
    assert "Authenticator-app instellen" in page
    # A post that skips the page is refused by the service, nothing recorded (R9).
    assert approve(client, submitted).status_code == 200
    with pytest.raises(DomainError, match="requires a second factor for this step. Set up"), translation.override("en"):
        lifecycle.approve_plan(actor=board_member, plan=submitted, expected_sha256=submitted.versions.get().sha256)
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED
    assert not Decision.objects.exists()


def test_an_author_without_an_app_cannot_submit_when_required(org, author):
    org.require_second_factor = True
    org.save()
    plan = factories.complete_plan(org, author)
    with pytest.raises(DomainError, match="requires a second factor for this step"):
        lifecycle.submit_plan(actor=author, plan=plan)


def test_a_set_up_but_unconfirmed_session_is_asked_the_code_first(client_of, org, board_member, submitted):
    org.require_second_factor = True
    org.save()
    TOTPDevice.objects.create(user=board_member, name="app", confirmed=True)
    client = client_of(board_member)  # force_login: no code asked at sign-in in this test
    response = client.get(approve_url(submitted))
    assert response["Location"].startswith(reverse("second_factor_verify") + "?next=")
    with pytest.raises(DomainError, match="Confirm with a code from your authenticator app first"), translation.override("en"):
        lifecycle.approve_plan(actor=board_member, plan=submitted, expected_sha256=submitted.versions.get().sha256)


# --- The decision record notes it ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_decision_notes_the_second_factor_and_the_chain_covers_it(client_of, org, board_member, or_member, submitted):
    org.require_second_factor = True
    org.save()
    client = client_of(board_member)
    set_up_app(client, board_member)  # setting up confirms this session
    assert client.get(approve_url(submitted)).status_code == 200
    assert approve(client, submitted).status_code == 302
    decision = Decision.objects.get()
    assert decision.second_factor is True
    assert content_of(decision)["second_factor"] is True  # sealed with the record
    assert verify_chains() == []
    page = client.get(reverse("plans:approval", kwargs={"plan": submitted.pk})).content.decode()
    assert "bevestigd met een tweede factor" in page

    # Switching the mark afterwards, as the database's owner could, is named.
    tamper("plans_decision", "UPDATE plans_decision SET second_factor = %s WHERE id = %s", [False, decision.pk])
    assert [f"#{decision.pk}" in str(finding) for finding in verify_chains()] == [True]


def test_without_a_second_factor_the_decision_says_so(org, author, board_member, or_member, var_member, cr_member):
    plan = factories.complete_plan(org, author)
    factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member, cr_member])
    assert set(Decision.objects.values_list("second_factor", flat=True)) == {False}
    statement = statements.issue_statement(actor=board_member, plan=plan, year=2028, text="Verklaring.",
                                           objectives_met=True)
    assert statement.second_factor is False


@pytest.mark.django_db(transaction=True)
def test_records_sealed_before_the_mark_existed_still_verify(monkeypatch, org, board_member, or_member, var_member, submitted):
    # What the migration leaves: a record whose hash was computed without the field, and a NULL
    # column. The empty value is not hashed, so its chain verifies as it did.
    monkeypatch.setattr(Decision, "CHAIN_EXCLUDE", ("second_factor",))
    lifecycle.approve_plan(actor=board_member, plan=submitted, expected_sha256=submitted.versions.get().sha256,
                           consent_deadlines={})
    monkeypatch.undo()
    decision = Decision.objects.get()
    tamper("plans_decision", "UPDATE plans_decision SET second_factor = NULL WHERE id = %s", [decision.pk])
    decision.refresh_from_db()
    assert decision.second_factor is None
    assert "second_factor" not in content_of(decision)
    assert verify_chains() == []


def test_the_pages_are_about_the_signed_in_persons_own_factor_only(client_of, board_member, or_member):
    other_device, _codes = set_up_app(client_of(or_member), or_member)
    client = client_of(board_member)  # the same test client, now signed in as another person
    assert "Authenticator-app instellen" in client.get(reverse("second_factor")).content.decode()
    # Somebody else's code removes nothing of theirs, and the anonymous get the login page.
    client.post(reverse("second_factor_remove"), {"code": code_of(other_device, steps_ahead=1)})
    assert TOTPDevice.objects.filter(user=or_member, confirmed=True).exists()
    client.logout()
    for name in ("second_factor", "second_factor_verify", "second_factor_codes", "second_factor_remove"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_author_is_sent_to_set_it_up_before_submitting_when_required(client_of, org, author):
    plan = factories.complete_plan(org, author)
    org.require_second_factor = True
    org.save()
    submit_url = reverse("plans:submit", kwargs={"plan": plan.pk})
    response = client_of(author).get(submit_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor") + "?next=")
    assert client_of(author).post(submit_url).status_code in (200, 302)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT  # R10: nothing submitted without the factor


def test_new_recovery_codes_only_in_a_session_confirmed_with_the_second_factor(client_of, board_member):
    """A stolen password alone cannot replace the recovery codes: the service refuses (the page
    sends the person to confirm the session first)."""
    device, codes = set_up_app(client_of(board_member), board_member)
    with pytest.raises(DomainError, match="Bevestig deze sessie eerst met uw tweede factor"):
        second_factor.recovery_codes_renew(actor=board_member)  # a user object without a confirmed device
    assert {c.code_hash for c in RecoveryCode.objects.filter(device__user=board_member)} == {
        RecoveryCode.hash(code) for code in codes}
    board_member.otp_device = device  # what django-otp's middleware sets in a confirmed session
    renewed = second_factor.recovery_codes_renew(actor=board_member)
    assert set(renewed).isdisjoint(codes) and len(renewed) == second_factor.RECOVERY_CODE_COUNT
