"""The regional figures as an Excel workbook (the zero measurement and yearly monitoring of
seeds 001 and 003): the same tables as the dashboard, with the same suppression of small
groups. Values only, no formulas; every text cell stays text (formula injection: a member's or
function group's name such as =HYPERLINK(…) must not become a live formula)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from plans.regional.report import sections
from plans.regional.selectors import Breakdown, Dashboard
from soplan.text import clean_text

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER = "#,##0.0"


def _row(sheet: Worksheet, values: list, *, bold: bool = False) -> None:
    sheet.append([clean_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":  # text that looks like a formula stays text
            cell.data_type = "s"
        if isinstance(cell.value, int | float) or cell.data_type == "n":
            cell.number_format = NUMBER
        if bold:
            cell.font = Font(bold=True)


def _sheet(book: Workbook, title: str, headings: list[str]) -> Worksheet:
    sheet = book.create_sheet(title[:31])
    _row(sheet, headings, bold=True)
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 45
    return sheet


def _breakdown(book: Workbook, title: str, label: str, headings: list[str], breakdown: Breakdown | None) -> None:
    sheet = _sheet(book, title, [label, *headings, _("Organisations")])
    if breakdown is None:
        return
    for row in breakdown.rows:
        _row(sheet, [row.label, *row.values, row.organisations])
    if breakdown.hidden:
        _row(sheet, [_("Other groups (fewer than three organisations each)"), *breakdown.hidden, None])
    _row(sheet, [_("Total"), *breakdown.total, breakdown.organisations], bold=True)


def workbook(board: Dashboard, actions: list) -> bytes:
    book = Workbook()
    book.remove(book.active)
    quota = _sheet(book, _("Training quota"), [_("Organisation"), _("FTE care staff"), _("Internship places (BPV, FTE)"),
                                              _("Per 100 FTE")])
    for row in board.quota_rows:
        _row(quota, [row.name, row.care_fte, row.internship_places, row.quota])
    if board.quota_total:
        t = board.quota_total
        _row(quota, [_("Total"), t.care_fte, t.internship_places, t.quota], bold=True)
    for section in sections(board):  # the dashboard's and the monitor PDF's tables
        _breakdown(book, section["title"], section["label"], section["headings"], section["breakdown"])
    agenda = _sheet(book, _("Doe-agenda"), [_("Title"), _("Owner"), _("Effect horizon"), _("Status"), _("Taking part"),
                                            _("Contributions of the members")])
    for action in actions:
        _row(agenda, [
            action.title, action.owner.name, str(action.get_horizon_display()), str(action.get_status_display()),
            ", ".join(o.name for o in action.participants.all()),
            "; ".join(f"{c.organisation.name}: {c.intervention_code} {c.title}" for c in action.contributions.all()),
        ])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
