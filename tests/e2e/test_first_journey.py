"""Journey: the L&D author logs in, sees the dashboard in Dutch, switches to English, logs out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_author_logs_in_sees_dutch_dashboard_switches_to_english_and_logs_out(
    page, live_server, login, shot, author, plan
):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/account/inloggen/?next=/")
    expect(page.locator("h1")).to_have_text("Inloggen bij soplan")  # Dutch for everyone by default
    shot(page, "01-login")

    login(page, author)
    expect(page.locator("h1")).to_contain_text("Welkom")
    expect(page.get_by_role("heading", name="Zorggroep Test A")).to_be_visible()
    expect(page.get_by_role("link", name=plan.title, exact=True)).to_be_visible()
    expect(page.get_by_text("Wat u nu kunt doen")).to_be_visible()
    shot(page, "02-dashboard-nl")

    page.locator("#user-menu").click()
    page.locator('button[data-language="en"]').click()
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.get_by_text("What you can do next")).to_be_visible()
    shot(page, "03-dashboard-en")

    page.locator("#user-menu").click()
    page.locator("#logout-button").click()
    expect(page).to_have_url(f"{live_server.url}/account/inloggen/")
    # The choice is the user's: it is stored on the profile and survives the next login.
    login(page, author)
    expect(page.locator("h1")).to_contain_text("Welcome")


def test_someone_guessing_a_password_is_stopped_and_shown_the_way_out(page, live_server, shot, author):
    page.goto(f"{live_server.url}/account/inloggen/")
    for attempt in range(1, 6):
        page.fill("#id_username", author.username)
        page.fill("#id_password", f"gok-{attempt}")
        page.locator("form button[type=submit]").first.click()
        if attempt < 5:
            expect(page.get_by_role("alert")).to_contain_text("niet bekend")
    expect(page.locator("h1")).to_have_text("Te veel pogingen")
    expect(page.get_by_role("alert")).to_contain_text("5 keer achter elkaar onjuist")
    shot(page, "04-login-locked-out")

    # Even the right password is refused now; the page points to a new password instead.
    page.get_by_role("link", name="Terug naar inloggen").click()
    page.fill("#id_username", author.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text("Te veel pogingen")
    page.get_by_role("link", name="Nieuw wachtwoord kiezen").click()
    expect(page.locator("#id_email")).to_be_visible()
