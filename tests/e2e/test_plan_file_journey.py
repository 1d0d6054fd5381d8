"""Journey: an L&D author downloads a plan as its plan file and imports it into another
organisation: a file with a problem is refused with its place in the file, the corrected file is
previewed and becomes a concept plan (issue 14)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from stakeholders import services as org_services
from tests import factories
from tests.e2e.test_onboarding_journey import both_widths

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_plan_file_travels_from_one_organisation_to_another(page, live_server, login, shot, tmp_path):
    org = factories.organisation(slug="org-a", name="Zorggroep Bron")
    author = factories.person(org, roles=["author"], email="bron@example.test")
    plan = factories.complete_plan(org, author)
    other = factories.organisation(slug="org-b", name="Zorggroep Doel")
    # The same author also works for the second organisation (a shared L&D service).
    org_services.person_set_roles(actor=None, organisation=other, user=author, roles=["author"], units=[], bodies={})
    factories.forget_roles(author)

    login(page, author)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/documenten/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Planbestand downloaden (.json)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["plan"]["title"] == plan.title

    broken = dict(document, plan=dict(document["plan"], title=""))
    broken_file = tmp_path / "kapot.json"
    broken_file.write_text(json.dumps(broken), encoding="utf-8")
    page.goto(f"{live_server.url}/o/{other.slug}/plannen/nieuw/")
    page.get_by_role("link", name="Planbestand importeren").click()
    page.set_input_files("#id_file", str(broken_file))
    page.get_by_role("button", name="Bestand controleren").click()
    problems = page.locator("table")
    expect(problems).to_contain_text("plan.title")
    expect(problems).to_contain_text("mag niet leeg zijn")
    both_widths(page, shot, "plan-file-01-problems")
    assert not other.plans.exists()

    # The upload form is shown again below the problems.
    page.set_input_files("#id_file", str(saved))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("heading", name=f"Voorbeeld van {saved.name}")).to_be_visible()
    both_widths(page, shot, "plan-file-02-preview")
    page.get_by_role("button", name="Importeren als nieuw conceptplan").click()
    expect(page.locator(".alert-success, .toast, [role=status]").first).to_contain_text("geïmporteerd als nieuw conceptplan")
    imported = other.plans.get()
    assert imported.title == plan.title and imported.themes.count() == plan.themes.count()
    both_widths(page, shot, "plan-file-03-imported")
