"""Read side of the budget: one loader and the figures every page, check and export shares.

:func:`budget_for` loads the budget of a plan in a fixed number of queries (8, whatever the
number of interventions) on top of :func:`plans.selectors.plan_content`, and remembers it on the
content object, so that the page, the completeness check and the JSON export of one request read
the same rows. The sums here are the only ones: screen, Excel and JSON all take them from
:class:`BudgetContent`, so they agree to the cent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from plans.content.selectors import PlanContent
from plans.interchange.format import code_key
from plans.models import Intervention, Plan, Theme

from .models import (
    ZERO,
    BudgetYear,
    CostEstimate,
    FundingScheme,
    FundingSchemeYear,
    FundingSource,
    YearPlanLine,
    cents,
)

HUNDRED = Decimal("100")
UNASSIGNED = "unassigned"
TENTH = Decimal("0.1")


@dataclass
class SchemeYearFigures:
    """The extra-middelen calculator for one scheme in one year (R16)."""

    scheme: FundingScheme
    year: int
    values: FundingSchemeYear | None  # the scheme year that applies (may be an earlier year)
    base: Decimal  # production × maximum tariffs
    planned_training: Decimal  # year-plan amounts on the scheme's source
    planned_day_activities: Decimal | None  # entered by the author

    @property
    def carried_forward(self) -> bool:
        """The values come from an earlier scheme year (the latest one at or before this year)."""
        return self.values is not None and self.values.year != self.year

    @property
    def provisional_amount(self) -> Decimal | None:
        if self.values is None or not self.base:
            return None
        return cents(self.base * self.values.tariff_percentage / HUNDRED)

    @property
    def indicative_training(self) -> Decimal | None:
        amount = self.provisional_amount
        if amount is None:
            return None
        return cents(amount * self.values.training_share / HUNDRED)

    @property
    def indicative_day_activities(self) -> Decimal | None:
        amount = self.provisional_amount
        if amount is None:
            return None
        return amount - self.indicative_training

    @property
    def planned_total(self) -> Decimal:
        return self.planned_training + (self.planned_day_activities or ZERO)

    @property
    def claims(self) -> bool:
        return self.planned_total > 0

    @property
    def planned_training_share(self) -> Decimal | None:
        if not self.planned_total:
            return None
        return (self.planned_training * HUNDRED / self.planned_total).quantize(TENTH)

    @property
    def deviates(self) -> bool:
        """R16: the planned split differs from the indicative split by more than the tolerance."""
        share = self.planned_training_share
        if share is None or self.values is None:
            return False
        return abs(share - self.values.training_share) > self.scheme.split_tolerance

    @property
    def exceeds_provisional(self) -> bool:
        amount = self.provisional_amount
        return amount is not None and self.planned_total > amount


@dataclass
class YearFigures:
    year: int
    lines: list[YearPlanLine]
    budget_year: BudgetYear | None
    total: Decimal
    by_source: dict[int, Decimal]  # source pk → amount
    unassigned: Decimal
    own_spending: Decimal  # amounts on sources that count towards the CAO norm (R14)
    realised: Decimal
    realised_lines: int
    schemes: list[SchemeYearFigures]

    @property
    def wage_bill(self) -> Decimal | None:
        return self.budget_year.wage_bill if self.budget_year else None

    @property
    def norm_percentage(self) -> Decimal | None:
        return self.budget_year.norm_percentage if self.budget_year else None

    @property
    def norm_amount(self) -> Decimal | None:
        if self.wage_bill is None:
            return None
        return cents(self.wage_bill * self.norm_percentage / HUNDRED)

    @property
    def own_share_of_wage_bill(self) -> Decimal | None:
        if not self.wage_bill:
            return None
        return (self.own_spending * HUNDRED / self.wage_bill).quantize(Decimal("0.01"))

    @property
    def below_norm(self) -> bool:
        norm = self.norm_amount
        return norm is not None and self.own_spending < norm

    @property
    def realised_planned(self) -> Decimal:
        """The planned total of the lines that have realised figures (to compare like with like)."""
        return sum((line.total for line in self.lines if line.realised_amount is not None), ZERO)


@dataclass
class Row:
    """A row of an overview: a source or theme with an amount per year."""

    code: str | None
    name: str
    amounts: dict[int, Decimal]
    pk: int | None = None

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


@dataclass
class BudgetContent:
    plan: Plan
    content: PlanContent
    sources: list[FundingSource]
    schemes: list[FundingScheme]
    budget_years: dict[int, BudgetYear]
    estimates: list[CostEstimate]
    lines: list[YearPlanLine]
    hidden_rows: int  # rows for years outside the plan period (after the period was shortened)
    funding: dict[int, dict[int, Decimal]] = field(default_factory=dict)  # line pk → source pk → amount
    _years: dict[int, YearFigures] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)

    # --- lookups ---------------------------------------------------------------------------

    @property
    def years(self) -> list[int]:
        return self.plan.years

    @property
    def source_by_pk(self) -> dict[int, FundingSource]:
        return {s.pk: s for s in self.sources}

    def offered_sources(self, year: int | None = None) -> list[FundingSource]:
        """Sources the year-plan editor offers: active ones (in ``year``) and those already used."""
        used = {pk for amounts in self.funding.values() for pk in amounts}
        return [
            s for s in self.sources
            if s.pk in used or (s.is_active and (year is None or s.is_available_in(year)))
        ]

    # Lookups by key are indexed once per budget: the pages and checks ask them for every
    # intervention and year, and a scan per question made a 400-intervention plan quadratic.

    def lines_in(self, year: int) -> list[YearPlanLine]:
        if "lines_by_year" not in self._cache:
            index: dict[int, list[YearPlanLine]] = {}
            for line in self.lines:
                index.setdefault(line.year, []).append(line)
            self._cache["lines_by_year"] = index
        return list(self._cache["lines_by_year"].get(year, []))

    def line_for(self, intervention: Intervention, year: int) -> YearPlanLine | None:
        if "line_index" not in self._cache:
            self._cache["line_index"] = {(line.intervention_id, line.year): line for line in self.lines}
        return self._cache["line_index"].get((intervention.pk, year))

    def interventions_in(self, year: int) -> list[Intervention]:
        """Interventions that run in ``year`` (plans.Intervention.years), in plan order."""
        if "running" not in self._cache:
            index: dict[int, list[Intervention]] = {}
            for intervention in self.content.interventions:
                for running_year in intervention.years:
                    index.setdefault(running_year, []).append(intervention)
            self._cache["running"] = index
        return list(self._cache["running"].get(year, []))

    def theme_of(self, intervention: Intervention) -> Theme | None:
        """The theme an intervention's costs count under: that of its first objective (by code)."""
        objectives = sorted(intervention.objectives.all(), key=lambda o: code_key(o.code))
        if not objectives:
            return None
        return self._themes.get(objectives[0].theme_id)

    @property
    def _themes(self) -> dict[int, Theme]:
        if "themes" not in self._cache:
            self._cache["themes"] = {t.pk: t for t in self.content.themes}
        return self._cache["themes"]

    def line_funding(self, line: YearPlanLine) -> dict[int, Decimal]:
        return self.funding.get(line.pk, {})

    def funded(self, line: YearPlanLine) -> Decimal:
        return sum(self.line_funding(line).values(), ZERO)

    def unassigned(self, line: YearPlanLine) -> Decimal:
        return line.total - self.funded(line)

    # --- figures ---------------------------------------------------------------------------

    def year(self, year: int) -> YearFigures:
        if year not in self._years:
            self._years[year] = self._figures(year)
        return self._years[year]

    def all_years(self) -> list[YearFigures]:
        return [self.year(y) for y in self.years]

    def _figures(self, year: int) -> YearFigures:
        lines = self.lines_in(year)
        by_source: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for line in lines:
            for source_pk, amount in self.line_funding(line).items():
                by_source[source_pk] += amount
        sources = self.source_by_pk
        total = sum((line.total for line in lines), ZERO)
        funded = sum(by_source.values(), ZERO)
        budget_year = self.budget_years.get(year)
        base = sum((p.base for p in budget_year.production.all()), ZERO) if budget_year else ZERO
        schemes = []
        for scheme in self.schemes:
            figures = SchemeYearFigures(
                scheme=scheme,
                year=year,
                values=scheme.values_for(year, list(scheme.years.all())),
                base=base,
                planned_training=by_source.get(scheme.source_id, ZERO),
                planned_day_activities=budget_year.day_activities_amount if budget_year else None,
            )
            schemes.append(figures)
        realised = [line for line in lines if line.realised_amount is not None]
        return YearFigures(
            year=year,
            lines=lines,
            budget_year=budget_year,
            total=total,
            by_source=dict(by_source),
            unassigned=total - funded,
            own_spending=sum(
                (a for pk, a in by_source.items() if sources[pk].counts_towards_wage_bill_norm), ZERO
            ),
            realised=sum((line.realised_amount for line in realised), ZERO),
            realised_lines=len(realised),
            schemes=schemes,
        )

    @property
    def total(self) -> Decimal:
        return sum((f.total for f in self.all_years()), ZERO)

    @property
    def realised_total(self) -> Decimal:
        return sum((f.realised for f in self.all_years()), ZERO)

    @property
    def claims_extra_middelen_wlz(self) -> bool:
        """Any amount funded from a source whose claim needs the client council (R10)."""
        consent = {s.pk for s in self.sources if s.requires_client_council_consent}
        if any(pk in consent and amount > 0 for amounts in self.funding.values() for pk, amount in amounts.items()):
            return True
        # The day-activities part of a scheme is a claim on its source too (the CR's part, R10).
        return any(
            figures.planned_day_activities and figures.scheme.source_id in consent
            for y in self.years
            for figures in self.year(y).schemes
        )

    @property
    def deviates_from_indicative_split(self) -> bool:
        return any(s.deviates for f in self.all_years() for s in f.schemes)

    def by_source(self) -> list[Row]:
        """Per funding source (in the sources' order), only those with an amount; then what is unassigned."""
        rows = []
        for source in self.sources:
            amounts = {y: self.year(y).by_source.get(source.pk, ZERO) for y in self.years}
            if any(amounts.values()):
                rows.append(Row(source.code, source.name, amounts, source.pk))
        unassigned = {y: self.year(y).unassigned for y in self.years}
        if any(unassigned.values()):
            rows.append(Row(UNASSIGNED, _("Not yet assigned to a funding source"), unassigned))
        return rows

    def by_theme(self) -> list[Row]:
        """Per theme (code order), all themes; then the costs of interventions without an objective."""
        amounts: dict[int | None, dict[int, Decimal]] = defaultdict(lambda: {y: ZERO for y in self.years})
        for line in self.lines:
            theme = self.theme_of(line.intervention)
            amounts[theme.pk if theme else None][line.year] += line.total
        rows = [
            Row(t.code, t.title, dict(amounts[t.pk]), t.pk)
            for t in sorted(self.content.themes, key=lambda t: code_key(t.code))
        ]
        if None in amounts and any(amounts[None].values()):
            rows.append(Row(None, _("Interventions without an objective"), dict(amounts[None])))
        return rows

    def estimate_rows(self) -> list[Row]:
        """R7: the cost estimate per theme (its own estimate plus those of its objectives)."""
        amounts: dict[int, dict[int, Decimal]] = defaultdict(lambda: {y: ZERO for y in self.years})
        for estimate in self.estimates:
            amounts[estimate.theme_id][estimate.year] += estimate.amount
        return [
            Row(t.code, t.title, dict(amounts[t.pk]), t.pk)
            for t in sorted(self.content.themes, key=lambda t: code_key(t.code))
        ]

    def estimate_for(self, theme_pk: int, objective_pk: int | None, year: int) -> CostEstimate | None:
        if "estimate_index" not in self._cache:
            self._cache["estimate_index"] = {(e.theme_id, e.objective_id, e.year): e for e in self.estimates}
        return self._cache["estimate_index"].get((theme_pk, objective_pk, year))

    @property
    def estimate_total(self) -> Decimal:
        return sum((e.amount for e in self.estimates), ZERO)


def default_profile(intervention: Intervention) -> str:
    """The function groups of the intervention: the default function or profession profile."""
    return ", ".join(g.name for g in intervention.function_groups.all())


@dataclass
class LineRow:
    """One row of the year-plan table: an intervention in the year, with or without figures."""

    intervention: Intervention
    line: YearPlanLine | None
    theme: Theme | None
    funding: list[tuple[FundingSource, Decimal]]
    unassigned: Decimal
    running: bool

    @property
    def profile(self) -> str:
        if self.line and self.line.profile:
            return self.line.profile
        return default_profile(self.intervention)

    @property
    def learning_outcome(self) -> str:
        if self.line and self.line.learning_outcome:
            return self.line.learning_outcome
        return self.intervention.learning_outcome


def line_row(budget: BudgetContent, intervention: Intervention, year: int) -> LineRow:
    line = budget.line_for(intervention, year)
    sources = budget.source_by_pk
    funding = []
    if line is not None:
        funding = sorted(
            ((sources[pk], amount) for pk, amount in budget.line_funding(line).items()),
            key=lambda item: (item[0].position, item[0].code),
        )
    return LineRow(
        intervention=intervention,
        line=line,
        theme=budget.theme_of(intervention),
        funding=funding,
        unassigned=budget.unassigned(line) if line else ZERO,
        running=year in intervention.years,
    )


def year_rows(budget: BudgetContent, year: int) -> list[LineRow]:
    """The rows of a year: interventions running that year, then figures left for interventions that no longer run then."""
    running = [line_row(budget, i, year) for i in budget.interventions_in(year)]
    stale = [line_row(budget, line.intervention, year) for line in budget.lines_in(year) if year not in line.intervention.years]
    return running + stale


def budget_for(content: PlanContent) -> BudgetContent:
    """The budget of ``content.plan``, loaded once per content object (8 queries)."""
    cached = getattr(content, "_budget", None)
    if cached is not None:
        return cached
    plan = content.plan
    period = range(plan.start_year, plan.end_year + 1)
    sources = list(FundingSource.objects.all())
    schemes = list(FundingScheme.objects.select_related("source").prefetch_related("years"))
    all_years = list(plan.budget_years.prefetch_related("production"))
    estimates = list(plan.cost_estimates.all())
    # Interventions before their lines: a line goes with its intervention (CASCADE), so an
    # intervention deleted in between leaves no line behind that points to nothing.
    interventions = {i.pk: i for i in content.interventions}
    lines = list(plan.year_plan_lines.prefetch_related("funding"))
    visible_lines = []
    funding: dict[int, dict[int, Decimal]] = {}
    for line in lines:
        line.plan = plan
        line.intervention = interventions[line.intervention_id]
        if line.year in period:
            visible_lines.append(line)
            funding[line.pk] = {f.source_id: f.amount for f in line.funding.all() if f.amount}
    budget_years = {b.year: b for b in all_years if b.year in period}
    visible_estimates = [e for e in estimates if e.year in period]
    budget = BudgetContent(
        plan=plan,
        content=content,
        sources=sources,
        schemes=schemes,
        budget_years=budget_years,
        estimates=visible_estimates,
        lines=visible_lines,
        hidden_rows=(len(all_years) - len(budget_years)) + (len(estimates) - len(visible_estimates))
        + (len(lines) - len(visible_lines)),
        funding=funding,
    )
    content._budget = budget
    return budget


def forget(content: PlanContent) -> None:
    """Drop the cached budget after a write in the same request."""
    if hasattr(content, "_budget"):
        del content._budget
