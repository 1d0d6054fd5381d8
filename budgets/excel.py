"""The budget as an Excel workbook (openpyxl), for people who work on in Excel.

Sheets: the overview per funding source and per theme (ingredient 9), planned vs realised, the
cost estimate (R7) and one sheet per year of the operational year plan. Every sheet has a
bold, frozen header row and euro number formats. Inputs are values; the costs of a row and all
totals are formulas, written with ROUND(…, 2) exactly as ``YearPlanLine`` computes them, so
the workbook shows the same amounts as the screen and the JSON, to the cent.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from soplan.text import clean_text

from .selectors import BudgetContent, Row, year_rows

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO = '"€" #,##0.00'
HOURS = "0.00"
INTEGER = "0"
HEADER_FILL = PatternFill("solid", fgColor="DCE8EE")
HEADER_FONT = Font(bold=True)
TOTAL_FONT = Font(bold=True)
TOTAL_BORDER = Border(top=Side(style="thin"))
HEADER_BORDER = Border(bottom=Side(style="thin"))


def _typed_row(sheet: Worksheet, row: int, values: list, typed: tuple[int, ...] | range) -> None:
    """Append ``values`` as row ``row``; the ``typed`` columns (1-based) hold what people typed.

    The one place where typed text enters the workbook. It loses control characters (openpyxl
    refuses them, and text stored before the forms cleaned their input may hold them), and it
    stays text: openpyxl turns any string starting with "=" into a live formula, and a title such
    as =HYPERLINK("https://…") must not become one (formula injection).
    """
    sheet.append([_text(value) if column in typed else value for column, value in enumerate(values, start=1)])
    for column in typed:
        cell = sheet.cell(row=row, column=column)
        if cell.data_type == "f":
            cell.data_type = "s"


def _text(value):
    return clean_text(value) if isinstance(value, str) else value


def _header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    assert len(titles) == len(widths)
    _typed_row(sheet, 1, titles, range(1, len(titles) + 1))  # funding sources' names are typed by an administrator
    for column, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[1].height = 32


def _format(sheet: Worksheet, row: int, columns: range, number_format: str) -> None:
    for column in columns:
        sheet.cell(row=row, column=column).number_format = number_format


def _total_row(sheet: Worksheet, row: int, label_column: int, label: str, sum_columns: list[int], first: int, last: int,
               formats: dict[int, str]) -> None:
    sheet.cell(row=row, column=label_column, value=label)
    for column in sum_columns:
        letter = get_column_letter(column)
        sheet.cell(row=row, column=column, value=f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0)
    for column in range(1, sheet.max_column + 1):
        cell = sheet.cell(row=row, column=column)
        cell.font = TOTAL_FONT
        cell.border = TOTAL_BORDER
        if column in formats:
            cell.number_format = formats[column]


def _year_table(sheet: Worksheet, rows: list[Row], years: list[int], name_title: str) -> None:
    """Code | name | one column per year | total (formula); a total row with formulas."""
    _header(sheet, [_("Code"), name_title, *map(str, years), _("Total")], [10, 48, *([15] * len(years)), 16])
    for n, row in enumerate(rows, start=2):
        _typed_row(sheet, n, [row.code or "", row.name, *(row.amounts.get(y, Decimal(0)) for y in years)], (1, 2))
        last_year = get_column_letter(2 + len(years))
        sheet.cell(row=n, column=3 + len(years), value=f"=SUM(C{n}:{last_year}{n})")
        _format(sheet, n, range(3, 4 + len(years)), EURO)
    last = len(rows) + 1
    money_columns = list(range(3, 4 + len(years)))
    _total_row(sheet, last + 1, 2, _("Total"), money_columns, 2, last, dict.fromkeys(money_columns, EURO))
    sheet.freeze_panes = "C2"


def _year_plan_sheet(sheet: Worksheet, budget: BudgetContent, year: int) -> None:
    sources = budget.offered_sources(year)
    titles = [
        _("Code"), _("Learning intervention"), _("Theme"), _("Planning"), _("Participants"),
        _("Function or profession profile"), _("Learning outcome"), _("Cost per participant"),
        _("Training costs"), _("Replacement hours per participant"), _("Hourly rate"),
        _("Replacement costs"), _("Other costs"), _("Total"),
        *(s.name for s in sources),
        _("Not yet assigned"), _("Participants realised"), _("Costs realised"),
    ]
    widths = [8, 40, 10, 12, 12, 28, 40, 14, 14, 14, 12, 14, 14, 15, *([15] * len(sources)), 15, 13, 15]
    _header(sheet, titles, widths)
    first_source = 15
    last_source = first_source + len(sources) - 1
    unassigned_col = last_source + 1
    rows = year_rows(budget, year)
    for n, row in enumerate(rows, start=2):
        line = row.line
        funding = dict((s.pk, a) for s, a in row.funding)
        values = [
            row.intervention.code,
            row.intervention.title,
            row.theme.code if row.theme else "",
            line.planning if line else "",
            line.participants if line else None,
            row.profile,
            row.learning_outcome,
            line.cost_per_participant if line else None,
            f"=ROUND(E{n}*H{n},2)",
            line.replacement_hours if line else None,
            line.hourly_rate if line else None,
            f"=ROUND(E{n}*J{n}*K{n},2)",
            line.other_costs if line else None,
            f"=I{n}+L{n}+M{n}",
            *(funding.get(s.pk) for s in sources),
        ]
        _typed_row(sheet, n, values, (1, 2, 3, 4, 6, 7))
        source_range = (
            f"SUM({get_column_letter(first_source)}{n}:{get_column_letter(last_source)}{n})" if sources else "0"
        )
        sheet.cell(row=n, column=unassigned_col, value=f"=N{n}-{source_range}")
        sheet.cell(row=n, column=unassigned_col + 1, value=line.realised_participants if line else None)
        sheet.cell(row=n, column=unassigned_col + 2, value=line.realised_amount if line else None)
        for column in (7,):
            sheet.cell(row=n, column=column).alignment = Alignment(wrap_text=True, vertical="top")
        _format(sheet, n, range(5, 6), INTEGER)
        _format(sheet, n, range(8, 10), EURO)
        _format(sheet, n, range(10, 11), HOURS)
        _format(sheet, n, range(11, unassigned_col + 1), EURO)
        _format(sheet, n, range(unassigned_col + 1, unassigned_col + 2), INTEGER)
        _format(sheet, n, range(unassigned_col + 2, unassigned_col + 3), EURO)
    last = len(rows) + 1
    euro_columns = [9, 12, 13, 14, *range(first_source, unassigned_col + 1), unassigned_col + 2]
    formats = dict.fromkeys(euro_columns, EURO) | {5: INTEGER, unassigned_col + 1: INTEGER}
    _total_row(sheet, last + 1, 2, _("Total"), [5, *euro_columns, unassigned_col + 1], 2, last, formats)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(unassigned_col + 2)}{max(last, 1)}"


def _estimate_sheet(sheet: Worksheet, budget: BudgetContent) -> None:
    years = budget.years
    _header(sheet, [_("Code"), _("Theme or objective"), *map(str, years), _("Total")], [10, 60, *([15] * len(years)), 16])
    n = 1
    as_a_whole = _("the theme as a whole")  # translated here: gettext does not look inside f-strings
    for theme in budget.content.themes:
        for objective in [None, *budget.content.objectives_by_theme.get(theme.pk, [])]:
            n += 1
            label = (
                f"{theme.title} – {as_a_whole}" if objective is None
                else "    " + Truncator(objective.description).words(20, truncate=" …")
            )
            amounts = []
            for year in years:
                estimate = budget.estimate_for(theme.pk, objective.pk if objective else None, year)
                amounts.append(estimate.amount if estimate else None)
            _typed_row(sheet, n, [(objective or theme).code, label, *amounts], (1, 2))
            last_year = get_column_letter(2 + len(years))
            sheet.cell(row=n, column=3 + len(years), value=f"=SUM(C{n}:{last_year}{n})")
            _format(sheet, n, range(3, 4 + len(years)), EURO)
            if objective is None:
                sheet.cell(row=n, column=2).font = Font(bold=True)
    money_columns = list(range(3, 4 + len(years)))
    _total_row(sheet, n + 1, 2, _("Total"), money_columns, 2, n, dict.fromkeys(money_columns, EURO))
    sheet.freeze_panes = "C2"


def _realised_sheet(sheet: Worksheet, budget: BudgetContent) -> None:
    _header(
        sheet,
        [_("Year"), _("Planned"), _("Rows with realised figures"), _("Planned on those rows"), _("Realised"), _("Difference")],
        [10, 16, 14, 18, 16, 16],
    )
    for n, figures in enumerate(budget.all_years(), start=2):
        sheet.append([figures.year, figures.total, figures.realised_lines, figures.realised_planned, figures.realised, f"=E{n}-D{n}"])
        _format(sheet, n, range(2, 3), EURO)
        _format(sheet, n, range(4, 7), EURO)
    last = len(budget.years) + 1
    _total_row(sheet, last + 1, 1, _("Total"), [2, 3, 4, 5, 6], 2, last, {2: EURO, 3: INTEGER, 4: EURO, 5: EURO, 6: EURO})
    sheet.freeze_panes = "B2"


def _sheet_title(text: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]


def workbook(budget: BudgetContent) -> bytes:
    book = Workbook()
    by_source = book.active
    by_source.title = _sheet_title(_("Per funding source"))
    _year_table(by_source, budget.by_source(), budget.years, _("Funding source"))
    _year_table(book.create_sheet(_sheet_title(_("Per theme"))), budget.by_theme(), budget.years, _("Theme"))
    _realised_sheet(book.create_sheet(_sheet_title(_("Planned and realised"))), budget)
    _estimate_sheet(book.create_sheet(_sheet_title(_("Cost estimate (R7)"))), budget)
    for year in budget.years:
        _year_plan_sheet(book.create_sheet(_sheet_title(_("Year plan %(year)s") % {"year": year})), budget, year)
    book.properties.title = _text(f"{budget.plan.title} – {budget.plan.organisation.name}")
    book.properties.creator = "soplan"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
