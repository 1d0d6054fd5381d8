"""Journey: the L&D author maintains the organisation: a unit, a function group, a new person."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def save(page) -> None:
    page.locator("#main form button.btn-primary[type=submit]").click()


def test_the_author_sets_up_units_function_groups_and_people(page, live_server, login, shot, author, org, or_member):
    login(page, author)
    page.click(f"nav a[href='/o/{org.slug}/']")
    shot(page, "30-organisation")

    page.click(f"a[href='/o/{org.slug}/eenheden/nieuw/']")
    page.fill("#id_name", "Wijkteam Oost")
    page.fill("#id_code", "wijk-oost")
    page.fill("#id_fte", "23.5")
    save(page)
    expect(page.locator("#units")).to_contain_text("Wijkteam Oost")

    page.click(f"a[href='/o/{org.slug}/functiegroepen/nieuw/']")
    page.fill("#id_name", "Helpende Zorg en Welzijn")
    page.fill("#id_code", "helpende")
    page.select_option("#id_qualification_level", "mbo2")
    save(page)
    expect(page.locator("#function-groups")).to_contain_text("Helpende Zorg en Welzijn")

    page.click(f"a[href='/o/{org.slug}/mensen/nieuw/']")
    page.fill("#id_first_name", "Manager")
    page.fill("#id_last_name", "Wijkteam Oost")
    page.fill("#id_email", "manager.oost@example.test")
    page.check("input[name=roles][value=line_manager]")
    page.get_by_label("Wijkteam Oost", exact=True).check()
    shot(page, "31-person-add")
    save(page)
    expect(page.locator("#people")).to_contain_text("manager.oost@example.test")
    shot(page, "32-organisation-after")
    assert mail.outbox and mail.outbox[-1].to == ["manager.oost@example.test"]

    # A council member reads the same page without any edit controls.
    page.context.clear_cookies()
    login(page, or_member)
    page.goto(f"{live_server.url}/o/{org.slug}/")
    expect(page.locator(f"a[href='/o/{org.slug}/eenheden/nieuw/']")).to_have_count(0)
    expect(page.locator("#units")).to_contain_text("Wijkteam Oost")
