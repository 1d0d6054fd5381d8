"""Writes to the budget: the one way in for views, the importer and the demo seeder.

Like ``plans.services``: keyword-only arguments, the plan must still be editable (draft or
consultation) except for realised figures, ``full_clean`` before saving, every change recorded
in the plan's history (``stakeholders.changes``), and updates guarded by the version the user
started from. The funding rules of R8 and R13 are checked here, at entry, by
:func:`funding_problems`; the completeness check reports the same problems when they arise
later (an intervention marked as BIG training after it was booked on the extra middelen).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from plans.content.services import ensure_editable, scope
from plans.models import Intervention, Objective, Plan, PlanStatus, Theme
from plans.rules import require
from soplan.templatetags.soplan import money
from stakeholders import changes
from stakeholders.changes import ConflictError, DomainError

from .models import (
    ZERO,
    BudgetYear,
    CareProduction,
    CostEstimate,
    FundingSource,
    LineFunding,
    RealisedFunding,
    TookPlace,
    YearPlanLine,
    cents,
)

LINE_FIELDS = (
    "start_month",
    "end_month",
    "participants",
    "profile",
    "learning_outcome",
    "cost_per_participant",
    "replacement_hours",
    "hourly_rate",
    "other_costs",
    "note",
)
REALISED_FIELDS = ("realised_participants", "realised_amount")
BUDGET_YEAR_FIELDS = ("wage_bill", "norm_percentage", "day_activities_amount", "note")
HUNDRED = Decimal("100")

# Realised figures are entered during execution, after adoption, too (design.md "Lifecycle").
REALISED_STATUSES = frozenset(
    {
        PlanStatus.DRAFT,
        PlanStatus.CONSULTATION,
        PlanStatus.ADOPTED,
        PlanStatus.SENT_TO_ZORGKANTOOR,
        PlanStatus.IN_EXECUTION,
    }
)


def _only(data: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


# --- Funding rules (R8, R13) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str


def funding_problems(
    *, total: Decimal, year: int, intervention: Intervention, amounts: dict[FundingSource, Decimal]
) -> list[Problem]:
    """Everything wrong with a funding split, read from the sources' rules (reference data).

    An empty split is no problem here (the costs are not split yet); the completeness check
    reports it as unassigned.
    """
    amounts = {source: amount for source, amount in amounts.items() if amount}
    if not amounts:
        return []
    problems: list[Problem] = []
    funded = sum(amounts.values(), ZERO)
    if funded != total:
        problems.append(
            Problem(
                "R8",
                _(
                    "The funding adds up to %(funded)s but the costs are %(total)s: "
                    "the split must add up to the total (difference %(diff)s)."
                )
                % {"funded": money(funded), "total": money(total), "diff": money(total - funded)},
            )
        )
    for source, amount in sorted(amounts.items(), key=lambda item: (item[0].position, item[0].code)):
        if source.excludes_big_training and intervention.is_big_training:
            problems.append(
                Problem(
                    "R13",
                    _(
                        "%(intervention)s is BIG-registered or nursing-technical training: it may not be "
                        "funded from %(source)s. It is paid from the CAO's 2 %% of the wage bill (R13)."
                    )
                    % {"intervention": intervention.code, "source": source.name},
                )
            )
        if not source.is_available_in(year):
            problems.append(
                Problem("R8", _("%(source)s is not available in %(year)s.") % {"source": source.name, "year": year})
            )
        if source.max_share_percent is not None and total and amount > cents(total * source.max_share_percent / HUNDRED):
            problems.append(
                Problem(
                    "R8",
                    _("%(source)s funds at most %(share)s %% of the costs (%(max)s here).")
                    % {
                        "source": source.name,
                        "share": f"{source.max_share_percent.normalize():f}",
                        "max": money(cents(total * source.max_share_percent / HUNDRED)),
                    },
                )
            )
        if source.own_share_not_from_subsidy:
            others = [s.name for s in amounts if s != source and s.is_subsidy]
            if others:
                problems.append(
                    Problem(
                        "R8",
                        _("The own share next to %(source)s may not come from another subsidy (%(others)s).")
                        % {"source": source.name, "others": ", ".join(sorted(others))},
                    )
                )
    return problems


# --- Operational year plan --------------------------------------------------------------------------


def _line_probe(line: YearPlanLine | None, *, plan: Plan, intervention: Intervention, year: int, data: dict) -> YearPlanLine:
    probe = YearPlanLine(plan=plan, intervention=intervention, year=year)
    if line is not None:
        for name in (*LINE_FIELDS, *REALISED_FIELDS):
            setattr(probe, name, getattr(line, name))
    for name, value in data.items():
        setattr(probe, name, value)
    return probe


@transaction.atomic
def line_save(
    *,
    actor,
    plan: Plan,
    intervention: Intervention,
    year: int,
    funding: dict[FundingSource, Decimal | None],
    expected_version: int | None = None,
    enforce_rules: bool = True,
    **data,
) -> YearPlanLine:
    """Create or update the figures of ``intervention`` in ``year`` and their funding split.

    ``funding`` maps every source to its amount (empty or zero: none). The split must add up to
    the total and follow the sources' rules (R8, R13), unless it is still empty. The importer
    passes ``enforce_rules=False`` so that a plan moves between installations as it is, flaws
    included; the completeness check reports them there.

    ``expected_version`` is the version the user started from; ``None`` means "there were no
    figures yet", so figures somebody else saved in the meantime are not silently overwritten.
    """
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    _only(data, (*LINE_FIELDS, *REALISED_FIELDS))
    if intervention.plan_id != plan.pk:
        raise DomainError(_("The intervention belongs to another plan."))
    if enforce_rules and year not in intervention.years:
        raise DomainError(
            _("%(i)s does not run in %(year)s. Add the year to the intervention first.")
            % {"i": intervention.code, "year": year}
        )
    for name in ("cost_per_participant", "hourly_rate", "other_costs", "realised_amount"):
        if data.get(name) is not None:
            data[name] = cents(data[name])
    amounts = {source: cents(amount) for source, amount in funding.items() if amount}
    if any(amount < 0 for amount in amounts.values()):
        raise DomainError(_("Funding amounts cannot be negative."))
    with transaction.atomic():
        line = (
            YearPlanLine.objects.select_for_update(of=("self",))
            .filter(plan=plan, intervention=intervention, year=year)
            .first()
        )
        if line is not None and expected_version is None:
            raise ConflictError(line)
        probe = _line_probe(line, plan=plan, intervention=intervention, year=year, data=data)
        if enforce_rules:
            problems = funding_problems(total=probe.total, year=year, intervention=intervention, amounts=amounts)
            if problems:
                raise DomainError(" ".join(p.message for p in problems))
        if line is None:
            line = changes.create(actor=actor, obj=probe, scope=scope(plan))
            before: dict[str, str] = {}
        else:
            line.intervention = intervention
            line.plan = plan
            before = _funding_record(line)
            line = changes.update(
                actor=actor, obj=line, data=data, expected_version=expected_version, scope=scope(plan)
            )
        _store_funding(line, amounts)
        after = {source.code: str(amount) for source, amount in sorted(amounts.items(), key=lambda i: i[0].code)}
        if before != after:
            changes.record(
                actor=actor,
                organisation=plan.organisation,
                action="changed",
                obj=line,
                scope=scope(plan),
                changes={"funding": [before, after]},
            )
    return line


def _funding_record(line: YearPlanLine) -> dict[str, str]:
    rows = LineFunding.objects.filter(line=line).select_related("source").order_by("source__code")
    return {f.source.code: str(f.amount) for f in rows if f.amount}


def _store_funding(line: YearPlanLine, amounts: dict[FundingSource, Decimal]) -> None:
    stored = {f.source_id: f for f in LineFunding.objects.filter(line=line)}
    wanted = {source.pk: amount for source, amount in amounts.items()}
    LineFunding.objects.filter(line=line).exclude(source_id__in=list(wanted)).delete()
    for source in amounts:
        row = stored.get(source.pk)
        if row is None:
            row = LineFunding(line=line, source=source, amount=wanted[source.pk])
            row.full_clean()
            row.save()
        elif row.amount != wanted[source.pk]:
            row.amount = wanted[source.pk]
            row.full_clean()
            row.save(update_fields=["amount"])


@transaction.atomic
def line_delete(*, actor, line: YearPlanLine, expected_version: int | None = None) -> None:
    ensure_editable(line.plan)
    require(actor, "plans.author_plan", line.plan)
    changes.delete(actor=actor, obj=line, scope=scope(line.plan), expected_version=expected_version)


def realised_save(
    *,
    actor,
    line: YearPlanLine,
    expected_version: int | None,
    realised_participants: int | None,
    realised_amount: Decimal | None,
) -> YearPlanLine:
    """Record what was realised during execution (planned vs realised); also after adoption."""
    plan = line.plan
    if plan.status not in REALISED_STATUSES:
        raise DomainError(
            _("Realised figures cannot be changed while the plan is %(status)s.")
            % {"status": plan.get_status_display().lower()}
        )
    return changes.update(
        actor=actor,
        obj=line,
        data={
            "realised_participants": realised_participants,
            "realised_amount": cents(realised_amount) if realised_amount is not None else None,
        },
        expected_version=expected_version,
        scope=scope(plan),
    )


def _execution_open(plan: Plan) -> None:
    if plan.status not in REALISED_STATUSES:
        raise DomainError(
            _("Realised figures cannot be changed while the plan is %(status)s.")
            % {"status": plan.get_status_display().lower()}
        )


def _realised_record(line: YearPlanLine) -> dict[str, str]:
    rows = RealisedFunding.objects.filter(line=line).select_related("source").order_by("source__code")
    return {f.source.code: str(f.amount) for f in rows if f.amount}


@transaction.atomic
def execution_save(
    *,
    actor,
    line: YearPlanLine,
    expected_version: int | None,
    took_place: str,
    realised_participants: int | None,
    fitted_objective: bool | None,
    realised_funding: dict[FundingSource, Decimal | None],
) -> YearPlanLine:
    """The adviser records the execution of one intervention in one year (issue 11): whether it
    took place, participants reached, realised costs per funding source (their sum is the line's
    realised_amount, so the realised totals have one source) and whether it fitted its objective."""
    require(actor, "plans.record_execution", line.plan)
    line = YearPlanLine.objects.select_for_update(of=("self",)).select_related("plan").get(pk=line.pk)
    _execution_open(line.plan)
    amounts = {source: cents(amount) for source, amount in realised_funding.items() if amount}
    if took_place == TookPlace.NOT and (realised_participants or amounts):
        raise DomainError(_("An intervention that did not take place has no participants or costs."))
    total = sum(amounts.values(), Decimal(0)) if amounts or took_place else None
    before = _realised_record(line)
    line = changes.update(
        actor=actor,
        obj=line,
        data={
            "took_place": took_place,
            "realised_participants": realised_participants,
            "fitted_objective": fitted_objective,
            "realised_amount": total,
        },
        expected_version=expected_version,
        scope=scope(line.plan),
    )
    _realised_funding_store(actor, line, amounts, before)
    return line


def _realised_funding_store(actor, line: YearPlanLine, amounts: dict[FundingSource, Decimal], before: dict) -> None:
    stored = {f.source_id: f for f in RealisedFunding.objects.filter(line=line)}
    RealisedFunding.objects.filter(line=line).exclude(source_id__in=[s.pk for s in amounts]).delete()
    for source, amount in amounts.items():
        row = stored.get(source.pk) or RealisedFunding(line=line, source=source, amount=amount)
        row.amount = amount
        row.full_clean()
        row.save()
    after = {source.code: str(amount) for source, amount in sorted(amounts.items(), key=lambda i: i[0].code)}
    if before != after:
        changes.record(
            actor=actor, organisation=line.plan.organisation, action="changed", obj=line,
            scope=scope(line.plan), changes={"realised_funding": [before, after]},
        )


@transaction.atomic
def execution_restore(
    *, actor, line: YearPlanLine, took_place: str, fitted_objective: bool | None,
    realised_funding: dict[FundingSource, Decimal],
) -> YearPlanLine:
    """A plan file brings the execution of a line along (plans.interchange, issue 11): stored as
    it was recorded, whatever the new plan's state; the line's realised amount and participants
    come with the line itself. Only for the import, which checked the figures add up."""
    require(actor, "plans.author_plan", line.plan)
    before = _realised_record(line)
    line = changes.update(
        actor=actor, obj=line, data={"took_place": took_place, "fitted_objective": fitted_objective},
        expected_version=None, scope=scope(line.plan),
    )
    _realised_funding_store(actor, line, {s: cents(a) for s, a in realised_funding.items() if a}, before)
    return line


@transaction.atomic
def unit_execution_save(
    *,
    actor,
    line: YearPlanLine,
    expected_version: int | None,
    took_place: str,
    realised_participants: int | None,
) -> YearPlanLine:
    """A line manager adds whether an intervention of their own units took place and the
    participants reached (issue 11); the costs stay the adviser's."""
    require(actor, "plans.record_unit_execution", line)
    line = YearPlanLine.objects.select_for_update(of=("self",)).select_related("plan").get(pk=line.pk)
    _execution_open(line.plan)
    if took_place == TookPlace.NOT and realised_participants:
        raise DomainError(_("An intervention that did not take place has no participants or costs."))
    return changes.update(
        actor=actor,
        obj=line,
        data={"took_place": took_place, "realised_participants": realised_participants},
        expected_version=expected_version,
        scope=scope(line.plan),
    )


@dataclass
class CopyResult:
    copied: int = 0
    kept: int = 0  # the target year already had figures
    not_running: int = 0  # the intervention does not run in the target year
    without_funding: int = 0  # copied, but the split no longer fits the sources' rules


@transaction.atomic
def year_copy(*, actor, plan: Plan, from_year: int, to_year: int) -> CopyResult:
    """Copy the figures and splits of ``from_year`` to ``to_year`` for interventions running then.

    Figures already in ``to_year`` are kept; realised figures are not copied.
    """
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    if from_year not in plan.years or to_year not in plan.years or from_year == to_year:
        raise DomainError(_("Pick two different years within the plan period."))
    result = CopyResult()
    lines = (
        YearPlanLine.objects.filter(plan=plan, year=from_year)
        .select_related("intervention")
        .prefetch_related("funding__source")
    )
    existing = set(YearPlanLine.objects.filter(plan=plan, year=to_year).values_list("intervention_id", flat=True))
    with transaction.atomic():
        for line in lines:
            if to_year not in line.intervention.years:
                result.not_running += 1
                continue
            if line.intervention_id in existing:
                result.kept += 1
                continue
            data = {name: getattr(line, name) for name in LINE_FIELDS}
            funding = {f.source: f.amount for f in line.funding.all()}
            try:
                with transaction.atomic():
                    line_save(actor=actor, plan=plan, intervention=line.intervention, year=to_year, funding=funding, **data)
            except DomainError:
                line_save(actor=actor, plan=plan, intervention=line.intervention, year=to_year, funding={}, **data)
                result.without_funding += 1
            result.copied += 1
    return result


# --- Strategic cost estimate (R7) -------------------------------------------------------------------


@dataclass(frozen=True)
class EstimateValue:
    theme: Theme
    objective: Objective | None
    year: int
    amount: Decimal | None  # None: no estimate
    expected_version: int | None = None


@transaction.atomic
def estimates_save(*, actor, plan: Plan, values: list[EstimateValue]) -> None:
    """R7: set the cost estimates per theme or objective and year (None removes one)."""
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    stored = {(e.theme_id, e.objective_id, e.year): e for e in plan.cost_estimates.all()}
    with transaction.atomic():
        for value in values:
            if value.theme.plan_id != plan.pk or (value.objective and value.objective.theme_id != value.theme.pk):
                raise DomainError(_("The theme or objective belongs to another plan."))
            key = (value.theme.pk, value.objective.pk if value.objective else None, value.year)
            estimate = stored.get(key)
            if value.amount is None:
                if estimate is not None:
                    changes.delete(
                        actor=actor, obj=estimate, scope=scope(plan), expected_version=value.expected_version
                    )
                continue
            amount = cents(value.amount)
            if estimate is None:
                changes.create(
                    actor=actor,
                    obj=CostEstimate(
                        plan=plan, theme=value.theme, objective=value.objective, year=value.year, amount=amount
                    ),
                    scope=scope(plan),
                )
            elif estimate.amount != amount:
                changes.update(
                    actor=actor,
                    obj=estimate,
                    data={"amount": amount},
                    expected_version=value.expected_version,
                    scope=scope(plan),
                )


# --- Wage bill and extra-middelen inputs (R14, R16) ------------------------------------------------


@dataclass(frozen=True)
class ProductionRow:
    package: str
    days: int
    max_tariff: Decimal


@transaction.atomic
def budget_year_save(
    *,
    actor,
    plan: Plan,
    year: int,
    expected_version: int | None = None,
    production: list[ProductionRow] | None = None,
    **data,
) -> BudgetYear:
    """Set the wage bill (R14) and the extra-middelen inputs (R16) of one year.

    ``production`` (when given) replaces the care packages of the year.
    """
    ensure_editable(plan)
    require(actor, "plans.author_plan", plan)
    _only(data, BUDGET_YEAR_FIELDS)
    for name in ("wage_bill", "day_activities_amount"):
        if data.get(name) is not None:
            data[name] = cents(data[name])
    with transaction.atomic():
        budget_year = BudgetYear.objects.select_for_update().filter(plan=plan, year=year).first()
        if budget_year is None:
            budget_year = changes.create(actor=actor, obj=BudgetYear(plan=plan, year=year, **data), scope=scope(plan))
        else:
            if expected_version is None:
                raise ConflictError(budget_year)
            budget_year.plan = plan
            budget_year = changes.update(
                actor=actor, obj=budget_year, data=data, expected_version=expected_version, scope=scope(plan)
            )
        if production is not None:
            before = [_production_str(p) for p in budget_year.production.all()]
            rows = [
                CareProduction(
                    budget_year=budget_year,
                    package=row.package.strip(),
                    days=row.days,
                    max_tariff=cents(row.max_tariff),
                    position=n,
                )
                for n, row in enumerate(production, start=1)
            ]
            for row in rows:
                row.full_clean()
            budget_year.production.all().delete()
            CareProduction.objects.bulk_create(rows)
            after = [_production_str(p) for p in rows]
            if before != after:
                changes.record(
                    actor=actor,
                    organisation=plan.organisation,
                    action="changed",
                    obj=budget_year,
                    scope=scope(plan),
                    changes={"production": [before, after]},
                )
    return budget_year


def _production_str(row: CareProduction) -> str:
    return f"{row.package}: {row.days} × {row.max_tariff}"
