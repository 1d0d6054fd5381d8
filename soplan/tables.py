"""Reading a spreadsheet someone uploads (.xlsx through openpyxl, .csv through the csv module)
into rows of plain, neutralised text.

What comes out is always text: openpyxl reads a formula cell as its formula text (never
evaluated; a cached result is ignored, so what is checked is what the cell says), every cell is turned into a string, control characters are removed
and a value that a spreadsheet would run as a formula (leading ``=``, ``+``, ``-``, ``@``, as in
``=cmd|' /C calc'!A0``) is refused by the importers that expect numbers and kept as inert text
(a leading apostrophe) by those that expect text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from soplan.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_cell(value) -> str:
    """One cell as text: no control characters, trimmed; numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        value = Decimal(repr(value)).normalize()
        text = format(value, "f")
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value)
    return CONTROL.sub("", text).strip()


def inert(text: str) -> str:
    """Text that a spreadsheet shows as text even if it looks like a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and not re.fullmatch(r"[+-]?\d+([.,]\d+)?", text)


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)  # row i is spreadsheet row i + 2


def read(filename: str, content: bytes) -> Table:
    """Headers (first row) and data rows of the first sheet of an .xlsx or a .csv file."""
    if len(content) > MAX_BYTES:
        raise DomainError(_("The file is larger than 5 MB."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _read_xlsx(content)
    elif name.endswith(".csv"):
        raw = _read_csv(content)
    else:
        raise DomainError(_("Choose an Excel (.xlsx) or CSV (.csv) file."))
    raw = [[clean_cell(v) for v in row] for row in raw]
    while raw and not any(raw[-1]):
        raw.pop()
    if not raw or not any(raw[0]):
        raise DomainError(_("The file is empty: the first row should name the columns."))
    if len(raw) - 1 > MAX_ROWS:
        raise DomainError(_("The file has more than 5000 rows."))
    width = len(raw[0])
    rows = [(row + [""] * width)[:width] for row in raw[1:]]
    return Table(headers=raw[0], rows=rows)


def _read_xlsx(content: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DomainError(_("This is not a readable Excel file.")) from exc
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    workbook.close()
    return rows


def _read_csv(content: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))[: MAX_ROWS + 2]


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)


def template_workbook(headers: list[str], example: list[list], sheet_title: str) -> bytes:
    """An .xlsx with the expected headers and example rows, every cell stored as text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(headers)
    for row in example:
        sheet.append(row)
    for index, header in enumerate(headers):
        sheet.column_dimensions[column_letter(index)].width = max(14, len(header) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
