"""The plan pages use a fixed number of queries, whatever the size of the plan (style.md, habit 5)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.alignment import services as alignment
from plans.content import figures, services
from stakeholders import services as org_services

PAGES = ["plan", "plan_edit", "koers", "themes", "vision", "interventions", "qualification",
         "formation", "actions", "history", "alignment"]


def grow(plan, author, n: int) -> None:
    """Add n themes, each with two objectives, two interventions, a unit with figures."""
    org = plan.organisation
    groups = list(org.function_groups.all())
    for i in range(n):
        unit = org_services.unit_create(actor=author, organisation=org, code=f"grow-{plan.pk}-{i}",
                                        name=f"Team {i}", fte=Decimal("10"))
        theme = services.theme_create(actor=author, plan=plan, title=f"Thema {i}", description="Tekst")
        objectives = [services.objective_create(actor=author, theme=theme, description=f"Doel {i}.{j}")
                      for j in range(2)]
        for j in range(2):
            services.intervention_create(
                actor=author, plan=plan, title=f"Interventie {i}.{j}", level="unit", units=[unit],
                objectives=objectives, function_groups=groups, work_forms=["course", "coaching"],
                years=[2027, 2028], topics=["disease"], horizon="short",
            )
        figures.qualification_row_save(actor=author, plan=plan, unit=unit, level="mbo3",
                                        current_fte=Decimal("5"), desired_fte=Decimal("6"), target_year=2030)
        for group in groups:
            figures.formation_row_save(actor=author, plan=plan, unit=unit, function_group=group,
                                        current_fte=Decimal("5"), retirement_per_year=Decimal("0.2"),
                                        turnover_per_year=Decimal("0.5"), growth_per_year=Decimal("0"),
                                        internship_places=Decimal("1"))
        services.improvement_action_create(actor=author, plan=plan, description=f"Actie {i}")
        # Step 4: a handled comment on the themes and an open one on the interventions, so that
        # the comments blocks and the alignment page are measured with the plan's size too.
        handled = alignment.comment_create(actor=author, plan=plan, text=f"Opmerking {i}", section="themes")
        alignment.comment_handle(actor=author, comment=handled, reaction="Verwerkt.", expected_version=None,
                                 intervention=plan.interventions.last())
        alignment.comment_create(actor=author, plan=plan, text=f"Vraag {i}", section="interventions")


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_a_plan_page_does_not_query_more_for_a_bigger_plan(client_of, author, org, page):
    from tests import factories

    small = factories.plan(org, author, title="Klein")
    large = factories.plan(org, author, title="Groot")
    grow(small, author, 2)
    grow(large, author, 12)
    client = client_of(author)
    small_count = count_queries(client, reverse(f"plans:{page}", kwargs={"plan": small.pk}))
    large_count = count_queries(client, reverse(f"plans:{page}", kwargs={"plan": large.pk}))
    assert small_count == large_count
    assert large_count <= 35, f"{page} uses {large_count} queries; keep plan pages lean"
