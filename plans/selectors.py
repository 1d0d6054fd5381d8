"""Read queries for plans that more than one page (or the checks, or the export) needs.

:func:`plan_content` loads a whole plan with a fixed number of queries, whatever its size; the
pages, the completeness check and the JSON export all read from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from stakeholders.models import FunctionGroup, Organisation, QualificationLevel, Unit

from .models import (
    Comment,
    Consultation,
    FormationRow,
    ImprovementAction,
    Intervention,
    LearningVisionPoint,
    Objective,
    Plan,
    QualificationMixRow,
    Theme,
    VisionPoint,
)


@dataclass
class PlanContent:
    plan: Plan
    themes: list[Theme]
    objectives: list[Objective]
    interventions: list[Intervention]
    vision_points: dict[str, LearningVisionPoint]
    qualification_rows: list[QualificationMixRow]
    formation_rows: list[FormationRow]
    improvement_actions: list[ImprovementAction]
    units: list[Unit]
    function_groups: list[FunctionGroup]
    objectives_by_theme: dict[int, list[Objective]] = field(default_factory=dict)
    interventions_by_objective: dict[int, list[Intervention]] = field(default_factory=dict)
    # Step 4: the discussion of the plan. Not plan text: the export and the snapshot skip it.
    comments: list[Comment] = field(default_factory=list)
    consultations: list[Consultation] = field(default_factory=list)

    @property
    def organisation(self) -> Organisation:
        return self.plan.organisation

    @property
    def open_comments(self) -> list[Comment]:
        return [c for c in self.comments if not c.is_handled]

    def comments_on(self, section: str) -> list[Comment]:
        """The comments on one part of the plan, open ones first, each group oldest first."""
        return open_first([c for c in self.comments if c.section == section])

    @property
    def consultation(self) -> Consultation | None:
        """The open consultation round, if any."""
        return next((r for r in self.consultations if r.is_open), None)


def open_first(comments: list[Comment]) -> list[Comment]:
    """Open comments first; each group keeps its order (oldest first)."""
    return sorted(comments, key=lambda c: c.is_handled)


def section_comments(plan: Plan, section: str) -> list[Comment]:
    """The comments on one part of the plan, for a page that does not load the whole plan."""
    return open_first(list(plan.comments.filter(section=section).select_related("unit", "intervention")))


def plan_content(plan: Plan) -> PlanContent:
    """Everything in steps 1–4 of ``plan``, in 13 queries regardless of its size."""
    themes = list(plan.themes.all())
    objectives = list(plan.objectives.all())
    interventions = list(
        plan.interventions.prefetch_related(
            Prefetch("units", queryset=Unit.objects.order_by("name")),
            Prefetch("objectives", queryset=Objective.objects.order_by("position", "pk")),
            Prefetch("function_groups", queryset=FunctionGroup.objects.order_by("name")),
        )
    )
    vision = {vp.point: vp for vp in plan.vision_points.all()}
    qualification_rows = list(plan.qualification_rows.select_related("unit"))
    formation_rows = list(plan.formation_rows.select_related("unit", "function_group"))
    actions = list(plan.improvement_actions.all())
    units = list(plan.organisation.units.all())
    groups = list(plan.organisation.function_groups.all())
    comments = list(plan.comments.select_related("unit", "intervention"))
    consultations = list(plan.consultations.all())

    by_theme: dict[int, list[Objective]] = defaultdict(list)
    for objective in objectives:
        by_theme[objective.theme_id].append(objective)
    by_objective: dict[int, list[Intervention]] = defaultdict(list)
    for intervention in interventions:
        for objective in intervention.objectives.all():
            by_objective[objective.pk].append(intervention)
    return PlanContent(
        plan=plan,
        themes=themes,
        objectives=objectives,
        interventions=interventions,
        vision_points=vision,
        qualification_rows=qualification_rows,
        formation_rows=formation_rows,
        improvement_actions=actions,
        units=units,
        function_groups=groups,
        objectives_by_theme=dict(by_theme),
        interventions_by_objective=dict(by_objective),
        comments=comments,
        consultations=consultations,
    )


def vision_rows(content: PlanContent) -> list[tuple[str, str, LearningVisionPoint | None]]:
    """(code, label, stored point or None) for the seven points, in their fixed order."""
    return [(p.value, p.label, content.vision_points.get(p.value)) for p in VisionPoint]


@dataclass
class QualificationSummary:
    level: str
    label: str
    current: Decimal
    desired: Decimal

    @property
    def gap(self) -> Decimal:
        return self.desired - self.current


def qualification_summary(rows: list[QualificationMixRow]) -> list[QualificationSummary]:
    """Totals per qualification level over all units, in the order of the levels."""
    totals = {
        lvl.value: QualificationSummary(lvl.value, lvl.label, Decimal(0), Decimal(0))
        for lvl in QualificationLevel
    }
    for row in rows:
        totals[row.level].current += row.current_fte
        totals[row.level].desired += row.desired_fte
    return [s for s in totals.values() if s.current or s.desired]


@dataclass
class FormationSummary:
    current_fte: Decimal
    care_fte: Decimal
    outflow_per_year: Decimal
    growth_per_year: Decimal
    training_need_per_year: Decimal
    internship_places: Decimal

    @property
    def quota(self) -> Decimal | None:
        """R20: internship places per 100 FTE care staff."""
        if not self.care_fte:
            return None
        return (self.internship_places / self.care_fte * 100).quantize(Decimal("0.1"))


QUOTA_REFERENCE = Decimal("15")  # R20: 15 FTE internship places per 100 FTE care staff


def formation_summary(rows: list[FormationRow]) -> FormationSummary:
    zero = Decimal(0)
    return FormationSummary(
        current_fte=sum((r.current_fte for r in rows), zero),
        care_fte=sum((r.current_fte for r in rows if r.function_group.is_care_staff), zero),
        outflow_per_year=sum((r.outflow_per_year for r in rows), zero),
        growth_per_year=sum((r.growth_per_year for r in rows), zero),
        training_need_per_year=sum((r.training_need_per_year for r in rows), zero),
        internship_places=sum((r.internship_places for r in rows), zero),
    )
