"""The benchmark harness builds valid plans of the sizes it claims and judges the targets right."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from bench import harness
from bench.plans import Size, build, counts, document
from budgets.reference import ensure_reference_data
from plans.interchange.services import validate
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


def _page(queries, times, floor_at_largest, floor="themes"):
    sizes = {}
    for n, q, t in zip(("10", "100", "400"), queries, times, strict=True):
        sizes[n] = {"status": 200, "queries": q, "cpu_median_ms": t, "floor_cpu_median_ms": floor_at_largest}
    return {"page": "p", "floor": floor, "sizes": sizes}


def test_assess_passes_a_page_that_meets_all_three_targets():
    verdict = harness.assess(_page([9, 9, 9], [10.0, 30.0, 90.0], 50.0), [10, 100, 400], "cpu_median_ms")
    assert verdict["constant_queries"] and verdict["within_2x_floor"] and verdict["at_most_linear"]


def test_assess_flags_growing_queries_a_slow_page_and_superlinear_growth():
    verdict = harness.assess(_page([9, 12, 30], [10.0, 30.0, 200.0], 50.0), [10, 100, 400], "cpu_median_ms")
    assert not verdict["constant_queries"]
    assert not verdict["within_2x_floor"]  # 200 ms against a 50 ms floor
    assert not verdict["at_most_linear"]  # 6.7× the time for 4× the plan


def test_a_page_without_a_floor_of_its_own_gets_no_floor_verdict():
    page = _page([9, 9, 9], [10.0, 30.0, 90.0], 5.0, floor="generic")
    page["targets"] = verdict = harness.assess(page, [10, 100, 400], "cpu_median_ms")
    assert verdict["within_2x_floor"] is None and verdict["floor_ratio_at_largest"] == 18.0
    assert harness.misses({"pages": [page]}) == []
    slow = _page([9, 9, 9], [10.0, 30.0, 90.0], 5.0)
    slow["targets"] = harness.assess(slow, [10, 100, 400], "cpu_median_ms")
    assert harness.misses({"pages": [slow]}) == ["p: 18.0× its floor at the largest plan"]


def test_a_page_floor_shows_the_rows_the_page_shows_around_its_own(settings, client_of, author, org, plan):
    """The floors render what the page shows (bench/floors.py): the menu, the navigator's open
    points per part, this part's findings and comments, besides the page's own rows."""
    from django.utils import translation
    from django.utils.html import escape

    from plans.alignment import services as alignment
    from plans.content.completeness import SECTIONS, evaluate

    settings.ROOT_URLCONF = "bench.urls"
    alignment.comment_create(actor=author, plan=plan, text="Scherper formuleren graag", section="koers")
    plan.vision = ""
    plan.save(update_fields=["vision"])
    response = client_of(author).get(f"/__bench__/floor/koers/{plan.pk}/")
    page = response.content.decode()
    with translation.override(response.headers["Content-Language"]):  # the user's language
        findings = [f for f in evaluate(plan).findings if f.section == "koers"]
        titles = [str(s.title) for s in SECTIONS]
    assert findings  # an empty koers is an open point
    assert org.name in page
    assert all(escape(title) in page for title in titles)
    assert all(escape(f.message) in page for f in findings)
    assert "Scherper formuleren graag" in page
