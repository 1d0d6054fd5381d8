"""The regional benchmark builds members whose adopted versions the dashboard really reads."""

from __future__ import annotations

from decimal import Decimal

from bench import regional
from budgets.reference import ensure_reference_data
from plans.regional import selectors
from stakeholders.models import Region


def test_the_benchmark_members_fill_every_table_of_the_dashboard(db):
    ensure_reference_data()
    organisations = regional.build(4, 10)
    region = Region.objects.create(name="Regio Bench", slug="regio-bench")
    region.organisations.add(*organisations)
    board = selectors.dashboard(region)
    assert len(board.quota_rows) == 4 and board.silent_members == []
    assert board.formation.rows and board.themes.rows and board.intervention_kinds.rows and board.spending.rows
    # The realised figures too: a closed evaluation and realised costs for each member's newest plan.
    assert board.evaluations.rows and board.evaluations.organisations == 4
    assert board.realised_spending.rows[0].values == (Decimal("40000.00"), Decimal("38000.00"))


def test_the_table_says_whether_the_queries_stayed_constant():
    results = {"machine": "sqlite", "interventions": 100, "repeat": 3, "sizes": [
        {"members": 5, "queries": 11, "median_ms_cpu": 10.0, "median_ms_wall": 10.0, "selector_median_ms_cpu": 5.0},
        {"members": 200, "queries": 11, "median_ms_cpu": 400.0, "median_ms_wall": 400.0, "selector_median_ms_cpu": 300.0},
    ]}
    assert "Queries constant: yes; time 40.0× for 40× the members." in regional.table(results)
    results["sizes"][1]["queries"] = 12
    assert "Queries constant: NO" in regional.table(results)
