"""Completeness checks of step 5 (domain.md R7, R8, R13, R14, R16), registered in BudgetsConfig.ready().

Findings go to two sections: ``budget`` (cost estimate, wage bill, extra middelen) and
``yearplan`` (the operational year plan, line by line). Anchors point at the element on the
section's page that explains the finding: ``wage-bill-2027``, ``extra-2027``, ``year-2027`` and
``year-2027-line-<intervention id>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from plans.content.completeness import BLOCKING, WARNING, Finding, register
from plans.content.selectors import PlanContent
from soplan.templatetags.soplan import money, percent

from .selectors import budget_for
from .services import funding_problems


@register
def check_estimates(content: PlanContent) -> Iterator[Finding]:
    """R7: the strategic plan shows a cost estimate per theme or objective."""
    if not content.themes:
        return
    budget = budget_for(content)
    if not budget.estimates:
        yield Finding(
            "budget",
            "R7",
            BLOCKING,
            _("Estimate the costs per strategic theme or objective for each year of the plan."),
            "estimates",
        )
        return
    for row in budget.estimate_rows():
        if not row.total:
            yield Finding(
                "budget",
                "R7",
                WARNING,
                _("Theme %(theme)s has no cost estimate yet.") % {"theme": f"{row.code} {row.name}"},
                "estimates",
            )


@register
def check_year_plan(content: PlanContent) -> Iterator[Finding]:
    """R7, R8, R13: every intervention has figures in each year it runs; every split adds up and fits."""
    budget = budget_for(content)
    sources = budget.source_by_pk
    for year in content.plan.years:
        missing = []
        for intervention in budget.interventions_in(year):
            line = budget.line_for(intervention, year)
            if line is None or not line.has_figures:
                missing.append(intervention.code)
        if missing:
            yield Finding(
                "yearplan",
                "R7",
                BLOCKING,
                _("%(year)s: no figures yet for %(codes)s.") % {"year": year, "codes": ", ".join(missing)},
                f"year-{year}",
            )
        for line in budget.lines_in(year):
            intervention = line.intervention
            anchor = f"year-{year}-line-{intervention.pk}"
            prefix = f"{intervention.code} ({year}): "
            if year not in intervention.years:
                yield Finding(
                    "yearplan",
                    "R3",
                    BLOCKING,
                    prefix + _("has figures but no longer runs this year. Delete them or add the year to the intervention."),
                    anchor,
                )
            amounts = {sources[pk]: amount for pk, amount in budget.line_funding(line).items()}
            if not amounts and line.total:
                yield Finding(
                    "yearplan",
                    "R8",
                    BLOCKING,
                    prefix + _("assign the costs of %(total)s to funding sources.") % {"total": money(line.total)},
                    anchor,
                )
            for problem in funding_problems(total=line.total, year=year, intervention=intervention, amounts=amounts):
                yield Finding("yearplan", problem.rule, BLOCKING, prefix + problem.message, anchor)
    if budget.hidden_rows:
        yield Finding(
            "budget",
            "R7",
            WARNING,
            _("Some budget figures belong to years outside the plan period; they are not counted."),
        )


@register
def check_wage_bill(content: PlanContent) -> Iterator[Finding]:
    """R14: the organisation's own training spending against the CAO's share of the wage bill."""
    budget = budget_for(content)
    missing = [f.year for f in budget.all_years() if f.wage_bill is None]
    if missing:
        yield Finding(
            "budget",
            "R14",
            WARNING,
            _("Enter the wage bill for %(years)s, to compare the training budget with the CAO's 2 %% of the wage bill.")
            % {"years": ", ".join(map(str, missing))},
            f"wage-bill-{missing[0]}",
        )
    for figures in budget.all_years():
        if figures.below_norm:
            yield Finding(
                "budget",
                "R14",
                WARNING,
                _(
                    "%(year)s: the organisation's own training budget is %(spend)s (%(share)s of the wage bill), "
                    "below the %(norm_pct)s the CAO asks (%(norm)s). The OR and VAR monitor this."
                )
                % {
                    "year": figures.year,
                    "spend": money(figures.own_spending),
                    "share": percent(figures.own_share_of_wage_bill, 2),
                    "norm_pct": percent(figures.norm_percentage, 1),
                    "norm": money(figures.norm_amount),
                },
                f"wage-bill-{figures.year}",
            )


@register
def check_extra_middelen(content: PlanContent) -> Iterator[Finding]:
    """R16: the calculator needs production and tariffs; a deviating split needs CR and OR/VAR consent."""
    budget = budget_for(content)
    for figures in budget.all_years():
        for scheme in figures.schemes:
            if not scheme.claims or scheme.values is None:
                continue
            anchor = f"extra-{figures.year}"
            names = {"year": figures.year, "scheme": scheme.scheme.source.name}
            if not scheme.base:
                yield Finding(
                    "budget",
                    "R16",
                    WARNING,
                    _("%(year)s: the plan uses the %(scheme)s; enter the agreed production and tariffs to calculate the provisional amount.")
                    % names,
                    anchor,
                )
            elif scheme.exceeds_provisional:
                yield Finding(
                    "budget",
                    "R16",
                    WARNING,
                    _("%(year)s: the plan spends %(planned)s of the %(scheme)s, more than the provisional amount of %(amount)s.")
                    % {**names, "planned": money(scheme.planned_total), "amount": money(scheme.provisional_amount)},
                    anchor,
                )
            if scheme.deviates:
                values = scheme.values
                yield Finding(
                    "budget",
                    "R16",
                    WARNING,
                    _(
                        "%(year)s: the split of the %(scheme)s (%(training)s training, %(day)s day activities) "
                        "deviates from the indicative split %(i_training)s / %(i_day)s. A deviation needs the "
                        "consent of the client council and the OR/VAR."
                    )
                    % {
                        **names,
                        "training": percent(scheme.planned_training_share, 1),
                        "day": percent(100 - scheme.planned_training_share, 1),
                        "i_training": percent(values.training_share),
                        "i_day": percent(values.day_activities_share),
                    },
                    anchor,
                )
