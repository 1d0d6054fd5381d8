"""Journey (issue 15): the regional coordinator reads the demo region's dashboard, where one
member shares nothing; that member's board opts in to sharing its training quota and themes;
the coordinator sees its quota at once, and after the board withdraws, no longer."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from soplan.demo import seed
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

SILENT = "Zorggroep De Kaap"


def test_the_coordinator_sees_what_a_board_shares_and_nothing_after_it_withdraws(page, live_server, login, shot):
    seed()
    users = get_user_model().objects
    coordinator = users.get(username="coordinator@soplan.example")
    board = users.get(username="bestuurder@zorggroep-de-kaap.example")

    login(page, coordinator, settings.SOPLAN_DEMO_PASSWORD)
    page.get_by_role("link", name="Regio Zorg Midden").first.click()
    expect(page.locator("h1")).to_have_text("Regio Zorg Midden")
    expect(page.locator("#silent-members")).to_contain_text(SILENT)
    expect(page.locator("#quota tbody tr")).to_have_count(4)
    expect(page.locator("#quota")).not_to_contain_text(SILENT)
    expect(page.locator("#formation")).to_contain_text("Verzorgende IG (mbo 3)")
    expect(page.locator("#formation")).not_to_contain_text("Helpende")  # fewer than three organisations
    shot(page, "regional-01-dashboard-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "regional-02-dashboard-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.context.clear_cookies()
    login(page, board, settings.SOPLAN_DEMO_PASSWORD)
    page.get_by_role("link", name=SILENT).first.click()
    page.get_by_role("link", name="Delen met de regio").click()
    expect(page.locator("h1")).to_have_text("Delen met de regio")
    page.get_by_label("Opleidingsquote (BPV-plaatsen per 100 fte zorgpersoneel)").check()
    page.get_by_label("Gekozen thema's").check()
    shot(page, "regional-03-sharing-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "regional-04-sharing-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".alert-success")).to_contain_text("Wat uw organisatie met de regio deelt, is opgeslagen.")
    expect(page.get_by_label("Gekozen thema's")).to_be_checked()

    page.context.clear_cookies()
    login(page, coordinator, settings.SOPLAN_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/regio/regio-zorg-midden/")
    expect(page.locator("#quota tbody tr")).to_have_count(5)
    expect(page.locator("#quota")).to_contain_text(SILENT)
    # Plan texts stay out of reach: the coordinator has no role in the member.
    response = page.goto(f"{live_server.url}/o/zorggroep-de-kaap/")
    assert response.status == 404

    page.context.clear_cookies()
    login(page, board, settings.SOPLAN_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/o/zorggroep-de-kaap/regio-delen/")
    page.get_by_label("Opleidingsquote (BPV-plaatsen per 100 fte zorgpersoneel)").uncheck()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".alert-success")).to_be_visible()

    page.context.clear_cookies()
    login(page, coordinator, settings.SOPLAN_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/regio/regio-zorg-midden/")
    expect(page.locator("#quota tbody tr")).to_have_count(4)
    expect(page.locator("#quota")).not_to_contain_text(SILENT)


def test_the_coordinator_keeps_the_doe_agenda_and_a_member_links_an_intervention(page, live_server, login, shot):
    seed()
    users = get_user_model().objects
    coordinator = users.get(username="coordinator@soplan.example")
    author = users.get(username="adviseur@zorgcentrum-het-anker.example")

    login(page, coordinator, settings.SOPLAN_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/regio/regio-zorg-midden/")
    page.get_by_role("link", name="Doe-agenda").click()
    expect(page.locator("h1")).to_have_text("Doe-agenda")
    expect(page.locator("section", has_text="Regionale leerwerkplaatsen in de wijk")).to_contain_text("Thuiszorg De Linde:")
    page.get_by_label("Titel").fill("Gezamenlijke skillslab-dagen")
    page.get_by_label("Eigenaar").select_option(label="Zorgcentrum Het Anker")
    page.get_by_label("Zorgcentrum Het Anker").check()
    page.get_by_label("Effecthorizon").select_option(label="Kort (binnen 1 jaar)")
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(page.locator(".alert-success")).to_contain_text("De actie is aan de doe-agenda toegevoegd.")
    expect(page.locator("h2", has_text="Gezamenlijke skillslab-dagen")).to_be_visible()
    shot(page, "regional-05-agenda-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "regional-06-agenda-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.context.clear_cookies()
    login(page, author, settings.SOPLAN_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/o/zorgcentrum-het-anker/")
    page.get_by_role("link", name="Regionale doe-agenda").click()
    section = page.locator("section", has_text="Gezamenlijke skillslab-dagen")
    section.get_by_role("button", name="Koppelen").click()
    expect(page.locator(".alert-success")).to_contain_text("De leerinterventie is aan de regionale actie gekoppeld.")
    expect(page.locator("section", has_text="Gezamenlijke skillslab-dagen")).to_contain_text("Leerinterventie 1")
    shot(page, "regional-07-member-agenda-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "regional-08-member-agenda-390")


def test_the_coordinator_makes_the_regional_monitor_pdf_and_a_member_cannot_fetch_it(page, live_server, login, shot):
    from plans.models import Document
    from tests.plans.pdf_support import flat, pages_text

    seed()
    users = get_user_model().objects
    coordinator = users.get(username="coordinator@soplan.example")
    author = users.get(username="adviseur@zorgcentrum-het-anker.example")

    login(page, coordinator, settings.SOPLAN_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/regio/regio-zorg-midden/")
    expect(page.locator("#monitor-slot")).to_have_attribute("data-status", "none")
    page.get_by_label("Monitorjaar").fill("2027")
    page.get_by_role("button", name="Maak de regionale monitor (pdf)").click()
    expect(page.locator("#monitor-slot")).to_have_attribute("data-status", "ready", timeout=60_000)
    expect(page.locator("#download-monitor")).to_contain_text("Regionale monitor 2027")
    shot(page, "regional-09-monitor-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "regional-10-monitor-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_download() as info:
        page.locator("#download-monitor").click()
    content = open(info.value.path(), "rb").read()  # noqa: PTH123, SIM115 - the browser's temporary file
    (SCREENSHOTS / "regional-monitor-2027.pdf").write_bytes(content)  # to turn into images and look at
    text = flat(" ".join(pages_text(content)))
    assert "Regionale monitor 2027" in text and "Regio Zorg Midden" in text
    assert f"Niet meegeteld {SILENT}" in text  # named, never counted
    assert "Helpende" not in text  # a group of fewer than three organisations: only in the total
    document = Document.objects.get(region__slug="regio-zorg-midden")
    assert document.plan_id is None and document.sha256

    # A member's author: the region's monitor is not found (not even confirmed to exist).
    page.context.clear_cookies()
    login(page, author, settings.SOPLAN_DEMO_PASSWORD)
    response = page.goto(f"{live_server.url}/regio/regio-zorg-midden/monitor/{document.pk}/pdf/")
    assert response.status == 404
