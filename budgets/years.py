"""The plan over the years: one row per plan year of an organisation's adopted plans (issue 11).

Per year: the objectives realised, partly and not (from the closed evaluation of that year,
R17), per theme; the planned spend per funding source next to the realised total; the training
quota of the plan's formation (R20) and the own spending as a share of the wage bill against the
CAO norm (R14). When plans overlap (a change of an adopted plan covers the same years), a year
is shown from the newest adopted plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from plans.content.models import Plan, PlanStatus
from plans.content.selectors import QUOTA_REFERENCE, formation_summary, plan_content  # noqa: F401 - QUOTA_REFERENCE for the page
from plans.evaluation.models import Realisation
from stakeholders.models import Organisation

from .selectors import Row, YearFigures, budget_for

RUNNING = (PlanStatus.ADOPTED, PlanStatus.SENT_TO_ZORGKANTOOR, PlanStatus.IN_EXECUTION, PlanStatus.EVALUATED)


@dataclass
class ThemeResult:
    code: str
    title: str
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, result: str) -> int:
        return self.counts.get(result, 0)


@dataclass
class PlanYear:
    year: int
    plan: Plan
    figures: YearFigures
    sources: list[tuple[Row, Decimal]]  # planned per funding source in this year
    quota: Decimal | None
    evaluated: bool
    themes: list[ThemeResult]

    def total(self, result: str) -> int:
        return sum(t.count(result) for t in self.themes)

    @property
    def realised(self) -> int:
        return self.total(Realisation.REALISED)

    @property
    def partly(self) -> int:
        return self.total(Realisation.PARTLY)

    @property
    def not_realised(self) -> int:
        return self.total(Realisation.NOT_REALISED)


def plan_years(organisation: Organisation) -> list[PlanYear]:
    plans = list(organisation.plans.filter(status__in=RUNNING).order_by("start_year", "pk"))
    newest: dict[int, Plan] = {}
    for plan in plans:  # a later adopted plan (a change) takes over the years it covers
        for year in plan.years:
            newest[year] = plan
    out: list[PlanYear] = []
    for plan in plans:
        years = [y for y in plan.years if newest[y] == plan]
        if not years:
            continue
        content = plan_content(plan)
        budget = budget_for(content)
        quota = formation_summary(content.formation_rows).quota
        evaluations = {
            e.year: e
            for e in plan.evaluations.filter(closed_at__isnull=False).prefetch_related(
                "objective_results__objective__theme"
            )
        }
        by_source = budget.by_source()
        for year in years:
            themes: dict[int, ThemeResult] = {t.pk: ThemeResult(t.code, t.title) for t in content.themes}
            evaluation = evaluations.get(year)
            if evaluation is not None:
                for result in evaluation.objective_results.all():
                    theme = themes.get(result.objective.theme_id)
                    if theme is not None:
                        theme.counts[result.result] = theme.counts.get(result.result, 0) + 1
            out.append(
                PlanYear(
                    year=year, plan=plan, figures=budget.year(year),
                    sources=[(row, row.amounts.get(year, Decimal(0))) for row in by_source],
                    quota=quota, evaluated=evaluation is not None, themes=list(themes.values()),
                )
            )
    return sorted(out, key=lambda py: py.year)

