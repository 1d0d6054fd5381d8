"""Journey: the L&D author logs in, sees the dashboard in Dutch, switches to English, logs out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

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
