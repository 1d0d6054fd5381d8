"""Values as people read them, in the active language: one place for how a stored value is shown.

Used wherever a value is shown outside a form: the comparison of versions
(``plans.approval.diff``) and the history of changes (``stakeholders.history``,
``plans.overview.history``). Money is shown in whole euros when there are no cents
(``€ 12.000``) and with cents when there are (``€ 1.234,56``); figures without trailing zeros
(``12,5``); dates in full (``4 december 2026``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.dates import MONTHS
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

# How a value is shown (see ``display``).
TEXT, MONEY, NUMBER, PERCENT, YEAR, YEARS, MONTH, BOOL, CODES, DATE = (
    "text", "money", "number", "percent", "year", "years", "month", "bool", "codes", "date",
)
EMPTY = "—"


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number(value: Any) -> str:
    """A figure as entered, without trailing zeros: 12,5 in Dutch."""
    amount = _decimal(value)
    if amount is None:
        return str(value)
    places = max(0, -amount.normalize().as_tuple().exponent)
    return number_format(amount, decimal_pos=min(places, 2), use_l10n=True, force_grouping=True)


def money(value: Any) -> str:
    """€ 1.234,56 (cents only where there are cents: € 12.000)."""
    amount = _decimal(value)
    if amount is None:
        return str(value)
    places = 0 if amount == amount.to_integral_value() else 2
    return "€\u00a0" + number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


def signed_money(value: Decimal) -> str:
    """A difference of money: + € 12.000 or − € 400."""
    return ("+\u00a0" if value >= 0 else "−\u00a0") + money(abs(value))


def full_date(value: Any) -> str:
    """4 december 2026 (from a date or its ISO form)."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return date_format(value, "j F Y")


def display(value: Any, kind: str = TEXT, *, choices: Any = None, names: dict[str, str] | None = None) -> str:
    """``value`` as a reader sees it. ``choices`` is a TextChoices class or a dict of value →
    label; ``names`` gives the names of codes (units, function groups)."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list):
        if kind == YEARS:
            return ", ".join(str(v) for v in sorted(value))
        return ", ".join(display(v, kind, choices=choices, names=names) for v in value)
    if choices is not None:
        labels = choices if isinstance(choices, dict) else dict(choices.choices)
        return str(labels.get(value, value))
    if kind == BOOL or isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if kind == MONEY:
        return money(value)
    if kind == NUMBER:
        return number(value)
    if kind == PERCENT:
        return number(value) + "\u00a0%"
    if kind == MONTH:
        return str(MONTHS.get(int(value), value))
    if kind == DATE:
        return full_date(value)
    if kind == CODES:
        return (names or {}).get(str(value), str(value))
    return str(value)
