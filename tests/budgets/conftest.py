"""Budget fixtures: the seeded reference data and a plan with a complete budget."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets import services
from budgets.models import FundingSource
from budgets.reference import ensure_reference_data
from plans.content import services as plan_services


@pytest.fixture
def sources(db) -> dict[str, FundingSource]:
    """The funding sources by code (seeded by migration 0002; ensured again after a flush)."""
    ensure_reference_data()
    return {s.code: s for s in FundingSource.objects.all()}


def line(plan, author, intervention, year, funding, **figures):
    data = {
        "participants": 10,
        "cost_per_participant": Decimal("100.00"),
        "replacement_hours": Decimal("4.00"),
        "hourly_rate": Decimal("35.00"),
        "other_costs": Decimal("500.00"),
        **figures,
    }
    return services.line_save(actor=author, plan=plan, intervention=intervention, year=year, funding=funding, **data)


@pytest.fixture
def budget_plan(plan, author, sources):
    """The factory plan with L1 running 2027–2030, a BIG intervention L2 (2027) and a full budget.

    L1 costs 10 × 100 + 10 × 4 × 35 + 500 = 2,900.00 a year; L2 5 × 100 + 5 × 4 × 35 + 250 = 1,450.00.
    Every check passes: an estimate per year, figures in every running year, splits that add up,
    the own budget above 2 % of a wage bill of 100,000, and in 2027 the extra middelen split
    exactly as indicated: provisional 200 days × 1,000 × 1.3 % = 2,600, of which 56 % (1,456)
    for training on L1 and 44 % (1,144) for day activities.
    """
    theme = plan.themes.get()
    objective = plan.objectives.get()
    l1 = plan.interventions.get()
    plan_services.intervention_update(
        actor=author, intervention=l1, expected_version=l1.lock_version, years=plan.years
    )
    l2 = plan_services.intervention_create(
        actor=author, plan=plan, title="Voorbehouden handelingen", level="organisation",
        objectives=[objective], work_forms=["skills_lab"], years=[2027], topics=["disease"],
        horizon="short", is_big_training=True,
    )
    org, extra = sources["organisatiebudget"], sources["extra-middelen-wlz"]
    line(plan, author, l1, 2027, {org: Decimal("1444.00"), extra: Decimal("1456.00")})
    for year in (2028, 2029, 2030):
        line(plan, author, l1, year, {org: Decimal("2900.00")})
    line(plan, author, l2, 2027, {org: Decimal("1450.00")}, participants=5, other_costs=Decimal("250.00"))
    for year in plan.years:
        services.budget_year_save(
            actor=author, plan=plan, year=year, wage_bill=Decimal("100000.00"),
            day_activities_amount=Decimal("1144.00") if year == 2027 else None,
            production=[services.ProductionRow("ZZP VV5", 200, Decimal("1000.00"))] if year == 2027 else [],
        )
    services.estimates_save(
        actor=author, plan=plan,
        values=[services.EstimateValue(theme, None, year, Decimal("3000.00")) for year in plan.years],
    )
    plan.refresh_from_db()
    return plan
