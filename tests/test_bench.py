"""The benchmark harness builds valid plans of the sizes it claims and judges the targets right."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from bench import harness
from bench.plans import Size, build, counts, document
from budgets.reference import ensure_reference_data
from plans.interchange import validate
from tests import factories


@pytest.mark.parametrize("interventions", [10, 100, 400])
def test_benchmark_documents_are_valid_interchange_documents(db, interventions):
    ensure_reference_data()  # the funding sources the budget section names (emptied by a flush)
    doc = document(Size(interventions), slug="bench-test")
    assert validate(doc) == []
    assert len(doc["plan"]["interventions"]) == interventions


def test_a_benchmark_plan_has_the_size_it_claims_and_its_author_may_read_it(db):
    ensure_reference_data()
    author = factories.UserFactory(username="bench@example.test")
    plan = build(Size(10), author)
    size = counts(plan)
    assert size["interventions"] == 10
    assert size["themes"] == Size(10).themes
    assert size["objectives"] == Size(10).themes * 2
    assert size["formation_rows"] > 0 and size["qualification_rows"] > 0
    assert author.has_perm("plans.edit_plan", plan)


def test_the_harness_finds_every_plan_page_and_no_item_forms():
    pages = harness.plan_pages(get_resolver("bench.urls"))
    for name in ("plans:plan", "plans:koers", "plans:themes", "plans:vision", "plans:interventions",
                 "plans:qualification", "plans:formation", "plans:actions", "plans:history", "plans:plan_edit",
                 "budgets:overview"):
        assert name in pages
    assert "plans:theme_add" not in pages
    assert not any(name.startswith("stakeholders:") for name in pages)


def _page(queries, times, floor_at_largest):
    sizes = {}
    for n, q, t in zip(("10", "100", "400"), queries, times, strict=True):
        sizes[n] = {"status": 200, "queries": q, "cpu_median_ms": t, "floor_cpu_median_ms": floor_at_largest}
    return {"sizes": sizes}


def test_assess_passes_a_page_that_meets_all_three_targets():
    verdict = harness.assess(_page([9, 9, 9], [10.0, 30.0, 90.0], 50.0), [10, 100, 400], "cpu_median_ms")
    assert verdict["constant_queries"] and verdict["within_2x_floor"] and verdict["at_most_linear"]


def test_assess_flags_growing_queries_a_slow_page_and_superlinear_growth():
    verdict = harness.assess(_page([9, 12, 30], [10.0, 30.0, 200.0], 50.0), [10, 100, 400], "cpu_median_ms")
    assert not verdict["constant_queries"]
    assert not verdict["within_2x_floor"]  # 200 ms against a 50 ms floor
    assert not verdict["at_most_linear"]  # 6.7× the time for 4× the plan
