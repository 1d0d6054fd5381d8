"""Sign in with the organisation's accounts (issue 14), against a real OpenID Connect provider.

The provider is tests/oidc_provider (django-oauth-toolkit with OIDC), run as its own process on a
free loopback port, with its own SQLite file and an RSA key made for this run. soplan's side is
the Django test client; the browser's part at the provider (its login form, the authorization
endpoint) is a requests session that follows the redirects. Code flow with PKCE and a nonce; the
ID token is RS256, checked against the provider's JWKS. Nothing is mocked.
"""

from __future__ import annotations

import secrets
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from stakeholders import services
from stakeholders.access import forget_roles, roles_of
from stakeholders.models import Membership
from tests import factories
from tests.oidc_provider import run

pytestmark = pytest.mark.django_db

CLIENT_ID = "soplan-test"
CLIENT_SECRET = secrets.token_urlsafe(32)
PROVIDER_PASSWORD = "provider-password-123"
CALLBACK = "http://testserver/account/organisatie/terug/"
INVITED = "invited.person@example.test"
UNKNOWN = "stranger@example.test"
UNVERIFIED = "unconfirmed@example.test"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The provider's base URL; its process ends with the module."""
    people = [
        {"email": "Invited.Person@Example.test", "password": PROVIDER_PASSWORD},  # case differs from soplan's
        {"email": UNKNOWN, "password": PROVIDER_PASSWORD},
        {"email": UNVERIFIED, "password": PROVIDER_PASSWORD, "last_name": "unverified"},
    ]
    with run.provider(tmp_path_factory.mktemp("oidc-provider"), client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                      redirect_uris=[CALLBACK], people=people) as base:
        yield base


@pytest.fixture
def oidc(provider, settings):
    run.configure(settings, provider, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    return provider


def sign_in_at_provider(client: Client, provider: str, email: str, next_url: str = ""):
    """Click the button, sign in at the provider, come back: soplan's answer to the callback."""
    start = client.get(reverse("oidc_authentication_init"), {"next": next_url} if next_url else {})
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(provider)
    assert "code_challenge=" in authorize and "code_challenge_method=S256" in authorize and "nonce=" in authorize

    browser = requests.Session()
    url = authorize
    for _ in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "<form" in response.text:  # the provider's login form
            response = browser.post(
                response.url,
                data={"username": email, "password": PROVIDER_PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                      "next": urlsplit(authorize).path + "?" + urlsplit(authorize).query},
                headers={"Referer": response.url},
                allow_redirects=False,
                timeout=10,
            )
        assert response.status_code == 302, response.text[:500]
        url = urljoin(response.url, response.headers["Location"])
        if url.startswith(CALLBACK):
            break
    else:
        raise AssertionError("the provider never sent the browser back")
    parts = urlsplit(url)
    assert "code=" in parts.query and "state=" in parts.query
    return client.get(f"{parts.path}?{parts.query}")


def test_an_invited_person_signs_in_with_exactly_the_roles_they_were_given(oidc, org, author):
    # R: people get roles only from their organisation; an invitation is how they come in.
    services.person_invite(
        actor=author, organisation=org, email=INVITED, first_name="Nieuwe", last_name="Collega", roles=["viewer"]
    )
    invited = get_user_model().objects.get(email=INVITED)
    assert not invited.has_usable_password()  # has not accepted the invitation by password
    users_before = get_user_model().objects.count()
    memberships_before = list(Membership.objects.filter(user=invited).values_list("organisation_id", "role"))

    client = Client()
    back = sign_in_at_provider(client, oidc, INVITED)

    assert back.status_code == 302
    assert back["Location"] == reverse("plans:dashboard")
    assert int(client.session["_auth_user_id"]) == invited.pk
    dashboard = client.get(back["Location"])
    assert dashboard.status_code == 200
    assert org.name in dashboard.content.decode()
    invited.refresh_from_db()
    forget_roles(invited)
    assert roles_of(invited, org) == {"viewer"}
    assert get_user_model().objects.count() == users_before
    assert list(Membership.objects.filter(user=invited).values_list("organisation_id", "role")) == memberships_before
    assert not invited.is_staff and not invited.is_superuser
    # A viewer may not write: the role decides, not the way of signing in.
    assert client.get(reverse("plans:plan_create", kwargs={"org": org.slug})).status_code == 403


def test_the_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(oidc, org, author):
    factories.person(org, roles=["viewer"], email=INVITED)
    wanted = reverse("stakeholders:organisation", kwargs={"org": org.slug})
    login_page = Client().get(reverse("login"), {"next": wanted}).content.decode()
    assert f'{reverse("oidc_authentication_init")}?next={wanted}"' in login_page  # the button passes it on
    assert sign_in_at_provider(Client(), oidc, INVITED, next_url=wanted)["Location"] == wanted
    elsewhere = sign_in_at_provider(Client(), oidc, INVITED, next_url="https://evil.example/")
    assert elsewhere["Location"] == reverse("plans:dashboard")


def test_an_unknown_address_gets_no_account_no_access_and_a_dutch_message(oidc, org):
    users_before = get_user_model().objects.count()
    client = Client()

    back = sign_in_at_provider(client, oidc, UNKNOWN)

    assert back.status_code == 302
    assert back["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == users_before
    assert not get_user_model().objects.filter(email__iexact=UNKNOWN).exists()
    page = client.get(back["Location"]).content.decode()
    assert "Er is geen account in soplan voor dit e-mailadres" in page
    assert client.get(reverse("plans:dashboard")).status_code == 302  # back to the login page


def test_an_address_the_provider_does_not_vouch_for_signs_nobody_in(oidc, org):
    account = factories.person(org, roles=["author"], email=UNVERIFIED)
    client = Client()

    back = sign_in_at_provider(client, oidc, UNVERIFIED)

    assert back["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert "niet bevestigd" in client.get(back["Location"]).content.decode()
    account.refresh_from_db()
    assert account.last_login is None


def test_a_deactivated_account_cannot_sign_in_with_the_organisation_account(oidc, org):
    account = factories.person(org, roles=["author"], email=INVITED)
    account.is_active = False
    account.save()
    client = Client()

    back = sign_in_at_provider(client, oidc, INVITED)

    assert back["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_refused_organisation_sign_ins_do_not_lock_out_the_address_or_anybody(oidc, org, author):
    from axes.models import AccessAttempt

    for _ in range(django_settings.AXES_FAILURE_LIMIT + 1):  # behind a proxy: one address for all
        back = sign_in_at_provider(Client(), oidc, UNKNOWN)
        assert back["Location"] == reverse("login")
    assert AccessAttempt.objects.count() == 0
    services.person_invite(
        actor=author, organisation=org, email=INVITED, first_name="Nieuwe", last_name="Collega", roles=["viewer"]
    )
    assert sign_in_at_provider(Client(), oidc, INVITED)["Location"] == reverse("plans:dashboard")
    # Passwords are still counted: the throttle itself is untouched.
    Client().post(reverse("login"), {"username": author.username, "password": "verkeerd"})
    assert AccessAttempt.objects.count() == 1


def test_local_passwords_keep_working_next_to_the_organisation_account(oidc, author):
    client = Client()
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen met uw organisatie-account" in page

    response = client.post(reverse("login"), {"username": author.username, "password": factories.PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:dashboard")
    assert int(client.session["_auth_user_id"]) == author.pk
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


def test_without_configuration_there_is_no_button_and_no_organisation_sign_in(settings):
    settings.OIDC_ENABLED = False
    client = Client()
    assert "organisatie-account" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback") + "?code=x&state=y").status_code == 404


def test_after_the_organisation_sign_in_the_authenticator_app_is_still_asked(oidc, org):
    # docs/security.md, "Strong sign-in for those who sign": soplan cannot tell whether the
    # provider asked a second factor, so whoever set up an app here gives its code here too.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    person = factories.person(org, roles=["author"], email=INVITED)
    TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    client = Client()
    back = sign_in_at_provider(client, oidc, INVITED)
    assert back["Location"] == reverse("plans:dashboard")
    dashboard = client.get(back["Location"])
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(reverse("second_factor_verify"))
