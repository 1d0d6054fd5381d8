"""Execution of one plan year (issue 11): planned vs realised per intervention, theme and source.

Read from the operational year plan (the planned figures and split, ``budget_for``) and the
execution recorded on each line (took place, participants reached, realised costs per funding
source, fit with the objective). The realised costs of a line are its ``realised_amount``, which
the execution service keeps equal to the sum of its realised split: one source for the realised
totals shown here, on the costs overview and on the plan over the years page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from plans.content.models import Intervention
from plans.interchange.format import code_key

from .models import ZERO, RealisedFunding, TookPlace, YearPlanLine
from .selectors import UNASSIGNED, BudgetContent


@dataclass
class ExecutionRow:
    line: YearPlanLine
    intervention: Intervention
    theme_code: str | None
    planned_funding: dict[int, Decimal]  # source pk → planned amount
    realised_funding: dict[int, Decimal]  # source pk → realised amount
    editable: bool = False  # set by the page: may this user record it

    @property
    def recorded(self) -> bool:
        return bool(self.line.took_place) or self.line.realised_amount is not None

    @property
    def difference(self) -> Decimal | None:
        if self.line.realised_amount is None:
            return None
        return self.line.realised_amount - self.line.total


@dataclass
class Comparison:
    """Planned vs realised for a theme or a funding source."""

    code: str | None
    name: str
    planned: Decimal = ZERO
    realised: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.realised - self.planned


@dataclass
class YearExecution:
    year: int
    rows: list[ExecutionRow]
    by_theme: list[Comparison] = field(default_factory=list)
    by_source: list[Comparison] = field(default_factory=list)

    @property
    def planned(self) -> Decimal:
        return sum((r.line.total for r in self.rows), ZERO)

    @property
    def realised(self) -> Decimal:
        return sum((r.line.realised_amount or ZERO for r in self.rows), ZERO)

    @property
    def planned_participants(self) -> int:
        return sum(r.line.participants for r in self.rows)

    @property
    def realised_participants(self) -> int:
        return sum(r.line.realised_participants or 0 for r in self.rows)

    @property
    def recorded(self) -> int:
        return sum(1 for r in self.rows if r.recorded)

    @property
    def difference(self) -> Decimal:
        return self.realised - self.planned

    def count(self, took_place: str) -> int:
        return sum(1 for r in self.rows if r.line.took_place == took_place)

    @property
    def fully(self) -> int:
        return self.count(TookPlace.FULLY)

    @property
    def partly(self) -> int:
        return self.count(TookPlace.PARTLY)

    @property
    def not_held(self) -> int:
        return self.count(TookPlace.NOT)


def year_execution(budget: BudgetContent, year: int) -> YearExecution:
    """Planned vs realised of ``year`` (one query on top of the budget)."""
    lines = sorted(budget.lines_in(year), key=lambda ln: (ln.intervention.position, code_key(ln.intervention.code)))
    realised: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in RealisedFunding.objects.filter(line__in=[line.pk for line in lines]).values_list(
        "line_id", "source_id", "amount"
    ):
        realised[row[0]][row[1]] = row[2]
    rows = []
    themes: dict[int | None, Comparison] = {
        t.pk: Comparison(t.code, t.title) for t in sorted(budget.content.themes, key=lambda t: code_key(t.code))
    }
    for line in lines:
        theme = budget.theme_of(line.intervention)
        rows.append(
            ExecutionRow(
                line=line, intervention=line.intervention, theme_code=theme.code if theme else None,
                planned_funding=budget.line_funding(line), realised_funding=dict(realised.get(line.pk, {})),
            )
        )
        key = theme.pk if theme else None
        if key not in themes:
            themes[key] = Comparison(None, _("Interventions without an objective"))
        themes[key].planned += line.total
        themes[key].realised += line.realised_amount or ZERO
    sources: list[Comparison] = []
    for source in budget.sources:
        planned = sum((r.planned_funding.get(source.pk, ZERO) for r in rows), ZERO)
        spent = sum((r.realised_funding.get(source.pk, ZERO) for r in rows), ZERO)
        if planned or spent:
            sources.append(Comparison(source.code, source.name, planned, spent))
    # Realised costs recorded as a total only (without a split) and planned costs not yet assigned.
    unassigned_planned = sum((line.total - budget.funded(line) for line in lines), ZERO)
    unassigned_realised = sum(
        ((r.line.realised_amount or ZERO) - sum(r.realised_funding.values(), ZERO) for r in rows), ZERO
    )
    if unassigned_planned or unassigned_realised:
        sources.append(Comparison(UNASSIGNED, _("Not assigned to a funding source"), unassigned_planned, unassigned_realised))
    by_theme = [c for c in themes.values() if c.planned or c.realised]
    return YearExecution(year=year, rows=rows, by_theme=by_theme, by_source=sources)
