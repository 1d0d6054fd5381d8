"""The budget pages read a plan in a fixed number of queries, whatever its number of interventions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets import services
from plans.content import services as plan_services
from tests import factories

# Pinned per page; a change here means a page started (or stopped) querying per row.
# (One of them asks for the newest audit event: the key of the cached completeness report;
# one the regions the user coordinates, for the navigation.)
# The plan is read part by part (plans.selectors.PlanContent): a page that shows only the
# funding or the cost overview of a year does not load the plan's comments, vision or formation.
# The pages show the completeness report cached per plan state (what the warm-up computes).
PAGES = {
    "budgets:overview": 20,
    "budgets:estimates": 21,
    "budgets:yearplan": 19,
    "budgets:yearplan_year": 20,
    "budgets:funding": 19,
    "budgets:funding_year": 19,
    "budgets:costs": 20,
    "budgets:excel": 19,
}


def build(org, author, sources, size: int):
    """A plan with ``size`` interventions, each with figures and a split in every year it runs."""
    plan = factories.plan(org, author, title=f"Plan met {size} interventies")
    theme = plan.themes.get()
    objective = plan.objectives.get()
    unit = org.units.get(code="team-1")
    groups = list(org.function_groups.all())
    for n in range(size):
        intervention = plan_services.intervention_create(
            actor=author, plan=plan, title=f"Interventie {n}", level="unit", units=[unit],
            objectives=[objective], function_groups=groups, years=[2027, 2028], topics=["disease"],
            work_forms=["course"], horizon="short",
        )
        for year in (2027, 2028):
            services.line_save(
                actor=author, plan=plan, intervention=intervention, year=year,
                funding={sources["organisatiebudget"]: Decimal("500.00"), sources["stagefonds"]: Decimal("500.00")},
                participants=10, cost_per_participant=Decimal("100.00"),
            )
    for year in plan.years:
        services.budget_year_save(
            actor=author, plan=plan, year=year, wage_bill=Decimal("1000000"),
            production=[services.ProductionRow(f"ZZP VV{4 + k}", 100, Decimal("200")) for k in range(size)],
        )
    services.estimates_save(
        actor=author, plan=plan, values=[services.EstimateValue(theme, objective, 2027, Decimal("1000"))]
    )
    return plan


def url(name: str, plan) -> str:
    kwargs = {"plan": plan.pk}
    if name in {"budgets:yearplan_year", "budgets:funding_year"}:
        kwargs["year"] = 2027
    return reverse(name, kwargs=kwargs)


def queries(client, target: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(target).status_code == 200
    return len(context)


@pytest.mark.parametrize("name", list(PAGES))
def test_budget_pages_do_not_query_per_intervention(client_of, author, org, sources, name, django_assert_num_queries):
    small = build(org, author, sources, 2)
    large = build(org, author, sources, 7)
    client = client_of(author)
    # Warm up the session and each plan's cached completeness report (keyed by the plan's state).
    client.get(url(name, small))
    client.get(url(name, large))
    assert queries(client, url(name, small)) == queries(client, url(name, large))
    with django_assert_num_queries(PAGES[name]):
        client.get(url(name, large))


def test_the_inline_editor_does_not_query_per_intervention(client_of, author, org, sources):
    small = build(org, author, sources, 2)
    large = build(org, author, sources, 7)
    client = client_of(author)

    def editor(plan):
        intervention = plan.interventions.get(title="Interventie 0")
        return reverse("budgets:line_edit", kwargs={"plan": plan.pk, "year": 2027, "intervention": intervention.pk})

    client.get(editor(small), HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as first:
        client.get(editor(small), HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as second:
        client.get(editor(large), HTTP_HX_REQUEST="true")
    assert len(first) == len(second)
