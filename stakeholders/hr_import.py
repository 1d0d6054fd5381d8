"""Importing figures from the HR system (AFAS, Youforce, Nedap… export to Excel or CSV).

One engine for every kind of row: the file is read into neutralised text (``soplan.tables``),
the columns are mapped onto the kind's fields (by the template's headers, or as the person
chooses), every row is checked and every problem named by row and column, and only a file
without problems is written, in one transaction, through the same services as the forms (so
each change is audited by ``stakeholders.changes.record`` and refused on a conflict). A row that
matches what is stored already is skipped, so importing the same file twice changes nothing.

The kinds of the organisation (units, function groups) live here; the plan's kinds (formation,
qualification mix) in ``plans.content.hr_import``, on the same engine.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from soplan import tables
from soplan.errors import DomainError

from . import services
from .models import Organisation, QualificationLevel

SESSION_PREFIX = "hr-import:"


@dataclass(frozen=True)
class Column:
    key: str
    msgid: str  # the header, in English; ``label`` in the user's language
    required: bool = True
    example: tuple = ()

    @property
    def label(self) -> str:
        return _(self.msgid)


@dataclass
class Problem:
    row: int  # the spreadsheet's row number (1 is the header)
    column: str  # the column's header in the file (or the expected one when unmapped)
    message: str


@dataclass
class Checked:
    items: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    key: str
    title: object
    columns: tuple[Column, ...]
    check: Callable  # (target, records: list[tuple[int, dict]], headers: dict[str, str]) -> Checked
    apply: Callable  # (actor, target, items) -> (created, changed, unchanged)


# Parsing single cells -------------------------------------------------------------------------

YES = {"ja", "j", "yes", "y", "1", "waar", "true", "x"}
NO = {"nee", "n", "no", "0", "onwaar", "false"}


def parse_bool(text: str, default: bool = True) -> bool:
    value = text.casefold()
    if value == "":
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(_("Write “ja” or “nee”."))


def parse_decimal(text: str, *, minimum: Decimal | None = Decimal("0"), places: int = 2) -> Decimal:
    if text == "":
        return Decimal("0")
    if tables.looks_like_formula(text):
        raise ValueError(_("A formula is not a number; write the number itself."))
    value = text.replace(" ", "")
    if "," in value:  # Dutch notation: 1.234,5
        value = value.replace(".", "").replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(_("This is not a number.")) from exc
    if not number.is_finite() or abs(number) >= Decimal("1000000"):
        raise ValueError(_("This is not a number."))
    if minimum is not None and number < minimum:
        raise ValueError(_("The number may not be negative."))
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValueError(_("At most two decimals."))
    return number.quantize(Decimal(1).scaleb(-places))


def parse_text(text: str, *, max_length: int = 200, required: bool = True) -> str:
    if required and not text:
        raise ValueError(_("This column must be filled in."))
    if len(text) > max_length:
        raise ValueError(_("At most %(n)s characters.") % {"n": max_length})
    # A name that a spreadsheet would run as a formula is kept, as inert text (soplan.tables).
    return tables.inert(text)


def parse_code(text: str) -> str:
    if not text:
        raise ValueError(_("This column must be filled in."))
    try:
        validate_slug(text)
    except ValidationError as exc:
        raise ValueError(_("A code consists of letters, digits, hyphens and underscores only.")) from exc
    if len(text) > 40:
        raise ValueError(_("At most %(n)s characters.") % {"n": 40})
    return text


def parse_level(text: str) -> str:
    wanted = text.casefold().replace(" ", "").replace("-", "")
    for level in QualificationLevel:
        if wanted in {level.value, str(level.label).casefold().replace(" ", "").replace("-", "")}:
            return level.value
    raise ValueError(
        _("Unknown qualification level; use one of: %(levels)s.")
        % {"levels": ", ".join(str(level.label) for level in QualificationLevel)}
    )


def cells(records, headers, checked: Checked):
    """Per record: (row number, values by key, a function to note a problem in a column)."""
    for number, record in records:
        def fail(key: str, message: str, number=number) -> None:
            checked.problems.append(Problem(number, headers[key], message))
        yield number, record, fail


def parsed(record: dict, key: str, parser, fail, **kwargs):
    try:
        return parser(record.get(key, ""), **kwargs)
    except ValueError as exc:
        fail(key, str(exc))
        return None


# Units and function groups --------------------------------------------------------------------

UNIT_COLUMNS = (
    Column("code", gettext_noop("code"), example=("zorg", "wg-1", "fin")),
    Column("name", gettext_noop("name"), example=("Zorg", "Woongroep 1", "Financiën")),
    Column("parent", gettext_noop("part of (code)"), required=False, example=("", "zorg", "")),
    Column("fte", gettext_noop("FTE"), example=("0", "18,5", "6")),
    Column("care_staff", gettext_noop("care staff (ja/nee)"), required=False, example=("ja", "ja", "nee")),
)


def check_units(organisation: Organisation, records, headers) -> Checked:
    checked = Checked()
    existing = {u.code: u for u in organisation.units.all()}
    seen: dict[str, int] = {}
    for number, record, fail in cells(records, headers, checked):
        code = parsed(record, "code", parse_code, fail)
        if code in seen:
            fail("code", _("The code %(code)s also appears in row %(row)s.") % {"code": code, "row": seen[code]})
        if code:
            seen[code] = number
        item = {
            "code": code,
            "name": parsed(record, "name", parse_text, fail),
            "parent": record.get("parent", ""),
            "fte": parsed(record, "fte", parse_decimal, fail),
            "is_care_staff": parsed(record, "care_staff", parse_bool, fail),
            "row": number,
        }
        checked.items.append(item)
    known = set(existing) | set(seen)
    parents = {i["code"]: i["parent"] for i in checked.items if i["code"]}
    for item in checked.items:
        parent = item["parent"]
        if not parent:
            continue
        if parent not in known:
            checked.problems.append(Problem(item["row"], headers["parent"],
                                            _("No unit has the code %(code)s.") % {"code": parent}))
            continue
        node, steps = parent, 0
        while node and steps <= len(parents) + len(existing):
            if node == item["code"]:
                checked.problems.append(Problem(item["row"], headers["parent"], _("A unit cannot be part of itself.")))
                break
            node = parents.get(node, existing[node].parent.code if node in existing and existing[node].parent else "")
            steps += 1
    return checked


def _parents_first(items: list[dict]) -> list[dict]:
    by_code = {i["code"]: i for i in items}
    ordered, placed = [], set()

    def place(item, depth=0):
        if item["code"] in placed or depth > len(items):
            return
        parent = by_code.get(item["parent"])
        if parent is not None:
            place(parent, depth + 1)
        placed.add(item["code"])
        ordered.append(item)

    for item in items:
        place(item)
    return ordered


def apply_units(actor, organisation: Organisation, items) -> tuple[int, int, int]:
    created = changed = unchanged = 0
    for item in _parents_first(items):
        parent = organisation.units.get(code=item["parent"]) if item["parent"] else None
        data = {"name": item["name"], "parent": parent, "fte": item["fte"], "is_care_staff": item["is_care_staff"]}
        unit = organisation.units.filter(code=item["code"]).first()
        if unit is None:
            services.unit_create(actor=actor, organisation=organisation, code=item["code"], **data)
            created += 1
        elif any(getattr(unit, k) != v for k, v in data.items()):
            services.unit_update(actor=actor, unit=unit, **data)
            changed += 1
        else:
            unchanged += 1
    return created, changed, unchanged


FUNCTION_GROUP_COLUMNS = (
    Column("code", gettext_noop("code"), example=("vig", "vpk")),
    Column("name", gettext_noop("name"), example=("Verzorgende IG", "Verpleegkundige")),
    Column("level", gettext_noop("qualification level"), example=("mbo 3", "hbo")),
    Column("care_staff", gettext_noop("care staff (ja/nee)"), required=False, example=("ja", "ja")),
)


def check_function_groups(organisation: Organisation, records, headers) -> Checked:
    checked = Checked()
    seen: dict[str, int] = {}
    for number, record, fail in cells(records, headers, checked):
        code = parsed(record, "code", parse_code, fail)
        if code in seen:
            fail("code", _("The code %(code)s also appears in row %(row)s.") % {"code": code, "row": seen[code]})
        if code:
            seen[code] = number
        checked.items.append({
            "code": code,
            "name": parsed(record, "name", parse_text, fail),
            "qualification_level": parsed(record, "level", parse_level, fail),
            "is_care_staff": parsed(record, "care_staff", parse_bool, fail),
        })
    return checked


def apply_function_groups(actor, organisation: Organisation, items) -> tuple[int, int, int]:
    created = changed = unchanged = 0
    for item in items:
        data = {k: item[k] for k in ("name", "qualification_level", "is_care_staff")}
        group = organisation.function_groups.filter(code=item["code"]).first()
        if group is None:
            services.function_group_create(actor=actor, organisation=organisation, code=item["code"], **data)
            created += 1
        elif any(getattr(group, k) != v for k, v in data.items()):
            services.function_group_update(actor=actor, function_group=group, **data)
            changed += 1
        else:
            unchanged += 1
    return created, changed, unchanged


ORGANISATION_KINDS = {
    "eenheden": Kind("eenheden", gettext_lazy("Units"), UNIT_COLUMNS, check_units, apply_units),
    "functiegroepen": Kind(
        "functiegroepen", gettext_lazy("Function groups"), FUNCTION_GROUP_COLUMNS, check_function_groups,
        apply_function_groups,
    ),
}


# The engine ------------------------------------------------------------------------------------

def default_mapping(kind: Kind, headers: list[str]) -> dict[str, int]:
    """Each field to the file's column with the same header (the template's, in either language)."""
    mapping = {}
    folded = [h.casefold() for h in headers]
    for column in kind.columns:
        names = {column.label.casefold(), column.msgid.casefold(), column.key.casefold()}
        for index, header in enumerate(folded):
            if header in names:
                mapping[column.key] = index
                break
    return mapping


def records_of(kind: Kind, table: tables.Table, mapping: dict[str, int]) -> tuple[list, dict[str, str], list[Problem]]:
    """The rows as {key: text} under ``mapping``, the header each key reads, and missing columns."""
    headers, problems = {}, []
    for column in kind.columns:
        index = mapping.get(column.key)
        if index is None or not 0 <= index < len(table.headers):
            headers[column.key] = str(column.label)
            if column.required:
                problems.append(Problem(1, str(column.label), _("This column is missing; choose which column holds it.")))
        else:
            headers[column.key] = f"{table.headers[index]} ({tables.column_letter(index)})"
    records = []
    for offset, row in enumerate(table.rows):
        if not any(row):
            continue  # an empty row between the data is no problem
        record = {key: row[index] for key, index in mapping.items() if 0 <= index < len(row)}
        records.append((offset + 2, record))
    return records, headers, problems


def check(kind: Kind, target, table: tables.Table, mapping: dict[str, int]) -> Checked:
    records, headers, missing = records_of(kind, table, mapping)
    if missing:
        return Checked(problems=missing)
    if not records:
        return Checked(problems=[Problem(2, "", _("The file has no data rows."))])
    checked = kind.check(target, records, headers)
    checked.problems.sort(key=lambda p: p.row)
    return checked


def run(*, actor, kind: Kind, target, table: tables.Table, mapping: dict[str, int]) -> tuple[int, int, int]:
    """All or nothing: checks the file again and writes it in one transaction."""
    checked = check(kind, target, table, mapping)
    if checked.problems:
        raise DomainError(_("The file has problems; nothing was imported."))
    try:
        with transaction.atomic():
            return kind.apply(actor, target, checked.items)
    except ValidationError as exc:
        raise DomainError(_("Nothing was imported: %(reason)s") % {"reason": " ".join(exc.messages)}) from exc


def remember(session, kind: Kind, filename: str, table: tables.Table) -> str:
    token = secrets.token_urlsafe(12)
    for key in [k for k in session.keys() if k.startswith(SESSION_PREFIX)]:
        del session[key]  # one upload at a time per person
    session[SESSION_PREFIX + token] = {"kind": kind.key, "filename": filename, "headers": table.headers, "rows": table.rows}
    return token


def recall(session, kind: Kind, token: str) -> tuple[str, tables.Table] | None:
    stored = session.get(SESSION_PREFIX + (token or ""))
    if not stored or stored.get("kind") != kind.key:
        return None
    return stored["filename"], tables.Table(headers=stored["headers"], rows=stored["rows"])


def forget(session, token: str) -> None:
    session.pop(SESSION_PREFIX + token, None)


def template_file(kind: Kind) -> bytes:
    headers = [str(c.label) for c in kind.columns]
    width = max((len(c.example) for c in kind.columns), default=0)
    example = [[c.example[i] if i < len(c.example) else "" for c in kind.columns] for i in range(width)]
    return tables.template_workbook(headers, example, str(kind.title))
