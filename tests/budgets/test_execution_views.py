"""The execution page of a plan year (issue 11): the author records everything, a line manager
sees and records only the interventions of their own units, councils and the board read; planned
vs realised per intervention, theme and funding source, as tables and charts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import RealisedFunding, YearPlanLine
from plans.models import PlanStatus


@pytest.fixture
def running(budget_plan):
    budget_plan.status = PlanStatus.IN_EXECUTION
    budget_plan.save()
    return budget_plan


def page_url(plan, year=2027):
    return reverse("budgets:execution", kwargs={"plan": plan.pk, "year": year})


def line_url(plan, code="L1", year=2027):
    intervention = plan.interventions.get(code=code)
    return reverse("budgets:execution_line", kwargs={"plan": plan.pk, "year": year, "intervention": intervention.pk})


def l1(plan, year=2027):
    return YearPlanLine.objects.get(plan=plan, intervention__code="L1", year=year)


def full_post(plan, sources, **changes):
    line = l1(plan)
    data = {
        "took_place": "partly", "realised_participants": "8", "fitted_objective": "yes",
        f"r_{sources['organisatiebudget'].pk}": "1000", f"r_{sources['extra-middelen-wlz'].pk}": "1200.50",
        "lock_version": str(line.lock_version),
    }
    data.update(changes)
    return data


def test_the_author_records_an_intervention_and_the_tables_follow(client_of, author, running, sources):
    client = client_of(author)
    form = client.get(line_url(running)).content.decode()
    assert "Gepland: €\u00a01.444" in form and "Gepland: €\u00a01.456" in form  # planned split next to the inputs
    response = client.post(line_url(running), full_post(running, sources))
    assert response.status_code == 302 and response["Location"].endswith(f"#line-{l1(running).intervention_id}")
    line = l1(running)
    assert (line.took_place, line.realised_participants, line.fitted_objective, line.realised_amount) == (
        "partly", 8, True, Decimal("2200.50"))
    page = client.get(page_url(running)).content.decode()
    assert "Uitvoering 2027" in page and "Gedeeltelijk" in page
    # per theme: planned 2,900 + 1,450, realised 2,200.50 → − € 2.150 (whole euros)
    assert "−\u00a0€\u00a02.150" in page
    # per funding source: organisatiebudget planned 1,444 + 1,450, realised 1,000
    assert "€\u00a02.894" in page and "€\u00a01.000" in page
    assert page.count("<svg") >= 2 and "Gepland en gerealiseerd per financieringsbron in 2027" in page
    assert "fully" not in page and "partly" not in page  # no raw values


def test_a_bad_input_is_refused_in_dutch_and_nothing_is_lost(client_of, author, running, sources):
    client = client_of(author)
    before = l1(running).lock_version
    response = client.post(line_url(running), full_post(running, sources, took_place="not"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Een interventie die niet heeft plaatsgevonden heeft geen deelnemers of kosten" in page
    assert 'value="1200.50"' in page and 'value="8"' in page  # the input is kept
    response = client.post(line_url(running), full_post(running, sources, realised_participants="-1"))
    page = response.content.decode()
    assert "Zorg ervoor dat deze waarde minstens 0 is" in page and "Alles wat u hebt ingevuld, is bewaard" in page
    assert l1(running).lock_version == before


def test_a_line_manager_sees_and_records_only_own_units(client_of, line_manager, running, sources):
    client = client_of(line_manager)
    page = client.get(page_url(running)).content.decode()
    assert "L1" in page and "Voorbehouden handelingen" not in page  # L2 is organisation-wide
    assert "U ziet de interventies van de eenheden die u aanstuurt" in page
    form = client.get(line_url(running)).content.decode()
    assert f"r_{sources['organisatiebudget'].pk}" not in form  # no costs for a line manager
    response = client.post(line_url(running), {"took_place": "fully", "realised_participants": "9",
                                               "lock_version": str(l1(running).lock_version)})
    assert response.status_code == 302
    line = l1(running)
    assert (line.took_place, line.realised_participants, line.realised_amount) == ("fully", 9, None)
    assert client.get(line_url(running, code="L2")).status_code == 403
    assert client.post(line_url(running, code="L2"), {"took_place": "fully"}).status_code == 403


@pytest.mark.parametrize("persona", ["viewer", "board_member", "or_member", "cr_member"])
def test_readers_read_everything_and_record_nothing(client_of, request, running, persona):
    client = client_of(request.getfixturevalue(persona))
    page = client.get(page_url(running)).content.decode()
    assert "Voorbehouden handelingen" in page and "Vastleggen" not in page
    assert client.get(line_url(running)).status_code == 403
    assert client.post(line_url(running), {"took_place": "fully"}).status_code == 403
    assert l1(running).took_place == ""


def test_nothing_is_recorded_once_the_plan_is_submitted(client_of, author, budget_plan):
    budget_plan.status = PlanStatus.SUBMITTED
    budget_plan.save()
    client = client_of(author)
    assert "Vastleggen" not in client.get(page_url(budget_plan)).content.decode()
    assert client.get(line_url(budget_plan)).status_code == 403


def test_the_execution_tab_opens_a_plan_year(client_of, author, running):
    response = client_of(author).get(reverse("budgets:execution_index", kwargs={"plan": running.pk}))
    assert response.status_code == 302 and "/uitvoering/20" in response["Location"]


@pytest.mark.parametrize(("persona", "most"), [("author", 22), ("line_manager", 26)])
def test_the_execution_page_query_count(client_of, request, author, running, sources, persona, most,
                                        django_assert_max_num_queries):
    client_of(author).post(line_url(running), full_post(running, sources))
    assert RealisedFunding.objects.count() == 2
    client = client_of(request.getfixturevalue(persona))
    client.get(page_url(running))  # warm the caches of the navigator and the findings
    with django_assert_max_num_queries(most):
        assert client.get(page_url(running)).status_code == 200


def test_a_save_over_somebody_elses_is_refused_with_the_input_kept(client_of, author, running, sources):
    client = client_of(author)
    stale = full_post(running, sources)
    client.post(line_url(running), full_post(running, sources, realised_participants="5"))
    response = client.post(line_url(running), {**stale, "realised_participants": "11"})
    page = response.content.decode()
    assert response.status_code == 200 and "Iemand anders heeft dit intussen opgeslagen" in page
    assert 'value="11"' in page
    assert l1(running).realised_participants == 5
