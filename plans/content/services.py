"""Writes to plans (steps 1–3): the one way in for views, the importer and the demo seeder.

Every function takes keyword-only arguments, checks that the plan may still be edited, validates
with ``full_clean`` and records who changed what (``stakeholders.changes``). Updates and deletes
take the version the user started from and refuse stale saves.
"""

from __future__ import annotations

import re

from django.db import models, transaction
from django.utils.translation import gettext as _

from plans.content.models import (
    ImprovementAction,
    Intervention,
    LearningVisionPoint,
    Objective,
    Plan,
    Theme,
    VisionPoint,
)
from plans.rules import require
from stakeholders import changes
from stakeholders.changes import DomainError
from stakeholders.models import FunctionGroup, Organisation, Unit

PLAN_FIELDS = ("title", "start_year", "end_year", "preface", "vision")
MIX_FIELDS = ("mix_on_the_job", "mix_social", "mix_formal")
THEME_FIELDS = ("kind", "title", "description", "implications")
OBJECTIVE_FIELDS = ("description", "indicator", "target_year")
INTERVENTION_FIELDS = (
    "title",
    "description",
    "learning_outcome",
    "level",
    "work_forms",
    "years",
    "topics",
    "horizon",
    "already_running",
    "funded_elsewhere",
    "is_big_training",
)
INTERVENTION_M2M = ("units", "objectives", "function_groups")
FORMATION_FIELDS = (
    "current_fte",
    "retirement_per_year",
    "turnover_per_year",
    "growth_per_year",
    "internship_places",
)
QUALIFICATION_FIELDS = ("current_fte", "desired_fte", "target_year")
ACTION_FIELDS = ("description", "responsible", "due")


def scope(plan: Plan) -> str:
    """The audit scope under which a plan's history is shown."""
    return f"plan:{plan.pk}"


def ensure_editable(plan: Plan) -> None:
    """Refuse changes to a plan past drafting.

    Call it inside the service's transaction: the status is read again under a row lock, so a
    submission that happens while somebody edits cannot slip in between this check and the write
    (the frozen version and the live rows would drift apart). ``plan.status`` is refreshed.
    """
    if transaction.get_connection().in_atomic_block:
        plan.status = Plan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    if not plan.is_editable:
        raise DomainError(
            _(
                "This plan is %(status)s and can no longer be changed. "
                "To change an adopted plan, start a new draft from it."
            )
            % {"status": plan.get_status_display().lower()}
        )



def _next_code(plan: Plan, prefix: str, model: type[models.Model], wanted: str | None = None) -> str:
    """Hand out the next code for ``prefix`` (T1, T2, …), or accept ``wanted`` if it is free.

    Runs under a row lock on the plan so that two people adding a theme at once get different
    codes; the counter only grows, so a deleted item's code is not handed out again.
    """
    locked = Plan.objects.select_for_update().only("code_counters").get(pk=plan.pk)
    counters = dict(locked.code_counters or {})
    used = list(model._default_manager.filter(plan=plan).values_list("code", flat=True))
    if wanted:
        if wanted in used:
            raise DomainError(_("The code %(code)s is already used in this plan.") % {"code": wanted})
        code = wanted
    else:
        numbers = [int(m.group(1)) for c in used if (m := re.fullmatch(rf"{prefix}(\d+)", c))]
        code = f"{prefix}{max([counters.get(prefix, 0), *numbers]) + 1}"
    match = re.fullmatch(rf"{prefix}(\d+)", code)
    if match:
        counters[prefix] = max(counters.get(prefix, 0), int(match.group(1)))
    Plan.objects.filter(pk=plan.pk).update(code_counters=counters)
    plan.code_counters = counters
    return code


def _next_position(queryset: models.QuerySet) -> int:
    return (queryset.aggregate(m=models.Max("position"))["m"] or 0) + 1


# --- The plan itself -------------------------------------------------------------------------


def plan_create(
    *,
    actor,
    organisation: Organisation,
    title: str,
    start_year: int,
    end_year: int,
    preface: str = "",
    vision: str = "",
    previous: Plan | None = None,
) -> Plan:
    """Start a plan; it gets the seven empty points of the vision on learning (step 2)."""
    with transaction.atomic():
        plan = changes.create(
            actor=actor,
            obj=Plan(
                organisation=organisation,
                title=title,
                start_year=start_year,
                end_year=end_year,
                preface=preface,
                vision=vision,
                previous=previous,
                created_by=actor,
            ),
            scope=scope,
        )
        LearningVisionPoint.objects.bulk_create(
            LearningVisionPoint(plan=plan, point=p.value) for p in VisionPoint
        )
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, expected_version: int | None, **data) -> Plan:
    """Change title, period, preface, koers or the learning mix."""
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    unknown = set(data) - set(PLAN_FIELDS) - set(MIX_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    if {"start_year", "end_year"} & set(data):
        start = data.get("start_year", plan.start_year)
        end = data.get("end_year", plan.end_year)
        outside = [
            i.code
            for i in plan.interventions.all()
            if any(not start <= y <= end for y in i.years)
        ]
        if outside:
            raise DomainError(
                _("These interventions run outside the new period: %(codes)s. Change their years first.")
                % {"codes": ", ".join(outside)}
            )
    return changes.update(actor=actor, obj=plan, data=data, expected_version=expected_version, scope=scope(plan))


@transaction.atomic
def vision_update(
    *,
    actor,
    plan: Plan,
    expected_version: int | None,
    points: dict[str, tuple[str, str]],
    mix_on_the_job: int | None,
    mix_social: int | None,
    mix_formal: int | None,
) -> Plan:
    """Step 2: the seven points (now, in four years) and the intended 70-20-10 mix (R15).

    The plan's version guards the whole page, so two people editing the vision cannot
    silently overwrite each other's points.
    """
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    mix = (mix_on_the_job, mix_social, mix_formal)
    if any(v is not None for v in mix) and sum(v or 0 for v in mix) != 100:
        raise DomainError(
            _("The learning mix must add up to 100 %% (now %(total)s %%).") % {"total": sum(v or 0 for v in mix)}
        )
    with transaction.atomic():
        changes.update(
            actor=actor,
            obj=plan,
            data={"mix_on_the_job": mix_on_the_job, "mix_social": mix_social, "mix_formal": mix_formal},
            expected_version=expected_version,
            scope=scope(plan),
        )
        stored = {vp.point: vp for vp in plan.vision_points.all()}
        for point, (now, future) in points.items():
            if point not in VisionPoint.values:
                raise DomainError(_("Unknown point of the vision on learning: %(p)s") % {"p": point})
            vp = stored.get(point)
            if vp is None:
                vp = changes.create(
                    actor=actor,
                    obj=LearningVisionPoint(plan=plan, point=point, now=now, future=future),
                    scope=scope(plan),
                )
            elif (vp.now, vp.future) != (now, future):
                changes.update(
                    actor=actor,
                    obj=vp,
                    data={"now": now, "future": future},
                    expected_version=vp.lock_version,
                    scope=scope(plan),
                )
    return plan


# --- Step 1: themes and objectives ----------------------------------------------------------


@transaction.atomic
def theme_create(
    *,
    actor,
    plan: Plan,
    title: str,
    kind: str = "custom",
    description: str = "",
    implications: str = "",
    code: str | None = None,
    position: int | None = None,
) -> Theme:
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    with transaction.atomic():
        theme = Theme(
            plan=plan,
            code=_next_code(plan, "T", Theme, code),
            kind=kind,
            title=title,
            description=description,
            implications=implications,
            position=position if position is not None else _next_position(plan.themes.all()),
        )
        return changes.create(actor=actor, obj=theme, scope=scope(plan))


@transaction.atomic
def theme_update(*, actor, theme: Theme, expected_version: int | None, **data) -> Theme:
    ensure_editable(theme.plan)
    require(actor, "plans.author_plan", theme.plan)
    only_fields(data, THEME_FIELDS)
    return changes.update(
        actor=actor, obj=theme, data=data, expected_version=expected_version, scope=scope(theme.plan)
    )


@transaction.atomic
def theme_delete(*, actor, theme: Theme, expected_version: int | None = None) -> None:
    """Delete a theme with its objectives; interventions stay (they may serve other objectives)."""
    ensure_editable(theme.plan)
    require(actor, "plans.author_plan", theme.plan)
    with transaction.atomic():
        for objective in theme.objectives.all():
            changes.delete(actor=actor, obj=objective, scope=scope(theme.plan))
        changes.delete(actor=actor, obj=theme, scope=scope(theme.plan), expected_version=expected_version)


@transaction.atomic
def objective_create(
    *,
    actor,
    theme: Theme,
    description: str,
    indicator: str = "",
    target_year: int | None = None,
    code: str | None = None,
    position: int | None = None,
    carried_over: str = "",
) -> Objective:
    plan = theme.plan
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    with transaction.atomic():
        objective = Objective(
            plan=plan,
            theme=theme,
            code=_next_code(plan, "D", Objective, code),
            description=description,
            indicator=indicator,
            target_year=target_year,
            carried_over=carried_over,
            position=position if position is not None else _next_position(theme.objectives.all()),
        )
        return changes.create(actor=actor, obj=objective, scope=scope(plan))


@transaction.atomic
def objective_update(*, actor, objective: Objective, expected_version: int | None, **data) -> Objective:
    ensure_editable(objective.plan)
    require(actor, "plans.author_plan", objective.plan)
    only_fields(data, (*OBJECTIVE_FIELDS, "theme"))
    if "theme" in data and data["theme"].plan_id != objective.plan_id:
        raise DomainError(_("The theme belongs to another plan."))
    return changes.update(
        actor=actor,
        obj=objective,
        data=data,
        expected_version=expected_version,
        scope=scope(objective.plan),
    )


@transaction.atomic
def objective_delete(*, actor, objective: Objective, expected_version: int | None = None) -> None:
    ensure_editable(objective.plan)
    require(actor, "plans.author_plan", objective.plan)
    changes.delete(
        actor=actor, obj=objective, scope=scope(objective.plan), expected_version=expected_version
    )


@transaction.atomic
def move(*, actor, item: Theme | Objective | Intervention | ImprovementAction, direction: int) -> None:
    """Swap an item with its neighbour (direction -1 up, +1 down) among its siblings."""
    ensure_editable(item.plan)
    require(actor, "plans.author_plan", item.plan)
    if isinstance(item, Objective):
        siblings = list(item.theme.objectives.all())
    else:
        siblings = list(type(item)._default_manager.filter(plan=item.plan))
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other_index = index + (1 if direction > 0 else -1)
    if not 0 <= other_index < len(siblings):
        return
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    with transaction.atomic():
        for position, sibling in enumerate(siblings, start=1):
            if sibling.position != position:
                type(sibling)._default_manager.filter(pk=sibling.pk).update(position=position)
        changes.record(
            actor=actor,
            organisation=item.plan.organisation,
            action="moved",
            obj=item,
            scope=scope(item.plan),
            changes={"position": [index + 1, other_index + 1]},
        )


# --- Step 3: interventions, qualification mix, formation ------------------------------------


def check_refs(plan: Plan, *, units=(), objectives=(), function_groups=()) -> None:
    if any(u.organisation_id != plan.organisation_id for u in units):
        raise DomainError(_("A unit belongs to another organisation."))
    if any(g.organisation_id != plan.organisation_id for g in function_groups):
        raise DomainError(_("A function group belongs to another organisation."))
    if any(o.plan_id != plan.pk for o in objectives):
        raise DomainError(_("An objective belongs to another plan."))


@transaction.atomic
def intervention_create(
    *,
    actor,
    plan: Plan,
    title: str,
    units: list[Unit] = (),
    objectives: list[Objective] = (),
    function_groups: list[FunctionGroup] = (),
    code: str | None = None,
    position: int | None = None,
    **data,
) -> Intervention:
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    only_fields(data, INTERVENTION_FIELDS)
    check_refs(plan, units=units, objectives=objectives, function_groups=function_groups)
    data = _normalise_lists(data)
    with transaction.atomic():
        intervention = Intervention(
            plan=plan,
            code=_next_code(plan, "L", Intervention, code),
            title=title,
            position=position if position is not None else _next_position(plan.interventions.all()),
            **data,
        )
        _check_unit_level(intervention, units)
        return changes.create(
            actor=actor,
            obj=intervention,
            scope=scope(plan),
            m2m={
                "units": list(units),
                "objectives": list(objectives),
                "function_groups": list(function_groups),
            },
        )


@transaction.atomic
def intervention_update(
    *,
    actor,
    intervention: Intervention,
    expected_version: int | None,
    units: list[Unit] | None = None,
    objectives: list[Objective] | None = None,
    function_groups: list[FunctionGroup] | None = None,
    **data,
) -> Intervention:
    plan = intervention.plan
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    only_fields(data, INTERVENTION_FIELDS)
    check_refs(
        plan, units=units or (), objectives=objectives or (), function_groups=function_groups or ()
    )
    m2m = {
        name: list(value)
        for name, value in (("units", units), ("objectives", objectives), ("function_groups", function_groups))
        if value is not None
    }
    probe = Intervention(plan=plan, level=data.get("level", intervention.level))
    _check_unit_level(probe, m2m.get("units", list(intervention.units.all())))
    return changes.update(
        actor=actor,
        obj=intervention,
        data=_normalise_lists(data),
        expected_version=expected_version,
        scope=scope(plan),
        m2m=m2m,
    )


@transaction.atomic
def intervention_delete(*, actor, intervention: Intervention, expected_version: int | None = None) -> None:
    ensure_editable(intervention.plan)
    require(actor, "plans.author_plan", intervention.plan)
    changes.delete(
        actor=actor, obj=intervention, scope=scope(intervention.plan), expected_version=expected_version
    )


def _check_unit_level(intervention: Intervention, units) -> None:
    if intervention.level == "organisation" and units:
        raise DomainError(_("An organisation-wide intervention is not tied to units; pick 'one or more units'."))


def _normalise_lists(data: dict) -> dict:
    """Lists of codes and years are stored sorted and without duplicates (stable snapshots)."""
    out = dict(data)
    for name in ("work_forms", "topics"):
        if name in out:
            out[name] = sorted(set(out[name]))
    if "years" in out:
        out["years"] = sorted({int(y) for y in out["years"]})
    return out



# --- Ingredient 10: improvement actions -----------------------------------------------------


@transaction.atomic
def improvement_action_create(
    *, actor, plan: Plan, description: str, responsible: str = "", due=None, code: str | None = None,
    position: int | None = None,
) -> ImprovementAction:
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    with transaction.atomic():
        action = ImprovementAction(
            plan=plan,
            code=_next_code(plan, "A", ImprovementAction, code),
            description=description,
            responsible=responsible,
            due=due,
            position=position if position is not None else _next_position(plan.improvement_actions.all()),
        )
        return changes.create(actor=actor, obj=action, scope=scope(plan))


@transaction.atomic
def improvement_action_update(
    *, actor, action: ImprovementAction, expected_version: int | None, **data
) -> ImprovementAction:
    ensure_editable(action.plan)
    require(actor, "plans.author_plan", action.plan)
    only_fields(data, ACTION_FIELDS)
    return changes.update(
        actor=actor, obj=action, data=data, expected_version=expected_version, scope=scope(action.plan)
    )


@transaction.atomic
def improvement_action_delete(*, actor, action: ImprovementAction, expected_version: int | None = None) -> None:
    ensure_editable(action.plan)
    require(actor, "plans.author_plan", action.plan)
    changes.delete(actor=actor, obj=action, scope=scope(action.plan), expected_version=expected_version)


def only_fields(data: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
