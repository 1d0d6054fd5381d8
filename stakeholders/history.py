"""The history of changes as people read it: who changed what, when, in words and values.

Audit events (``stakeholders.changes``) keep each changed field as [old, new] in a plain JSON
form. :func:`rows` shows them with the field's label (its verbose name) and the values as on the
pages (``soplan.formats``): yes/no, choices by label, figures with a decimal comma, money, dates
in full. Rows may declare more about their fields (class attributes, read here by name):
``MONEY_FIELDS`` (decimal fields that are money), ``LIST_CHOICES`` (JSON lists of choices) and
``AUDIT_LABELS`` (changes recorded under a name that is no field). A change recorded as a mapping
(a line's funding per source) is shown as its entries, named through ``value_names``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from soplan.formats import BOOL, DATE, MONEY, NUMBER, TEXT, display

from .models import AuditEvent

LONGEST = 200  # characters of a value; longer texts are cut at a word
ACTIONS = {
    "created": gettext_lazy("added"),
    "changed": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
    "moved": gettext_lazy("moved"),
    "requested": gettext_lazy("requested"),
}


@dataclass
class ChangedField:
    label: str
    old: str
    new: str


@dataclass
class Row:
    when: dt.datetime
    who: str
    action: str
    what: str
    fields: list[ChangedField]


def _models() -> dict[str, type[models.Model]]:
    return {m._meta.model_name: m for m in apps.get_models()}


def _field(model: type[models.Model] | None, name: str) -> tuple[str, str, Any]:
    """The label of field ``name`` of ``model``, the kind of its values and their choices."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field = None
    label = getattr(model, "AUDIT_LABELS", {}).get(name) or getattr(field, "verbose_name", "") or name.replace("_", " ")
    label = str(label)
    label = label[:1].upper() + label[1:]
    if name in getattr(model, "LIST_CHOICES", {}):
        return label, TEXT, model.LIST_CHOICES[name]
    if field is None:
        return label, TEXT, None
    if getattr(field, "choices", None):
        return label, TEXT, dict(field.choices)
    if isinstance(field, models.BooleanField):
        return label, BOOL, None
    if isinstance(field, models.DecimalField):
        return label, MONEY if name in getattr(model, "MONEY_FIELDS", ()) else NUMBER, None
    if isinstance(field, models.DateField):
        return label, DATE, None
    return label, TEXT, None


def _value(value: Any, kind: str, choices: Any, value_names: dict[str, str]) -> str:
    if isinstance(value, dict):  # e.g. a line's funding: source → amount
        return "; ".join(
            f"{value_names.get(key, key)} {display(amount, MONEY)}" for key, amount in sorted(value.items())
        ) or display(None)
    text = display(value, kind, choices=choices)
    return text if len(text) <= LONGEST else text[:LONGEST].rsplit(" ", 1)[0] + " …"


def rows(events: Iterable[AuditEvent], *, value_names: dict[str, str] | None = None) -> list[Row]:
    """The events as rows a person reads, newest first as given."""
    by_name = _models()
    value_names = value_names or {}
    out = []
    for event in events:
        model = by_name.get(event.object_type)
        fields = []
        for name, pair in (event.changes if isinstance(event.changes, dict) else {}).items():
            if not (isinstance(pair, list) and len(pair) == 2):
                continue
            label, kind, choices = _field(model, name)
            fields.append(ChangedField(label, _value(pair[0], kind, choices, value_names), _value(pair[1], kind, choices, value_names)))
        kind_name = str(model._meta.verbose_name) if model is not None else ""
        what = f"{kind_name[:1].upper()}{kind_name[1:]}: {event.object_repr}" if kind_name else event.object_repr
        out.append(
            Row(event.created_at, event.actor_name or str(_("system")), str(ACTIONS.get(event.action, event.action)), what, fields)
        )
    return out
