"""Journey: the L&D author fills a year of the operational year plan, gets a funding split that does
not add up refused without losing the input, fixes it, looks at the overview and downloads the
Excel; a board member reads the same figures but cannot change them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from budgets.models import FundingSource, YearPlanLine
from budgets.reference import ensure_reference_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sources(transactional_db):
    ensure_reference_data()  # the flush of an earlier browser test removes the migration's rows
    return {s.code: s for s in FundingSource.objects.all()}


def test_author_fills_a_year_fixes_a_split_sees_the_overview_and_downloads_excel(
    page, live_server, login, shot, author, plan, sources, tmp_path
):
    intervention = plan.interventions.get(code="L1")
    org, extra = sources["organisatiebudget"], sources["extra-middelen-wlz"]
    login(page, author)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/")
    page.locator(".step-nav").get_by_role("link", name="Opleidingsjaarplan").click()
    expect(page.locator("h1")).to_contain_text("Opleidingsjaarplan")
    page.locator("#year-2027").get_by_role("link", name="2027 invullen").click()
    expect(page.locator("h1")).to_contain_text("Opleidingsjaarplan 2027")
    row = page.locator(f"#line-{intervention.pk}")
    expect(row).to_contain_text("Nog geen cijfers.")
    expect(page.locator(".step-nav a", has_text="Opleidingsjaarplan").locator(".badge")).to_contain_text("2")
    shot(page, "budget-01-year-plan-empty")

    # Inline editor (htmx): the defaults come from the intervention.
    row.locator("a[data-hx-get]").click()
    editor = page.locator(f"#line-{intervention.pk}.line-editor")
    expect(editor).to_be_visible()
    expect(editor.locator('[name="profile"]')).to_have_value("Verzorgende IG")
    editor.locator('[name="start_month"]').select_option("3")
    editor.locator('[name="end_month"]').select_option("6")
    editor.locator('[name="participants"]').fill("10")
    editor.locator('[name="cost_per_participant"]').fill("100")
    editor.locator('[name="replacement_hours"]').fill("4")
    editor.locator('[name="hourly_rate"]').fill("35")
    editor.locator('[name="other_costs"]').fill("500")
    editor.locator(f'[name="f_{org.pk}"]').fill("2000")
    expect(editor.locator("[data-line-total]")).to_contain_text("2.900,00")
    expect(editor.locator("[data-line-rest]")).to_contain_text("900,00")
    editor.locator("button[type=submit]").click()

    # Refused: the split does not add up; everything typed is still there.
    editor = page.locator(f"#line-{intervention.pk}.line-editor")
    expect(editor.locator("#form-errors")).to_contain_text("moet optellen tot het totaal")
    expect(editor.locator('[name="participants"]')).to_have_value("10")
    expect(editor.locator(f'[name="f_{org.pk}"]')).to_have_value("2000")
    assert not YearPlanLine.objects.exists()
    shot(page, "budget-02-split-refused")

    # Fixed: the rest goes to the extra middelen.
    editor.locator(f'[data-fill-rest="f_{extra.pk}"]').click()
    expect(editor.locator(f'[name="f_{extra.pk}"]')).to_have_value("900.00")
    expect(editor.locator("[data-line-rest]")).to_contain_text("0,00")
    editor.locator("button[type=submit]").click()
    row = page.locator(f"#line-{intervention.pk}.line-row")
    expect(row).to_contain_text("€\u00a02.900,00")
    expect(row).to_contain_text("Extra middelen Wlz")
    expect(page.locator("#year-total")).to_have_text("€\u00a02.900,00")
    expect(page.locator("#year-status")).to_contain_text("opgeslagen")
    expect(page.locator("#year-stats")).to_contain_text("€\u00a02.900")  # the cards follow the save
    yearplan_nav = page.locator(".step-nav a", has_text="Opleidingsjaarplan")
    expect(yearplan_nav.locator(".badge")).to_contain_text("1")  # only 2028 is still open (was 2)
    saved = YearPlanLine.objects.get()
    assert (saved.total, saved.start_month, saved.end_month) == (Decimal("2900.00"), 3, 6)
    assert {f.source.code: f.amount for f in saved.funding.all()} == {
        "organisatiebudget": Decimal("2000.00"), "extra-middelen-wlz": Decimal("900.00"),
    }
    shot(page, "budget-03-year-plan-saved")

    # The overview with its charts, then the Excel download.
    page.get_by_role("link", name="Totaaloverzicht", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Totaaloverzicht subsidiabele kosten")
    expect(page.locator("#costs-total")).to_have_text("€\u00a02.900,00")
    expect(page.locator("svg.chart").first).to_be_visible()
    shot(page, "budget-04-overview")
    with page.expect_download() as download_info:
        page.locator("#excel-download").click()
    download = download_info.value
    assert download.suggested_filename == f"begroting-{plan.organisation.slug}-2027-2030.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    book = load_workbook(path)
    sheet = book["Jaarplan 2027"]
    assert [sheet.cell(row=2, column=c).value for c in (1, 5, 8)] == ["L1", 10, 100]
    assert sheet["N2"].value == "=I2+L2+M2"


def test_a_board_member_reads_the_budget_but_cannot_edit_it(
    page, live_server, login, shot, author, board_member, plan, sources
):
    from budgets import services

    intervention = plan.interventions.get(code="L1")
    services.line_save(
        actor=author, plan=plan, intervention=intervention, year=2027,
        funding={sources["organisatiebudget"]: Decimal("1000.00")},
        participants=10, cost_per_participant=Decimal("100.00"),
    )
    login(page, board_member)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/begroting/jaarplan/2027/")
    row = page.locator(f"#line-{intervention.pk}")
    expect(row).to_contain_text("€\u00a01.000,00")
    expect(row.locator("a")).to_have_count(0)  # no edit link
    expect(page.get_by_role("link", name="Deze cijfers naar 2028 kopiëren")).to_have_count(0)
    shot(page, "budget-05-board-reads")
    response = page.goto(f"{live_server.url}/plannen/{plan.pk}/begroting/jaarplan/2027/{intervention.pk}/")
    assert response.status == 403
