"""Journey: an invited person signs in with the organisation's account in Chromium, through a real
OpenID Connect provider on loopback (tests/oidc_provider); a stranger is turned away in Dutch."""

from __future__ import annotations

import secrets

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from stakeholders import services
from stakeholders.access import forget_roles, roles_of
from tests import factories
from tests.oidc_provider import run

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_ID = "soplan-journey"
CLIENT_SECRET = secrets.token_urlsafe(32)
PROVIDER_PASSWORD = "provider-password-123"


@pytest.fixture(scope="module")
def provider(tmp_path_factory, live_server):
    people = [
        {"email": "nieuw@example.test", "password": PROVIDER_PASSWORD},
        {"email": "onbekend@example.test", "password": PROVIDER_PASSWORD},
    ]
    with run.provider(tmp_path_factory.mktemp("oidc-journey"), client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                      redirect_uris=[f"{live_server.url}/account/organisatie/terug/"], people=people) as base:
        yield base


def at_the_provider(page, email: str) -> None:
    page.fill("#id_username", email)
    page.fill("#id_password", PROVIDER_PASSWORD)
    page.locator("button[type=submit]").click()


def test_an_invited_person_signs_in_with_the_organisation_account(page, live_server, provider, settings, shot):
    run.configure(settings, provider, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    org = factories.organisation()
    author = factories.person(org, roles=["author"], email="adviseur@example.test")
    services.person_invite(actor=author, organisation=org, email="nieuw@example.test", first_name="Nieuwe",
                           last_name="Collega", roles=["line_manager"], units=[org.units.get(code="team-1")])
    invited = get_user_model().objects.get(email="nieuw@example.test")
    users = get_user_model().objects.count()

    page.goto(f"{live_server.url}/account/inloggen/")
    button = page.get_by_role("link", name="Inloggen met uw organisatie-account")
    expect(button).to_be_visible()
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        shot(page, f"70-login-organisation-account-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})

    button.click()
    page.wait_for_url(f"{provider}/**")
    at_the_provider(page, "nieuw@example.test")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("#main")).to_contain_text(org.name)
    expect(page.locator("#main")).to_contain_text("Uw rollen: Lijnmanager")
    shot(page, "71-signed-in-with-organisation-account")
    forget_roles(invited)
    assert roles_of(invited, org) == {"line_manager"}
    assert get_user_model().objects.count() == users

    # Log out; a stranger at the same provider gets no account and a Dutch message.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_role("link", name="Inloggen met uw organisatie-account").click()
    page.wait_for_url(f"{provider}/**")
    at_the_provider(page, "onbekend@example.test")
    page.wait_for_url(f"{live_server.url}/account/inloggen/")
    expect(page.locator(".alert-danger")).to_contain_text("Er is geen account in soplan voor dit e-mailadres")
    shot(page, "72-organisation-account-unknown")
    assert not get_user_model().objects.filter(email="onbekend@example.test").exists()
    assert get_user_model().objects.count() == users
