"""The plan's figures from the HR system: formation (R5) and qualification mix (R4), imported
on the engine of ``stakeholders.hr_import`` through the services of the figure grids
(``plans.content.figures``), so audited, conflict-safe and all or nothing.

The age structure of the HR export enters as expected retirement per year (FTE): that is what
the plan uses of it (R5, natural outflow).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from plans.content import figures
from plans.content.models import Plan
from stakeholders.hr_import import (
    Checked,
    Column,
    Kind,
    Problem,
    cells,
    parse_decimal,
    parse_level,
    parsed,
)

FORMATION_COLUMNS = (
    Column("unit", gettext_noop("unit (code)"), example=("wg-1", "wg-1")),
    Column("function_group", gettext_noop("function group (code)"), example=("vig", "vpk")),
    Column("current_fte", gettext_noop("FTE now"), example=("12,5", "4")),
    Column("retirement_per_year", gettext_noop("retirement per year (FTE)"), required=False, example=("0,5", "0")),
    Column("turnover_per_year", gettext_noop("turnover per year (FTE)"), required=False, example=("1,2", "0,4")),
    Column("growth_per_year", gettext_noop("growth per year (FTE)"), required=False, example=("0", "-0,5")),
    Column("internship_places", gettext_noop("internship places (BPV, FTE)"), required=False, example=("2", "1")),
)
NUMBERS = ("current_fte", "retirement_per_year", "turnover_per_year", "growth_per_year", "internship_places")


def _unit_and_group_lookup(plan: Plan):
    org = plan.organisation
    return {u.code: u for u in org.units.all()}, {g.code: g for g in org.function_groups.all()}


def check_formation(plan: Plan, records, headers) -> Checked:
    checked = Checked()
    if not plan.is_editable:
        checked.problems.append(Problem(1, "", _("This plan is past drafting; its figures cannot change.")))
        return checked
    units, groups = _unit_and_group_lookup(plan)
    seen: dict[tuple, int] = {}
    for number, record, fail in cells(records, headers, checked):
        unit = units.get(record.get("unit", ""))
        if unit is None:
            fail("unit", _("No unit has the code %(code)s.") % {"code": record.get("unit", "")})
        group = groups.get(record.get("function_group", ""))
        if group is None:
            fail("function_group", _("No function group has the code %(code)s.") % {"code": record.get("function_group", "")})
        values = {
            key: parsed(record, key, parse_decimal, fail, **({"minimum": None} if key == "growth_per_year" else {}))
            for key in NUMBERS
        }
        if unit and group:
            if (unit.pk, group.pk) in seen:
                fail("function_group", _("This unit and function group also appear in row %(row)s.") % {"row": seen[(unit.pk, group.pk)]})
            seen[(unit.pk, group.pk)] = number
        checked.items.append({"unit": unit, "function_group": group, **values})
    return checked


def apply_formation(actor, plan: Plan, items) -> tuple[int, int, int]:
    created = changed = unchanged = 0
    rows = {(r.unit_id, r.function_group_id): r for r in plan.formation_rows.all()}
    for item in items:
        values = {k: item[k] for k in NUMBERS}
        row = rows.get((item["unit"].pk, item["function_group"].pk))
        if row is not None and all(getattr(row, k) == v for k, v in values.items()):
            unchanged += 1
            continue
        figures.formation_row_save(
            actor=actor, plan=plan, unit=item["unit"], function_group=item["function_group"],
            expected_version=row.lock_version if row is not None else None, **values,
        )
        if row is None:
            created += 1
        else:
            changed += 1
    return created, changed, unchanged


QUALIFICATION_COLUMNS = (
    Column("unit", gettext_noop("unit (code)"), example=("wg-1", "wg-1")),
    Column("level", gettext_noop("qualification level"), example=("mbo 3", "hbo")),
    Column("current_fte", gettext_noop("FTE now"), example=("10", "2")),
    Column("desired_fte", gettext_noop("FTE desired"), example=("8", "4")),
    Column("target_year", gettext_noop("target year"), example=("2030", "2030")),
)


def check_qualification(plan: Plan, records, headers) -> Checked:
    checked = Checked()
    if not plan.is_editable:
        checked.problems.append(Problem(1, "", _("This plan is past drafting; its figures cannot change.")))
        return checked
    units, _groups = _unit_and_group_lookup(plan)
    seen: dict[tuple, int] = {}
    for number, record, fail in cells(records, headers, checked):
        unit = units.get(record.get("unit", ""))
        if unit is None:
            fail("unit", _("No unit has the code %(code)s.") % {"code": record.get("unit", "")})
        level = parsed(record, "level", parse_level, fail)
        year_text = record.get("target_year", "")
        year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
        if year is None:
            fail("target_year", _("Write a year, such as 2030."))
        if unit and level:
            if (unit.pk, level) in seen:
                fail("level", _("This unit and level also appear in row %(row)s.") % {"row": seen[(unit.pk, level)]})
            seen[(unit.pk, level)] = number
        checked.items.append({
            "unit": unit, "level": level, "target_year": year,
            "current_fte": parsed(record, "current_fte", parse_decimal, fail),
            "desired_fte": parsed(record, "desired_fte", parse_decimal, fail),
        })
    return checked


def apply_qualification(actor, plan: Plan, items) -> tuple[int, int, int]:
    created = changed = unchanged = 0
    rows = {(r.unit_id, r.level): r for r in plan.qualification_rows.all()}
    for item in items:
        values = {k: item[k] for k in ("current_fte", "desired_fte", "target_year")}
        row = rows.get((item["unit"].pk, item["level"]))
        if row is not None and all(getattr(row, k) == v for k, v in values.items()):
            unchanged += 1
            continue
        figures.qualification_row_save(
            actor=actor, plan=plan, unit=item["unit"], level=item["level"],
            expected_version=row.lock_version if row is not None else None, **values,
        )
        if row is None:
            created += 1
        else:
            changed += 1
    return created, changed, unchanged


PLAN_KINDS = {
    "formatie": Kind("formatie", gettext_lazy("Formation"), FORMATION_COLUMNS, check_formation, apply_formation),
    "kwalificatiemix": Kind(
        "kwalificatiemix", gettext_lazy("Qualification mix"), QUALIFICATION_COLUMNS, check_qualification,
        apply_qualification,
    ),
}
