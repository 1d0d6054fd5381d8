"""Writes of step 3's figures: the qualification mix (R4) and the formation (R5) of a unit."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from plans.content.models import FormationRow, Plan, QualificationMixRow
from plans.content.services import FORMATION_FIELDS, changes, check_refs, ensure_editable, only_fields, scope
from plans.rules import require
from stakeholders.models import FunctionGroup, Unit


@transaction.atomic
def qualification_row_save(
    *,
    actor,
    plan: Plan,
    unit: Unit,
    level: str,
    current_fte: Decimal,
    desired_fte: Decimal,
    target_year: int,
    expected_version: int | None = None,
) -> QualificationMixRow:
    """R4: create or update the row for (unit, level)."""
    ensure_editable(plan)
    check_refs(plan, units=[unit])
    require(actor, "plans.edit_unit_figures", unit)
    data = {"current_fte": current_fte, "desired_fte": desired_fte, "target_year": target_year}
    row = plan.qualification_rows.filter(unit=unit, level=level).first()
    if row is None:
        return changes.create(
            actor=actor, obj=QualificationMixRow(plan=plan, unit=unit, level=level, **data), scope=scope(plan)
        )
    return changes.update(actor=actor, obj=row, data=data, expected_version=expected_version, scope=scope(plan))


@transaction.atomic
def qualification_row_delete(*, actor, row: QualificationMixRow) -> None:
    ensure_editable(row.plan)
    require(actor, "plans.edit_unit_figures", row.unit)
    changes.delete(actor=actor, obj=row, scope=scope(row.plan))


@transaction.atomic
def formation_row_save(
    *,
    actor,
    plan: Plan,
    unit: Unit,
    function_group: FunctionGroup,
    expected_version: int | None = None,
    **data,
) -> FormationRow:
    """R5: create or update the formation row for (unit, function group)."""
    ensure_editable(plan)
    only_fields(data, FORMATION_FIELDS)
    check_refs(plan, units=[unit], function_groups=[function_group])
    require(actor, "plans.edit_unit_figures", unit)
    row = plan.formation_rows.filter(unit=unit, function_group=function_group).first()
    if row is None:
        return changes.create(
            actor=actor,
            obj=FormationRow(plan=plan, unit=unit, function_group=function_group, **data),
            scope=scope(plan),
        )
    return changes.update(actor=actor, obj=row, data=data, expected_version=expected_version, scope=scope(plan))


@transaction.atomic
def formation_row_delete(*, actor, row: FormationRow) -> None:
    ensure_editable(row.plan)
    require(actor, "plans.edit_unit_figures", row.unit)
    changes.delete(actor=actor, obj=row, scope=scope(row.plan))





@transaction.atomic
def qualification_unit_save(
    *, actor, plan: Plan, unit: Unit, target_year: int, figures: dict[str, tuple[Decimal | None, Decimal | None, int | None]]
) -> None:
    """R4: the qualification mix of one unit as one grid, all or nothing.

    ``figures`` maps a qualification level to (current FTE, desired FTE, the row version the
    person started from); a level with neither figure is removed.
    """
    require(actor, "plans.edit_unit_figures", unit)
    rows = {r.level: r for r in plan.qualification_rows.filter(unit=unit)}
    for level, (current, desired, expected_version) in figures.items():
        row = rows.get(level)
        if current is None and desired is None:
            if row is not None:
                qualification_row_delete(actor=actor, row=row)
            continue
        qualification_row_save(
            actor=actor,
            plan=plan,
            unit=unit,
            level=level,
            current_fte=current or Decimal("0"),
            desired_fte=desired or Decimal("0"),
            target_year=target_year,
            expected_version=expected_version,
        )


@transaction.atomic
def formation_unit_save(
    *, actor, plan: Plan, unit: Unit, figures: dict[FunctionGroup, tuple[dict[str, Decimal | None], int | None]]
) -> None:
    """R5: the formation of one unit as one grid, all or nothing.

    ``figures`` maps a function group to (its values by field of ``FORMATION_FIELDS``, the row
    version the person started from); a group without any value is removed.
    """
    require(actor, "plans.edit_unit_figures", unit)
    rows = {r.function_group_id: r for r in plan.formation_rows.filter(unit=unit)}
    for group, (values, expected_version) in figures.items():
        row = rows.get(group.pk)
        if all(v is None for v in values.values()):
            if row is not None:
                formation_row_delete(actor=actor, row=row)
            continue
        formation_row_save(
            actor=actor,
            plan=plan,
            unit=unit,
            function_group=group,
            expected_version=expected_version,
            **{k: v if v is not None else Decimal("0") for k, v in values.items()},
        )
