"""The plan over the years (issue 11): one row per year of the organisation's adopted plans."""

from __future__ import annotations

import pytest
from django.urls import reverse

from budgets import years
from plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_org():
    from soplan.demo import seed

    seed(password="demo-password-for-tests")
    return Plan.objects.get(organisation__slug="het-voorbeeld", previous__isnull=True).organisation


def test_every_year_of_the_adopted_plan_with_the_evaluation_of_2027(demo_org):
    rows = years.plan_years(demo_org)
    assert [r.year for r in rows] == [2027, 2028, 2029, 2030]
    first = rows[0]
    evaluation = first.plan.evaluations.get(year=2027)
    assert first.evaluated and not rows[1].evaluated
    assert (first.realised, first.partly, first.not_realised) == tuple(
        evaluation.objective_results.filter(result=r).count() for r in ("realised", "partly", "not_realised")
    )
    assert sum(amount for _, amount in first.sources) == first.figures.total > 0
    assert first.quota is not None
    assert 0 < first.figures.realised < first.figures.total  # 2027 was executed, not quite to plan
    assert rows[1].figures.realised_lines == 0


def test_the_page_for_members_and_nothing_for_outsiders(demo_org, client_of, outsider):
    from django.contrib.auth import get_user_model

    url = reverse("budgets:plan_years", kwargs={"org": demo_org.slug})
    member = get_user_model().objects.get(username="or@soplan.example")
    page = client_of(member).get(url)
    assert page.status_code == 200
    assert "Evaluatie 2027" in page.content.decode() or "Evaluation 2027" in page.content.decode()
    assert client_of(outsider).get(url).status_code == 404
