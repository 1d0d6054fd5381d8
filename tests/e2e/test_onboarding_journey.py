"""Journey: the operator starts "a new organisation" without /admin/; its first L&D author
follows the invitation, chooses a password, goes through the set-up guide, imports units and
formation from an HR export (.xlsx) and reaches a plan draft."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from openpyxl import Workbook
from playwright.sync_api import expect

from plans.models import Plan
from stakeholders.models import Organisation
from tests import factories
from tests.mailcheck import NEW_PASSWORD, password_link

pytestmark = pytest.mark.django_db(transaction=True)


def workbook(path, headers, rows) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


def both_widths(page, shot, name: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_new_organisation_from_invitation_to_plan_draft(page, browser, live_server, login, shot, tmp_path):
    operator = factories.UserFactory(is_superuser=True, is_staff=True, email="beheer@example.test")
    login(page, operator)
    page.goto(f"{live_server.url}/beheer/organisatie-starten/")
    page.fill("#id_name", "a new organisation")
    page.fill("#id_first_name", "Eerste")
    page.fill("#id_last_name", "Adviseur")
    page.fill("#id_email", "adviseur@example.test")
    both_widths(page, shot, "60-organisation-start")
    page.locator("#main form button.btn-primary[type=submit]").click()
    expect(page.locator(".alert-success, .toast, [role=status]").first).to_contain_text("a new organisation")
    organisation = Organisation.objects.get(name="a new organisation")

    link = password_link(mail.outbox[-1].body)
    invitee = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL").new_page()
    invitee.goto(f"{live_server.url}{link}")
    invitee.fill("#id_new_password1", NEW_PASSWORD)
    invitee.fill("#id_new_password2", NEW_PASSWORD)
    invitee.locator("form button[type=submit]").click()
    expect(invitee).to_have_url(re.compile(rf"/o/{organisation.slug}/opzetten/$"))
    expect(invitee.locator("h1")).to_have_text("Opzetgids")
    both_widths(invitee, shot, "61-setup-guide-empty")

    # Step 1: the organisation's details.
    invitee.locator("#step-details a.btn").first.click()
    invitee.fill("#id_zorgkantoor", "Zorgkantoor Noord")
    invitee.check("#id_has_var")
    invitee.locator("#main form button.btn-primary[type=submit]").click()

    # Step 2: units from the HR export.
    invitee.goto(f"{live_server.url}/o/{organisation.slug}/opzetten/")
    invitee.locator("#step-units a.btn").first.click()
    units = workbook(tmp_path / "eenheden.xlsx", ["code", "naam", "onderdeel van (code)", "fte", "zorgpersoneel (ja/nee)"], [
        ["zorg", "Zorg", "", 0, "ja"], ["wg-1", "Woongroep 1", "zorg", 18.5, "ja"],
        ["wg-2", "Woongroep 2", "zorg", 12, "ja"], ["fin", "Financiën", "", 6, "nee"],
    ])
    invitee.set_input_files("#id_file", units)
    invitee.locator("#main form button.btn-primary[type=submit]").click()
    expect(invitee.locator("[role=status]")).to_be_visible()
    both_widths(invitee, shot, "62-import-units-preview")
    invitee.locator("button[name=confirm]").click()
    assert organisation.units.count() == 4

    # Function groups, by the same way.
    invitee.goto(f"{live_server.url}/o/{organisation.slug}/opzetten/")
    invitee.locator("#step-function_groups a.btn").first.click()
    groups = workbook(tmp_path / "functiegroepen.xlsx", ["code", "naam", "kwalificatieniveau"], [
        ["vig", "Verzorgende IG", "mbo 3"], ["vpk", "Verpleegkundige", "hbo"],
    ])
    invitee.set_input_files("#id_file", groups)
    invitee.locator("#main form button.btn-primary[type=submit]").click()
    invitee.locator("button[name=confirm]").click()
    invitee.goto(f"{live_server.url}/o/{organisation.slug}/opzetten/")
    expect(invitee.locator("#step-units .bi-check-circle-fill")).to_be_visible()
    both_widths(invitee, shot, "63-setup-guide-progress")

    # A plan draft, and its formation from the HR export (with one mistake first).
    invitee.click(f"a[href='/o/{organisation.slug}/plannen/nieuw/']")
    invitee.select_option("#id_start_year", "2027")
    invitee.select_option("#id_end_year", "2030")
    invitee.locator("#main form button.btn-primary[type=submit]").click()
    plan = Plan.objects.get(organisation=organisation)
    invitee.goto(f"{live_server.url}/plannen/{plan.pk}/formatie/")
    invitee.click("#figures-import")
    headers = ["organisatieonderdeel (code)", "functiegroep (code)", "FTE nu", "verloop per jaar (FTE)"]
    wrong = workbook(tmp_path / "formatie-fout.xlsx", headers, [["wg-1", "vig", "=cmd|' /C calc'!A0", 1], ["wg-9", "vpk", 4, 0]])
    invitee.set_input_files("#id_file", wrong)
    invitee.locator("#main form button.btn-primary[type=submit]").click()
    expect(invitee.locator("#problems")).to_contain_text("Rij 2, kolom FTE nu (C): Een formule is geen getal")
    expect(invitee.locator("#problems")).to_contain_text("Rij 3")
    both_widths(invitee, shot, "64-import-formation-problems")
    assert plan.formation_rows.count() == 0

    invitee.goto(f"{live_server.url}/plannen/{plan.pk}/importeren/formatie/")
    right = workbook(tmp_path / "formatie.xlsx", headers, [["wg-1", "vig", 12.5, 1], ["wg-2", "vpk", 4, 0.5]])
    invitee.set_input_files("#id_file", right)
    invitee.locator("#main form button.btn-primary[type=submit]").click()
    invitee.locator("button[name=confirm]").click()
    expect(invitee).to_have_url(re.compile(rf"/plannen/{plan.pk}/formatie/$"))
    assert plan.formation_rows.count() == 2
    both_widths(invitee, shot, "65-plan-formation-imported")
