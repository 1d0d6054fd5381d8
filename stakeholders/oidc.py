"""Sign in with the organisation's accounts: OpenID Connect through mozilla-django-oidc.

Off while ``OIDC_RP_CLIENT_ID`` is unset (settings.OIDC_ENABLED): the login page shows no button,
the two URLs answer 404 and the backend declines. When on, the authorization-code flow with PKCE
and a nonce runs against the organisation's provider (Microsoft Entra ID, or any other); the ID
token is checked against the provider's keys. Then a person is *matched*, never created: the
provider must vouch for the e-mail address (``email_verified``, or Entra ID's ``xms_edov``), and
exactly one active account in soplan must have that address — one somebody invited, with the roles
they were given there (stakeholders.onboarding). Nothing about the account or its roles changes.
An unknown or unconfirmed address gets no access and a Dutch message on the login page.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

# Why a sign-in was refused, left on the request for the callback view's message.
UNKNOWN, UNVERIFIED = "unknown", "unverified"


def _true(value) -> bool:
    """A claim that says yes: JSON true (some providers send the string "true" or 1)."""
    return value is True or value == 1 or (isinstance(value, str) and value.strip().lower() == "true")


def not_a_password_attempt(request, credentials) -> bool:
    """For django-axes: the organisation sign-in's callback, which guesses no password (settings)."""
    return bool(credentials) and "nonce" in credentials and "password" not in credentials


class Backend(OIDCAuthenticationBackend):
    """Matches the provider's verified e-mail address to one existing, active account."""

    def __init__(self, *args, **kwargs):
        self.enabled = settings.OIDC_ENABLED
        if self.enabled:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce; a password login never reaches the provider.
        if not self.enabled or request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_userinfo(self, access_token, id_token, payload):
        """The user-info claims, completed with those of the (verified) ID token: Entra ID says
        whether the address's domain is the organisation's own only in the ID token."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("user-info is about somebody else than the ID token")
        return {**payload, **userinfo}

    def verify_claims(self, claims):
        if not claims.get("email"):
            self.request.oidc_refusal = UNVERIFIED
            return False
        if not (_true(claims.get("email_verified")) or _true(claims.get("xms_edov"))):
            self.request.oidc_refusal = UNVERIFIED
            return False
        return True

    def filter_users_by_claims(self, claims):
        users = self.UserModel.objects.filter(email__iexact=claims["email"].strip(), is_active=True)
        if not users:
            self.request.oidc_refusal = UNKNOWN
            logger.info("organisation sign-in refused: no active account for that e-mail address")
        return users

    def create_user(self, claims):  # OIDC_CREATE_USER is False; this is the second lock
        raise SuspiciousOperation("soplan never creates accounts from a sign-in")

    def update_user(self, user, claims):
        return user  # name, roles and address stay as soplan has them

    def get_user(self, user_id):
        # As for passwords: a deactivated account's session ends (the library's own skips that).
        return ModelBackend.get_user(self, user_id)


class AuthenticateView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and PKCE challenge kept in the session)."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; a refusal goes to the login page with why."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_URL)

    def login_failure(self):
        reason = getattr(self.request, "oidc_refusal", None)
        if reason == UNKNOWN:
            text = _(
                "There is no account in soplan for this e-mail address. Ask the L&D adviser of your "
                "organisation to invite you; until then you cannot sign in."
            )
        elif reason == UNVERIFIED:
            text = _(
                "Your organisation's account did not confirm your e-mail address, so soplan cannot "
                "sign you in with it. Ask your IT department, or log in with your password."
            )
        else:
            text = _("Signing in with your organisation account did not succeed. Try again, or log in with your password.")
        messages.error(self.request, text)
        return HttpResponseRedirect(self.failure_url)


class LoginView(auth_views.LoginView):
    """The password login, with the organisation-account button when OpenID Connect is set up."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(oidc_enabled=settings.OIDC_ENABLED, **kwargs)


authenticate_view = login_not_required(AuthenticateView.as_view())
callback_view = login_not_required(CallbackView.as_view())
