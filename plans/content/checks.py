"""Completeness checks for the plan itself and steps 1–3 (domain.md, seed 000).

Step 4 registers its own (``plans.alignment.checks``), the budget its own (``budgets.checks``).

"Ingredient N" refers to the list of plan ingredients in domain.md (the PDF's chapter order).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from plans.content.completeness import BLOCKING, WARNING, Finding, register
from plans.content.models import InterventionLevel, Topic, VisionPoint
from plans.content.selectors import QUOTA_REFERENCE, PlanContent, care_unit_rows, formation_summary


@register
def check_general(content: PlanContent) -> Iterator[Finding]:
    plan = content.plan
    if not plan.preface.strip():
        yield Finding("general", "ingredient 1", BLOCKING, _("Write a preface (chapter 1 of the plan)."))
    if not plan.vision.strip():
        yield Finding(
            "koers",
            "step 1",
            BLOCKING,
            _("Describe the organisation's strategic vision (koers): the themes follow from it."),
        )
    if not content.improvement_actions:
        yield Finding(
            "actions",
            "ingredient 10",
            BLOCKING,
            _("Name at least one action for the coming year to improve the plan."),
        )


@register
def check_themes(content: PlanContent) -> Iterator[Finding]:
    plan = content.plan
    if not content.themes:
        yield Finding("themes", "step 1", BLOCKING, _("Add the strategic themes that follow from the vision."))
    for theme in content.themes:
        anchor = f"theme-{theme.pk}"
        if not theme.description.strip():
            yield Finding(
                "themes", "step 1", BLOCKING, _("%(theme)s has no description.") % {"theme": theme}, anchor
            )
        if not theme.implications.strip():
            yield Finding(
                "themes",
                "step 1",
                WARNING,
                _("%(theme)s: what does it mean for the qualifications and competences of staff?")
                % {"theme": theme},
                anchor,
            )
        if not content.objectives_by_theme.get(theme.pk):
            yield Finding(
                "themes",
                "ingredient 5",
                BLOCKING,
                _("%(theme)s has no objective (desired situation) yet.") % {"theme": theme},
                anchor,
            )
    for objective in content.objectives:
        anchor = f"objective-{objective.pk}"
        if not objective.indicator.strip() or not objective.target_year:
            yield Finding(
                "themes",
                "step 1",
                WARNING,
                _("Objective %(code)s: add an indicator and a target year, so it can be evaluated (R17).")
                % {"code": objective.code},
                anchor,
            )
        elif objective.target_year > plan.end_year:
            yield Finding(
                "themes",
                "step 1",
                WARNING,
                _("Objective %(code)s is due after the plan period (%(year)s).")
                % {"code": objective.code, "year": objective.target_year},
                anchor,
            )


@register
def check_vision(content: PlanContent) -> Iterator[Finding]:
    plan = content.plan
    for point in VisionPoint:
        stored = content.vision_points.get(point.value)
        now = stored.now.strip() if stored else ""
        future = stored.future.strip() if stored else ""
        if not now and not future:
            yield Finding(
                "vision",
                "step 2",
                BLOCKING,
                _("Vision on learning: describe “%(point)s”, now and in four years.") % {"point": point.label},
                f"point-{point.value}",
            )
        elif not now or not future:
            yield Finding(
                "vision",
                "step 2",
                WARNING,
                _("Vision on learning: “%(point)s” needs both the situation now and in four years.")
                % {"point": point.label},
                f"point-{point.value}",
            )
    total = plan.mix_total
    if total is None:
        yield Finding("vision", "R15", WARNING, _("State the intended 70-20-10 mix of learning."), "mix")
    elif total != 100:
        yield Finding(
            "vision",
            "R15",
            BLOCKING,
            _("The learning mix adds up to %(total)s %%; it must be 100 %%.") % {"total": total},
            "mix",
        )


@register
def check_interventions(content: PlanContent) -> Iterator[Finding]:
    plan = content.plan
    if not content.interventions:
        yield Finding(
            "interventions", "step 3", BLOCKING, _("Translate the objectives into learning interventions.")
        )
    for objective in content.objectives:
        if not content.interventions_by_objective.get(objective.pk):
            yield Finding(
                "interventions",
                "R3",
                BLOCKING,
                _("Objective %(code)s has no learning intervention yet.") % {"code": objective.code},
                "matrix",
            )
    covered: set[str] = set()
    for intervention in content.interventions:
        anchor = f"intervention-{intervention.pk}"
        covered.update(intervention.topics)
        if not intervention.years:
            yield Finding(
                "interventions",
                "R3",
                BLOCKING,
                _("%(i)s: say in which year(s) it takes place.") % {"i": intervention},
                anchor,
            )
        elif any(not plan.start_year <= y <= plan.end_year for y in intervention.years):
            yield Finding(
                "interventions",
                "R3",
                BLOCKING,
                _("%(i)s runs in a year outside the plan period.") % {"i": intervention},
                anchor,
            )
        if intervention.level == InterventionLevel.UNIT and not intervention.units.all():
            yield Finding(
                "interventions",
                "R2",
                BLOCKING,
                _("%(i)s is for specific units: pick the units.") % {"i": intervention},
                anchor,
            )
        if not intervention.objectives.all() and not intervention.already_running:
            yield Finding(
                "interventions",
                "R3",
                WARNING,
                _("%(i)s serves no objective.") % {"i": intervention},
                anchor,
            )
        if not intervention.work_forms:
            yield Finding(
                "interventions", "R3", WARNING, _("%(i)s: choose its work forms.") % {"i": intervention}, anchor
            )
        if not intervention.horizon:
            yield Finding(
                "interventions",
                "R23",
                WARNING,
                _("%(i)s: when is its effect expected (short, medium, long)?") % {"i": intervention},
                anchor,
            )
    if content.interventions:
        for topic in Topic:
            if topic.value not in covered:
                yield Finding(
                    "interventions",
                    "R12",
                    BLOCKING,
                    _("No intervention addresses the mandatory topic “%(topic)s”.") % {"topic": topic.label},
                )


@register
def check_qualification(content: PlanContent) -> Iterator[Finding]:
    if not content.qualification_rows:
        yield Finding(
            "qualification",
            "R4",
            BLOCKING,
            _("Describe the current and desired qualification mix per unit (ingredient 7)."),
        )


@register
def check_formation(content: PlanContent) -> Iterator[Finding]:
    rows = care_unit_rows(content.formation_rows)  # R5/R20 are about care staff only
    if not rows:
        yield Finding(
            "formation",
            "R5",
            BLOCKING,
            _("Describe the formation, outflow and growth per unit (ingredient 6)."),
        )
        return
    covered_units = {r.unit_id for r in rows}
    parents = {u.parent_id for u in content.units}
    for unit in content.units:
        # Teams (units without sub-units) carry the formation; a division's own few FTE of
        # management need not be planned row by row.
        if unit.is_care_staff and unit.fte and unit.pk not in parents and unit.pk not in covered_units:
            yield Finding(
                "formation",
                "R5",
                WARNING,
                _("Unit %(unit)s has staff but no formation figures.") % {"unit": unit.name},
            )
    summary = formation_summary(rows)
    if summary.quota is not None and summary.quota < QUOTA_REFERENCE:
        yield Finding(
            "formation",
            "R20",
            WARNING,
            _(
                "The training quota is %(quota)s internship places per 100 FTE care staff; "
                "the regional reference is %(ref)s."
            )
            % {"quota": summary.quota, "ref": QUOTA_REFERENCE},
        )
