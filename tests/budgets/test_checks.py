"""The step 5 checks in the completeness mechanism: each with a case that passes and one that fails."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from budgets import services
from budgets.models import FundingSchemeYear, YearPlanLine
from budgets.selectors import budget_for
from plans.content import services as plan_services
from plans.content.completeness import BLOCKING, WARNING, evaluate
from plans.content.selectors import plan_content

from .conftest import line


def step5(plan):
    """The findings of step 5, in English (the messages are translated; tests read the source text)."""
    with translation.override("en"):
        return [f for f in evaluate(plan).findings if f.step == "5"]


def yearplan(plan):
    return [f for f in step5(plan) if f.section == "yearplan"]


def eur(text: str) -> str:
    """Amounts in messages are formatted with a non-breaking space after the euro sign."""
    return text.replace("€ ", "€\u00a0").replace(" %", "\u00a0%")


def test_the_complete_budget_passes_every_check(budget_plan):
    assert step5(budget_plan) == []


def test_budget_findings_show_in_step_5_of_the_navigator(budget_plan, sources, author):
    budget_plan.cost_estimates.all().delete()
    report = evaluate(budget_plan)
    step = next(s for s in report.navigator() if s["step"] == "5")
    assert [s["key"] for s in step["sections"]] == ["budget", "yearplan"]
    assert step["blocking"] == 1


# R7 -----------------------------------------------------------------------------------------------


def test_a_plan_without_cost_estimates_is_blocked(budget_plan):
    budget_plan.cost_estimates.all().delete()
    findings = step5(budget_plan)
    assert [(f.section, f.rule, f.severity) for f in findings] == [("budget", "R7", BLOCKING)]


def test_a_theme_without_an_estimate_gets_a_suggestion(budget_plan, author):
    plan_services.theme_create(actor=author, plan=budget_plan, title="Nieuw thema", description="x")
    findings = step5(budget_plan)
    assert [(f.rule, f.severity) for f in findings] == [("R7", WARNING)]
    assert "Nieuw thema" in findings[0].message


def test_an_estimate_per_objective_counts_for_its_theme(budget_plan, author):
    theme = budget_plan.themes.get()
    objective = budget_plan.objectives.get()
    extra = plan_services.theme_create(actor=author, plan=budget_plan, title="Tweede thema", description="x")
    goal = plan_services.objective_create(actor=author, theme=extra, description="Doel")
    services.estimates_save(
        actor=author, plan=budget_plan, values=[services.EstimateValue(extra, goal, 2029, Decimal("750.00"))]
    )
    assert step5(budget_plan) == []
    rows = {r.code: r for r in budget_for(plan_content(budget_plan)).estimate_rows()}
    assert rows[extra.code].total == Decimal("750.00")
    assert rows[theme.code].total == Decimal("12000.00")
    assert objective.code  # the first theme's estimate stays at theme level


# Year plan: figures in every year an intervention runs ------------------------------------------------


def test_an_intervention_without_figures_in_a_year_it_runs_is_blocked(budget_plan, author):
    l1 = budget_plan.interventions.get(code="L1")
    YearPlanLine.objects.filter(intervention=l1, year=2029).delete()
    findings = [f for f in step5(budget_plan) if f.section == "yearplan"]
    assert [(f.section, f.rule, f.severity, f.anchor) for f in findings] == [
        ("yearplan", "R7", BLOCKING, "year-2029")
    ]
    assert "L1" in findings[0].message


def test_a_row_without_participants_or_costs_counts_as_no_figures(budget_plan, author):
    l1 = budget_plan.interventions.get(code="L1")
    row = YearPlanLine.objects.get(intervention=l1, year=2030)
    services.line_save(
        actor=author, plan=budget_plan, intervention=l1, year=2030, funding={}, expected_version=row.lock_version,
        participants=0, cost_per_participant=Decimal("0"), replacement_hours=Decimal("0"),
        hourly_rate=Decimal("0"), other_costs=Decimal("0"),
    )
    assert [f.anchor for f in step5(budget_plan) if f.section == "yearplan"] == ["year-2030"]


def test_figures_for_a_year_the_intervention_no_longer_runs_are_blocked(budget_plan, author):
    l1 = budget_plan.interventions.get(code="L1")
    plan_services.intervention_update(
        actor=author, intervention=l1, expected_version=l1.lock_version, years=[2027, 2028, 2029]
    )
    findings = step5(budget_plan)
    assert [(f.rule, f.severity, f.anchor) for f in findings] == [("R3", BLOCKING, f"year-2030-line-{l1.pk}")]


# R8: the split adds up and follows the sources' rules ---------------------------------------------------


def test_costs_not_assigned_to_a_source_are_blocked(budget_plan, author):
    l1 = budget_plan.interventions.get(code="L1")
    row = YearPlanLine.objects.get(intervention=l1, year=2028)
    services.line_save(
        actor=author, plan=budget_plan, intervention=l1, year=2028, funding={}, expected_version=row.lock_version
    )
    findings = yearplan(budget_plan)
    assert [(f.section, f.rule, f.severity) for f in findings] == [("yearplan", "R8", BLOCKING)]
    assert eur("€ 2,900.00") in findings[0].message


def test_a_split_that_no_longer_adds_up_is_reported(budget_plan, author, sources):
    # The importer keeps a document as it is; the check then reports what the form would refuse.
    l1 = budget_plan.interventions.get(code="L1")
    row = YearPlanLine.objects.get(intervention=l1, year=2028)
    services.line_save(
        actor=author, plan=budget_plan, intervention=l1, year=2028, expected_version=row.lock_version,
        funding={sources["organisatiebudget"]: Decimal("2000.00")}, enforce_rules=False,
    )
    findings = yearplan(budget_plan)
    assert [(f.rule, f.severity) for f in findings] == [("R8", BLOCKING)]
    assert "L1 (2028)" in findings[0].message and eur("€ 900.00") in findings[0].message


def test_sectorplan_over_half_or_beside_another_subsidy_is_reported(budget_plan, author, sources):
    l1 = budget_plan.interventions.get(code="L1")
    row = YearPlanLine.objects.get(intervention=l1, year=2029)
    services.line_save(
        actor=author, plan=budget_plan, intervention=l1, year=2029, expected_version=row.lock_version,
        funding={sources["sectorplan"]: Decimal("1600.00"), sources["stagefonds"]: Decimal("1300.00")},
        enforce_rules=False,
    )
    messages = [f.message for f in yearplan(budget_plan)]
    assert any("at most 50 % of the costs" in m for m in messages)
    assert any("Stagefonds" in m and "another subsidy" in m for m in messages)


def test_sectorplan_half_with_own_budget_passes(budget_plan, author, sources):
    l1 = budget_plan.interventions.get(code="L1")
    row = YearPlanLine.objects.get(intervention=l1, year=2029)
    services.line_save(
        actor=author, plan=budget_plan, intervention=l1, year=2029, expected_version=row.lock_version,
        funding={sources["sectorplan"]: Decimal("1450.00"), sources["organisatiebudget"]: Decimal("1450.00")},
    )
    assert yearplan(budget_plan) == []


# R13: BIG training not from the extra middelen --------------------------------------------------------


def test_big_training_booked_on_the_extra_middelen_is_reported(budget_plan, author):
    # L1 was booked on the extra middelen in 2027; then it is marked as BIG training.
    l1 = budget_plan.interventions.get(code="L1")
    plan_services.intervention_update(
        actor=author, intervention=l1, expected_version=l1.lock_version, is_big_training=True
    )
    findings = [f for f in step5(budget_plan) if f.rule == "R13"]
    assert [(f.section, f.severity, f.anchor) for f in findings] == [("yearplan", BLOCKING, f"year-2027-line-{l1.pk}")]


def test_big_training_on_the_own_budget_passes(budget_plan):
    l2 = budget_plan.interventions.get(code="L2")
    assert l2.is_big_training
    assert not [f for f in step5(budget_plan) if f.rule == "R13"]


# R14: 2 % of the wage bill ---------------------------------------------------------------------------


def test_a_missing_wage_bill_gets_a_suggestion(budget_plan, author):
    budget_plan.budget_years.filter(year__in=[2029, 2030]).update(wage_bill=None)
    findings = step5(budget_plan)
    assert [(f.rule, f.severity, f.anchor) for f in findings] == [("R14", WARNING, "wage-bill-2029")]
    assert "2029, 2030" in findings[0].message


def test_own_spending_below_2_percent_of_the_wage_bill_is_flagged(budget_plan):
    budget_plan.budget_years.filter(year=2028).update(wage_bill=Decimal("200000.00"))  # 2 % = 4,000 > 2,900
    findings = step5(budget_plan)
    assert [(f.rule, f.severity, f.anchor) for f in findings] == [("R14", WARNING, "wage-bill-2028")]
    assert eur("€ 4,000.00") in findings[0].message


def test_extra_middelen_do_not_count_towards_the_2_percent(budget_plan, author, sources):
    # 2027: own budget 1,444 + 1,450 = 2,894; with a wage bill of 140,000 the norm is 2,800: met.
    budget_plan.budget_years.filter(year=2027).update(wage_bill=Decimal("140000.00"))
    assert step5(budget_plan) == []
    # 150,000 → norm 3,000: the 1,456 of extra middelen on L1 do not help.
    budget_plan.budget_years.filter(year=2027).update(wage_bill=Decimal("150000.00"))
    assert [f.rule for f in step5(budget_plan)] == ["R14"]


# R16: the extra-middelen calculator -----------------------------------------------------------------


def test_the_calculator_uses_the_latest_scheme_year_before_the_plan_year(budget_plan):
    figures = budget_for(plan_content(budget_plan)).year(2027).schemes[0]
    assert figures.values.year == 2020  # seed 002 stops at 2020; its values carry forward
    assert figures.carried_forward
    assert figures.base == Decimal("200000.00")
    assert figures.provisional_amount == Decimal("2600.00")  # 1.3 %
    assert figures.indicative_training == Decimal("1456.00")  # 56 %
    assert figures.planned_training_share == Decimal("56.0")
    assert not figures.deviates


def test_a_split_outside_the_tolerance_deviates_and_needs_consent(budget_plan):
    budget_plan.budget_years.filter(year=2027).update(day_activities_amount=Decimal("700.00"))  # 67.5 %
    findings = step5(budget_plan)
    assert [(f.rule, f.severity, f.anchor) for f in findings] == [("R16", WARNING, "extra-2027")]
    assert "client council" in findings[0].message
    assert budget_for(plan_content(budget_plan)).deviates_from_indicative_split


def test_a_split_within_the_tolerance_does_not_deviate(budget_plan):
    budget_plan.budget_years.filter(year=2027).update(day_activities_amount=Decimal("1100.00"))  # 57.0 %
    assert step5(budget_plan) == []


def test_a_newer_scheme_year_set_by_the_administrator_applies(budget_plan, sources):
    scheme = sources["extra-middelen-wlz"].scheme
    FundingSchemeYear.objects.create(
        scheme=scheme, year=2026, tariff_percentage=Decimal("1.30"), training_share=Decimal("70.00"),
        day_activities_share=Decimal("30.00"),
    )
    findings = step5(budget_plan)
    assert [(f.rule, f.anchor) for f in findings] == [("R16", "extra-2027")]
    assert eur("70 % / 30 %") in findings[0].message


def test_claiming_extra_middelen_without_production_asks_for_it(budget_plan):
    budget_plan.budget_years.get(year=2027).production.all().delete()
    findings = step5(budget_plan)
    assert [(f.rule, f.severity, f.anchor) for f in findings] == [("R16", WARNING, "extra-2027")]
    assert "production" in findings[0].message


def test_spending_more_than_the_provisional_amount_is_flagged(budget_plan):
    budget_plan.budget_years.get(year=2027).production.update(days=100)  # provisional 1,300 < 2,600
    messages = [f.message for f in step5(budget_plan) if f.rule == "R16"]
    assert any("more than the provisional amount" in m for m in messages)


# The derived keys other apps rely on ----------------------------------------------------------------


def test_the_plan_claims_the_extra_middelen_when_any_amount_comes_from_them(budget_plan, author, sources):
    assert budget_for(plan_content(budget_plan)).claims_extra_middelen_wlz
    l1 = budget_plan.interventions.get(code="L1")
    row = YearPlanLine.objects.get(intervention=l1, year=2027)
    services.line_save(
        actor=author, plan=budget_plan, intervention=l1, year=2027, expected_version=row.lock_version,
        funding={sources["organisatiebudget"]: Decimal("2900.00")},
    )
    budget_plan.budget_years.filter(year=2027).update(day_activities_amount=Decimal("500.00"))
    assert budget_for(plan_content(budget_plan)).claims_extra_middelen_wlz  # day activities are a claim too
    budget_plan.budget_years.filter(year=2027).update(day_activities_amount=None)
    assert not budget_for(plan_content(budget_plan)).claims_extra_middelen_wlz


def test_a_plan_without_a_budget_reports_what_is_missing(plan, sources):
    findings = step5(plan)
    assert ("R7", BLOCKING) in [(f.rule, f.severity) for f in findings]
    assert ("yearplan", "R7") in [(f.section, f.rule) for f in findings]
    assert ("R14", WARNING) in [(f.rule, f.severity) for f in findings]


def test_line_totals_use_decimal_cents(plan, author, sources):
    l1 = plan.interventions.get()
    row = line(
        plan, author, l1, 2027, {},
        participants=3, cost_per_participant=Decimal("19.99"), replacement_hours=Decimal("0.25"),
        hourly_rate=Decimal("10.10"), other_costs=Decimal("0.01"),
    )
    assert row.training_costs == Decimal("59.97")
    assert row.replacement_costs == Decimal("7.58")  # 3 × 0.25 × 10.10 = 7.575 → half up
    assert row.total == Decimal("67.56")
    assert isinstance(row.total, Decimal)
