"""The demo plan has a budget for every year that passes every check but one deliberate warning."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets.selectors import budget_for
from plans.content.completeness import WARNING, evaluate
from plans.content.selectors import plan_content
from plans.models import Plan
from soplan.demo import seed


@pytest.fixture
def demo_plan(db):
    seed(password="demo-password-for-tests")
    return Plan.objects.get(organisation__slug="het-voorbeeld", previous__isnull=True)


def test_the_demo_budget_covers_every_year_with_a_mix_of_sources(demo_plan):
    budget = budget_for(plan_content(demo_plan))
    for figures in budget.all_years():
        assert figures.total > 0
        assert figures.unassigned == 0
        assert figures.budget_year.wage_bill
        assert figures.own_spending >= figures.norm_amount  # R14 met in every year
    used = {row.code for row in budget.by_source()}
    assert {"organisatiebudget", "praktijkleren", "stagefonds", "extra-middelen-wlz", "sectorplan"} <= used
    assert budget.claims_extra_middelen_wlz
    assert budget.deviates_from_indicative_split
    assert all(row.total for row in budget.estimate_rows())  # R7 for every theme


def test_the_demo_passes_every_check_but_the_explained_deviation_of_2028(demo_plan):
    findings = evaluate(demo_plan).findings
    assert [(f.step, f.rule, f.severity, f.anchor) for f in findings] == [("5", "R16", WARNING, "extra-2028")]
    note = demo_plan.budget_years.get(year=2028).note
    assert "65 %" in note and "Cliëntenraad" in note


def test_big_training_in_the_demo_is_paid_from_the_own_budget(demo_plan):
    budget = budget_for(plan_content(demo_plan))
    extra = next(s for s in budget.sources if s.code == "extra-middelen-wlz")
    for line in budget.lines:
        if line.intervention.is_big_training:
            assert budget.line_funding(line).get(extra.pk, Decimal(0)) == 0
