"""Read queries for plans that more than one page (or the checks, or the export) needs.

:func:`plan_content` gives the whole plan for reading, each part loaded on first use with a fixed
number of queries, whatever the plan's size; the pages, the completeness check and the JSON
export all read from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Prefetch

from plans.content.models import (
    EDITABLE_STATUSES,
    FormationRow,
    ImprovementAction,
    Intervention,
    LearningVisionPoint,
    Objective,
    Plan,
    PlanVersion,
    QualificationMixRow,
    Theme,
    VisionPoint,
)
from stakeholders.freshness import CACHED_SECONDS
from stakeholders.models import FunctionGroup, Organisation, QualificationLevel, Unit

if TYPE_CHECKING:  # step 4 builds on this module; its rows are read through the plan
    from plans.alignment.models import Comment, Consultation


class PlanContent:
    """Everything in steps 1–4 of a plan, each part loaded from the database on first use.

    Every part costs a fixed number of queries (13 for the whole plan), whatever the plan's
    size. A page reads only the parts it shows: the actions page loads the actions, not 400
    interventions with their units, objectives and function groups.
    """

    def __init__(self, plan: Plan):
        self.plan = plan

    @cached_property
    def themes(self) -> list[Theme]:
        return list(self.plan.themes.all())

    @cached_property
    def objectives(self) -> list[Objective]:
        return list(self.plan.objectives.all())

    @cached_property
    def interventions(self) -> list[Intervention]:
        return list(
            self.plan.interventions.prefetch_related(
                Prefetch("units", queryset=Unit.objects.order_by("name")),
                Prefetch("objectives", queryset=Objective.objects.order_by("position", "pk")),
                Prefetch("function_groups", queryset=FunctionGroup.objects.order_by("name")),
            )
        )

    @cached_property
    def vision_points(self) -> dict[str, LearningVisionPoint]:
        return {vp.point: vp for vp in self.plan.vision_points.all()}

    @cached_property
    def qualification_rows(self) -> list[QualificationMixRow]:
        return list(self.plan.qualification_rows.select_related("unit"))

    @cached_property
    def formation_rows(self) -> list[FormationRow]:
        return list(self.plan.formation_rows.select_related("unit", "function_group"))

    @cached_property
    def improvement_actions(self) -> list[ImprovementAction]:
        return list(self.plan.improvement_actions.all())

    @cached_property
    def units(self) -> list[Unit]:
        return list(self.plan.organisation.units.all())

    @cached_property
    def function_groups(self) -> list[FunctionGroup]:
        return list(self.plan.organisation.function_groups.all())

    @cached_property
    def objectives_by_theme(self) -> dict[int, list[Objective]]:
        by_theme: dict[int, list[Objective]] = defaultdict(list)
        for objective in self.objectives:
            by_theme[objective.theme_id].append(objective)
        return dict(by_theme)

    @cached_property
    def interventions_by_objective(self) -> dict[int, list[Intervention]]:
        by_objective: dict[int, list[Intervention]] = defaultdict(list)
        for intervention in self.interventions:
            for objective in intervention.objectives.all():
                by_objective[objective.pk].append(intervention)
        return dict(by_objective)

    # Step 4: the discussion of the plan. Not plan text: the export and the snapshot skip it.
    @cached_property
    def comments(self) -> list[Comment]:
        return list(self.plan.comments.filter(evaluation=None).select_related("unit", "intervention"))

    @cached_property
    def consultations(self) -> list[Consultation]:
        return list(self.plan.consultations.all())

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


def current_version(plan: Plan) -> PlanVersion | None:
    """The version the plan stands on while it is past drafting; none while it is a draft."""
    if plan.status in EDITABLE_STATUSES:
        return None
    return plan.versions.order_by("-number").first()


def section_comments(plan: Plan, section: str, *, state: str = "") -> list[Comment]:
    """The comments on one part of the plan, for a page that does not load the whole plan.

    With ``state`` (``completeness.plan_state``: every comment written or handled is a change of
    the organisation, ``stakeholders.freshness``) they are read once per state of the plan.
    """
    key = f"soplan:comments:{state}:{section}" if state else None
    if key is not None and (cached := cache.get(key)) is not None:
        return cached
    comments = open_first(list(plan.comments.filter(section=section, evaluation=None).select_related("unit", "intervention")))
    if key is not None:
        cache.set(key, comments, CACHED_SECONDS)
    return comments


def plan_content(plan: Plan) -> PlanContent:
    """The whole of ``plan`` for reading; each part is loaded when first used (13 queries for all)."""
    return PlanContent(plan)


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
        return training_quota(self.internship_places, self.care_fte)


QUOTA_REFERENCE = Decimal("15")  # R20: 15 FTE internship places per 100 FTE care staff


def training_quota(internship_places: Decimal, care_fte: Decimal) -> Decimal | None:
    """R20: internship places (BPV) per 100 FTE care staff, to one decimal; None without care staff.

    The one place for the formula: the plan's pages, its PDF and the regional dashboard use it."""
    if not care_fte:
        return None
    return (internship_places / care_fte * 100).quantize(Decimal("0.1"))


def care_unit_rows(rows: list[FormationRow]) -> list[FormationRow]:
    """The rows of units with care staff: a staff department's figures count for neither R5 nor R20."""
    return [r for r in rows if r.unit.is_care_staff]


def formation_summary(rows: list[FormationRow]) -> FormationSummary:
    """R5/R20 totals over the units with care staff; care FTE needs a care function group too."""
    zero = Decimal(0)
    rows = care_unit_rows(rows)
    return FormationSummary(
        current_fte=sum((r.current_fte for r in rows), zero),
        care_fte=sum((r.current_fte for r in rows if r.function_group.is_care_staff), zero),
        outflow_per_year=sum((r.outflow_per_year for r in rows), zero),
        growth_per_year=sum((r.growth_per_year for r in rows), zero),
        training_need_per_year=sum((r.training_need_per_year for r in rows), zero),
        internship_places=sum((r.internship_places for r in rows), zero),
    )


MATRIX_COLUMNS = 60  # interventions shown as columns; a larger plan gets a list per objective


@dataclass
class MatrixRow:
    objective: Objective
    theme: Theme
    cells: list[bool]  # per intervention, in plan order: does it serve this objective?
    codes: list[Intervention] = field(default_factory=list)  # the interventions that do

    @property
    def is_gap(self) -> bool:
        return not any(self.cells)


@dataclass
class Matrix:
    """Objectives × interventions (R3), both in plan order: the objectives by theme and position,
    the interventions by position; a row without a mark is an objective no intervention serves."""

    interventions: list[Intervention]
    rows: list[MatrixRow]
    serving_nothing: set[int]  # interventions that serve no objective

    @property
    def gaps(self) -> int:
        return sum(1 for r in self.rows if r.is_gap)

    @property
    def as_grid(self) -> bool:
        """A grid while it fits a screen; past that a list per objective (which grows linearly)."""
        return len(self.interventions) <= MATRIX_COLUMNS

    @property
    def width(self) -> int:
        return len(self.interventions) + 1


def objectives_matrix(content: PlanContent) -> Matrix:
    themes = {t.pk: t for t in content.themes}
    theme_order = {t.pk: n for n, t in enumerate(content.themes)}
    objectives = sorted(content.objectives, key=lambda o: (theme_order.get(o.theme_id, 0), o.position, o.pk))
    interventions = content.interventions  # ordered by position
    served = {i.pk: {o.pk for o in i.objectives.all()} for i in interventions}
    rows = [
        MatrixRow(o, themes.get(o.theme_id), [o.pk in served[i.pk] for i in interventions]) for o in objectives
    ]
    for row in rows:  # the interventions of each objective, for the list form
        row.codes = [i for i, serves in zip(interventions, row.cells, strict=True) if serves]
    return Matrix(interventions, rows, {i.pk for i in interventions if not served[i.pk]})
