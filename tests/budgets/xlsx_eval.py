"""Evaluate the few formulas the budget workbook uses (SUM, ROUND, + - *, cell references), in Decimal.

openpyxl reads formulas as text and does not calculate them. To check that the workbook shows
the same totals as the screen and the JSON, the tests compute the formulas here with Excel's
rules for these functions (ROUND rounds half away from zero).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

TOKEN = re.compile(r"\s*(?:(?P<range>[A-Z]+\d+:[A-Z]+\d+)|(?P<cell>[A-Z]+\d+)|(?P<func>SUM|ROUND)\(|(?P<num>\d+(?:\.\d+)?)|(?P<op>[-+*(),]))")
CELL = re.compile(r"([A-Z]+)(\d+)")


def _value(sheet: Worksheet, ref: str) -> Decimal:
    raw = sheet[ref].value
    if isinstance(raw, str) and raw.startswith("="):
        return evaluate(sheet, ref)
    if raw in (None, ""):
        return Decimal(0)
    return Decimal(str(raw))


def _range(sheet: Worksheet, ref: str) -> list[Decimal]:
    start, end = ref.split(":")
    (c1, r1), (c2, r2) = CELL.fullmatch(start).groups(), CELL.fullmatch(end).groups()
    values = []
    for row in range(int(r1), int(r2) + 1):
        for col in range(column_index_from_string(c1), column_index_from_string(c2) + 1):
            values.append(_value(sheet, sheet.cell(row=row, column=col).coordinate))
    return values


def evaluate(sheet: Worksheet, ref: str) -> Decimal:
    """The value of the formula in ``ref`` (or the plain value)."""
    raw = sheet[ref].value
    if not (isinstance(raw, str) and raw.startswith("=")):
        return _value(sheet, ref)
    tokens = [m.groupdict() for m in TOKEN.finditer(raw[1:])]
    position = 0

    def peek(kind: str, text: str | None = None) -> bool:
        if position >= len(tokens) or tokens[position][kind] is None:
            return False
        return text is None or tokens[position][kind] == text

    def take() -> dict:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def expr() -> list[Decimal] | Decimal:
        value = term()
        while peek("op", "+") or peek("op", "-"):
            op = take()["op"]
            right = term()
            value = value + right if op == "+" else value - right
        return value

    def term():
        value = factor()
        while peek("op", "*"):
            take()
            value = value * factor()
        return value

    def factor():
        if peek("op", "-"):
            take()
            return -factor()
        if peek("op", "("):
            take()
            value = expr()
            take()  # )
            return value
        if peek("num"):
            return Decimal(take()["num"])
        if peek("cell"):
            return _value(sheet, take()["cell"])
        if peek("func"):
            name = take()["func"]
            args = []
            while not peek("op", ")"):
                if peek("range"):
                    args.append(_range(sheet, take()["range"]))
                else:
                    args.append(expr())
                if peek("op", ","):
                    take()
            take()  # )
            if name == "SUM":
                return sum((sum(a, Decimal(0)) if isinstance(a, list) else a for a in args), Decimal(0))
            number, places = args
            return number.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
        raise ValueError(f"cannot read {raw!r} at token {position}")

    return expr()
