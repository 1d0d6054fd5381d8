"""A second factor for those who sign (docs/security.md, "Strong sign-in for those who sign").

An organisation may require it (``Organisation.require_second_factor``) for the steps that sign
something in its name: the board's and the councils' decisions on a plan version (R9), the
board statement and its co-signatures (R11), and the author's submission of the plan and its
sending to the zorgkantoor (R10). The factor is an authenticator app (TOTP) through django-otp,
with recovery codes (:class:`stakeholders.models.RecoveryCodes`) for a lost phone.

Confirming is per session: django-otp's middleware puts the device that confirmed this session
on ``request.user.otp_device``. A service asks :func:`require` with its actor; the answer
(``"totp"``, ``"recovery"`` or ``""``) goes onto the decision record. Pages that lead to such a
step ask :func:`ask_for_second_factor` first, which sends the person to confirm and back.

Sign-in: whoever has set up an authenticator app is asked its code right after the password
(or after the organisation's own sign-in, OpenID Connect: soplan cannot tell whether that
provider asked a second factor, so it asks its own). :func:`mark_sign_in` notes at login that
the session still owes the code; :class:`stakeholders.middleware.SecondFactorSignInMiddleware`
sends such a session to the code page until it is given (no query per request).

Wrong codes are throttled per device by django-otp (exponential back-off, settings
``OTP_TOTP_THROTTLE_FACTOR`` and ``OTP_RECOVERY_THROTTLE_FACTOR``), on top of the password
throttling of django-axes.
"""

from __future__ import annotations

import base64
import secrets

import django_otp
import segno
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from soplan.errors import DomainError

from .models import Organisation, RecoveryCode, RecoveryCodes, SecondFactor

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_GROUPS = 4  # four groups of four base-32 characters: 80 random bits per code
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


SIGN_IN_PENDING = "soplan_second_factor_pending"  # session key: the code is still owed after sign-in


def mark_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: a person with an authenticator app owes its code next."""
    if request is not None and hasattr(request, "session") and has_second_factor(user):
        request.session[SIGN_IN_PENDING] = True


def sign_in_pending(request: HttpRequest) -> bool:
    return bool(request.session.get(SIGN_IN_PENDING)) if hasattr(request, "session") else False


# --- What the organisation asks and what this session has -------------------------------------


def app_of(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_of(user) -> RecoveryCodes | None:
    return RecoveryCodes.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return app_of(user) is not None


def used_in_session(actor) -> str:
    """How this session was confirmed (a :class:`SecondFactor` value), or "" when it was not.

    Reads what django-otp's middleware put on the request's user; a user object without it (a
    service called outside a request) has not confirmed anything."""
    device = getattr(actor, "otp_device", None)
    if device is None or device.user_id != actor.pk or not device.confirmed:
        return ""
    if isinstance(device, TOTPDevice):
        return SecondFactor.TOTP
    if isinstance(device, RecoveryCodes):
        return SecondFactor.RECOVERY
    return ""  # pragma: no cover - no other kind of device is installed


def require(actor, organisation: Organisation) -> str:
    """The second factor ``actor`` confirmed in this session, for the decision record; refused
    when the organisation requires one and the session has none. ``actor=None`` is the system
    (importer, demo seeder), which signs nothing in a person's name."""
    if actor is None:
        return ""
    used = used_in_session(actor)
    if used or not organisation.require_second_factor:
        return used
    if not has_second_factor(actor):
        raise DomainError(
            _(
                "%(org)s requires a second factor for this step. Set up an authenticator app on "
                "your account page first; nothing was recorded."
            )
            % {"org": organisation.name},
            code="second_factor_missing",
        )
    raise DomainError(
        _(
            "%(org)s requires a second factor for this step. Confirm with a code from your "
            "authenticator app first; nothing was recorded."
        )
        % {"org": organisation.name},
        code="second_factor_unconfirmed",
    )


def ask_for_second_factor(request: HttpRequest, organisation: Organisation) -> HttpResponse | None:
    """For a page that leads to a signing step: when the organisation requires a second factor
    and this session has none, send the person to confirm (or to set one up) and back here.

    Only on GET: a form that was posted is left to the service, which refuses with a message
    while the page keeps what was typed."""
    if request.method != "GET" or not organisation.require_second_factor or used_in_session(request.user):
        return None
    if has_second_factor(request.user):
        messages.info(request, _("%(org)s asks you to confirm this step with your authenticator app.")
                      % {"org": organisation.name})
        target = "second_factor_verify"
    else:
        messages.info(request, _("%(org)s asks you to set up an authenticator app before this step.")
                      % {"org": organisation.name})
        target = "second_factor"
    return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


# --- Setting up, confirming and removing ------------------------------------------------------


def app_start(*, user) -> TOTPDevice:
    """A new authenticator app, unconfirmed until the person types its first code. An earlier
    unconfirmed one is replaced (its QR code may have been seen by somebody else)."""
    if has_second_factor(user):
        raise DomainError(_("You already have an authenticator app. Remove it first to set up another."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=_("authenticator app"), confirmed=False)


def pending_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an SVG QR code in a data: URL for an <img> (CSP ``img-src``
    allows ``data:``), drawn here: no outside service, no script, no inline style."""
    code = segno.make(device.config_url, error="m")
    return code.svg_data_uri(scale=5, dark="#000", light="#fff")


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base 32, in groups of four, for an app that cannot scan."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _refuse_if_throttled(device) -> None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return
    seconds = 1
    if data and data.get("locked_until"):
        seconds = max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)
    raise DomainError(
        _("Too many wrong codes. Wait %(seconds)s seconds and try again.") % {"seconds": seconds},
        code="throttled",
    )


def app_confirm(*, user, token: str) -> list[str]:
    """The first right code confirms the app; the person gets new recovery codes (shown once)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise DomainError(_("Start setting up the authenticator app first."))
        _refuse_if_throttled(device)
        if not device.verify_token(_digits(token)):
            raise DomainError(_("That code is not right. Type the code your app shows now."), code="wrong_code")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return _new_recovery_codes(user)


def recovery_codes_renew(*, actor) -> list[str]:
    """New recovery codes on request; only in a session confirmed with the second factor, so
    that a stolen password alone cannot replace the codes."""
    if not used_in_session(actor):
        raise DomainError(_("Confirm this session with your second factor first."), code="unconfirmed")
    return _new_recovery_codes(actor)


def _new_recovery_codes(user) -> list[str]:
    """New recovery codes; the old ones stop working. Returned once, stored only as hashes."""
    codes = [
        "-".join("".join(secrets.choice(_ALPHABET) for _i in range(4)) for _g in range(RECOVERY_CODE_GROUPS))
        for _n in range(RECOVERY_CODE_COUNT)
    ]
    with transaction.atomic():
        RecoveryCodes.objects.filter(user=user).delete()
        device = RecoveryCodes.objects.create(user=user, name=_("recovery codes"), confirmed=True)
        for code in codes:
            RecoveryCode.objects.create(device=device, code_hash=RecoveryCode.hash(code))
    return codes


def _digits(token: str) -> str:
    return "".join(ch for ch in str(token or "") if not ch.isspace())


def check_code(*, user, token: str):
    """The device that accepts ``token`` (a code of the app, or a recovery code, used up by
    this); refused when the code is wrong or the device is throttled after wrong codes."""
    token = _digits(token)
    is_app_code = token.isdigit() and len(token) == 6
    device = app_of(user) if is_app_code else recovery_of(user)
    if device is None:
        if not has_second_factor(user):
            raise DomainError(_("You have no second factor set up."), code="no_device")
        raise DomainError(_("That code is not right. Type the code your app shows now."), code="wrong_code")
    _refuse_if_throttled(device)
    # django_otp.verify_token locks the device row, so one recovery code cannot be used twice
    # by two requests at once, and a throttle count cannot be lost.
    verified = django_otp.verify_token(user, device.persistent_id, token)
    if verified is None:
        raise DomainError(
            _("That code is not right. Type the code your app shows now, or an unused recovery code."),
            code="wrong_code",
        )
    return verified


def confirm_session(request: HttpRequest, *, token: str) -> str:
    """Confirm this session with a code; what the signing steps of the session will record."""
    device = check_code(user=request.user, token=token)
    django_otp.login(request, device)
    request.session.pop(SIGN_IN_PENDING, None)
    return used_in_session(request.user)


def remove(*, user, token: str) -> None:
    """Remove the app and the recovery codes, after a code proves the person holds them."""
    check_code(user=user, token=token)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodes.objects.filter(user=user).delete()


def codes_left(user) -> int:
    device = recovery_of(user)
    return device.codes.count() if device is not None else 0
