"""Realised figures on the regional dashboard (issue 15): the outcome of the members' closed
yearly evaluations (R17) and their realised spending per funding source next to planned, for
the members whose board shares that kind; small groups only in totals; queries constant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets import services as budget_services
from budgets.regional import realised_by_source
from plans.evaluation import services as evaluation_services
from plans.regional import selectors, services
from stakeholders.models import ShareKind
from tests.plans.test_regional_dashboard import ALL_KINDS, coordinator, member, region  # noqa: F401 - fixtures

IN_2029 = dt.date(2029, 3, 1)


def evaluate(org, year: int, result: str) -> None:
    """Close the evaluation of ``year`` with every objective at ``result``."""
    plan = org.plan
    evaluation = evaluation_services.evaluation_start(actor=org.author, plan=plan, year=year, today=IN_2029)
    for objective in plan.objectives.all():
        evaluation_services.objective_result_save(
            actor=org.author, evaluation=evaluation, objective=objective, result=result,
            measured="3 van de 5 teams", evidence=["survey"], note="",
        )
    evaluation.refresh_from_db()
    evaluation_services.evaluation_update(
        actor=org.author, evaluation=evaluation, expected_version=evaluation.lock_version,
        conclusions="Goed.", attention_points="", plan_change="none", plan_change_reason="",
    )
    evaluation_services.evaluation_close(actor=org.author, evaluation=evaluation)


def realise(org, year: int, amount: str) -> None:
    line = org.plan.year_plan_lines.get(year=year)
    budget_services.realised_save(actor=org.author, line=line, expected_version=line.lock_version,
                                  realised_participants=3, realised_amount=Decimal(amount))


@pytest.fixture
def region_with_realised(region):  # noqa: F811
    members = [member(region, i) for i in range(3)]
    for org, result in zip(members, ("realised", "partly", "realised"), strict=True):
        evaluate(org, 2027, result)
        realise(org, 2027, "1200.00")
    evaluate(members[0], 2028, "not_realised")  # one organisation: only in the total
    keeps = member(region, 3, kinds=ALL_KINDS - {ShareKind.EVALUATIONS, ShareKind.REALISED_SPENDING})
    evaluate(keeps, 2027, "not_realised")
    realise(keeps, 2027, "99999.00")
    return region, members, keeps


def test_the_evaluations_of_three_sharing_members_are_shown_per_year(region_with_realised):
    region, members, keeps = region_with_realised  # noqa: F811 - the region fixture's value
    board = selectors.dashboard(region)
    objectives = members[0].plan.objectives.count()
    assert [(r.label, r.values, r.organisations) for r in board.evaluations.rows] == [
        ("2027", (Decimal(2 * objectives), Decimal(objectives), Decimal(0)), 3)
    ]
    # 2028 comes from one organisation: not on its own line, but in the total.
    assert board.evaluations.hidden_groups == 1 and board.evaluations.hidden is None
    assert board.evaluations.total == (Decimal(2 * objectives), Decimal(objectives), Decimal(objectives))
    # The member that keeps its realised figures adds nothing (its "not realised" of 2027 is not there).
    assert board.evaluations.organisations == 3


def test_realised_spending_per_source_stands_next_to_planned_on_the_same_lines(region_with_realised):
    region, members, keeps = region_with_realised  # noqa: F811 - the region fixture's value
    board = selectors.dashboard(region)
    # Each sharing member planned 1,500 from its own budget on the 2027 line and realised 1,200.
    assert [(r.label, r.values, r.organisations) for r in board.realised_spending.rows] == [
        ("Organisatiebudget", (Decimal("4500.00"), Decimal("3600.00")), 3)
    ]
    assert Decimal("99999.00") not in board.realised_spending.total


def test_a_realised_line_is_split_over_its_sources_as_planned(region):  # noqa: F811
    from budgets.models import FundingSource

    org = member(region, 0)
    line = org.plan.year_plan_lines.get(year=2028)
    other = FundingSource.objects.exclude(code="organisatiebudget").order_by("code").first()
    own = FundingSource.objects.get(code="organisatiebudget")
    line.funding.all().delete()
    line.funding.create(source=own, amount=Decimal("1000.00"))
    line.funding.create(source=other, amount=Decimal("500.00"))
    realise(org, 2028, "900.00")
    rows = {(code, planned, done) for _p, _y, code, _n, planned, done in realised_by_source([org.plan.pk])}
    assert rows == {("organisatiebudget", Decimal("1000.00"), Decimal("600.00")),
                    (other.code, Decimal("500.00"), Decimal("300.00"))}


def test_realised_costs_recorded_per_source_count_as_recorded(region):  # noqa: F811
    """Issue 11's execution records the split itself; the region reads it instead of the planned proportions."""
    from budgets.models import FundingSource, RealisedFunding

    org = member(region, 0)
    line = org.plan.year_plan_lines.get(year=2028)
    other = FundingSource.objects.exclude(code="organisatiebudget").order_by("code").first()
    unplanned = FundingSource.objects.exclude(code__in=["organisatiebudget", other.code]).order_by("code").first()
    own = FundingSource.objects.get(code="organisatiebudget")
    line.funding.all().delete()
    line.funding.create(source=own, amount=Decimal("1000.00"))
    line.funding.create(source=other, amount=Decimal("500.00"))
    realise(org, 2028, "900.00")
    RealisedFunding.objects.create(line=line, source=own, amount=Decimal("800.00"))
    RealisedFunding.objects.create(line=line, source=unplanned, amount=Decimal("100.00"))
    rows = {(code, planned, done) for _p, _y, code, _n, planned, done in realised_by_source([org.plan.pk])}
    assert rows == {("organisatiebudget", Decimal("1000.00"), Decimal("800.00")),
                    (other.code, Decimal("500.00"), Decimal("0.00")),
                    (unplanned.code, Decimal("0"), Decimal("100.00"))}


def test_withdrawing_takes_the_realised_figures_off_at_once(region_with_realised):
    region, members, keeps = region_with_realised  # noqa: F811 - the region fixture's value
    services.withdraw(actor=members[1].board_member, organisation=members[1], kind=ShareKind.EVALUATIONS)
    board = selectors.dashboard(region)
    assert board.evaluations.rows == []  # two organisations left for 2027: only in the total
    assert board.realised_spending.rows[0].organisations == 3


def test_the_page_shows_both_tables_and_queries_stay_constant(region_with_realised, client, coordinator):  # noqa: F811
    region, members, keeps = region_with_realised  # noqa: F811 - the region fixture's value
    with CaptureQueriesContext(connection) as small:
        selectors.dashboard(region)
    for i in range(4, 8):
        org = member(region, i)
        evaluate(org, 2027, "realised")
        realise(org, 2027, "1000.00")
    with CaptureQueriesContext(connection) as large:
        board = selectors.dashboard(region)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert board.evaluations.rows[0].organisations == 7
    client.force_login(coordinator)
    html = client.get(region.get_absolute_url()).content.decode()
    assert "Uitkomst van de jaarevaluaties" in html and "Gerealiseerde uitgaven per financieringsbron" in html
    assert 'id="evaluations"' in html and 'id="realised"' in html


def test_the_monitor_pdf_prints_the_realised_figures_with_the_same_suppression(region_with_realised, coordinator,  # noqa: F811
                                                                               django_capture_on_commit_callbacks):
    from plans.models import DocumentStatus
    from plans.regional import report
    from tests.plans.pdf_support import flat, pages_text

    region, members, keeps = region_with_realised  # noqa: F811 - the region fixture's value
    objectives = members[0].plan.objectives.count()
    with django_capture_on_commit_callbacks(execute=True):
        document = report.request_monitor(actor=coordinator, region=region, year=2028)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    with document.file.open("rb") as handle:
        text = flat(" ".join(pages_text(handle.read())))
    assert "Uitkomst van de jaarevaluaties" in text
    assert f"2027 {2 * objectives} {objectives} 0 3" in text
    assert "2028 " not in text.split("Uitkomst van de jaarevaluaties")[1].split("Gerealiseerde uitgaven")[0]
    assert "Organisatiebudget 4.500 3.600 3" in text and "99.999" not in text


def test_the_monitor_of_a_year_leaves_out_later_realised_figures(region_with_realised):
    region, members, keeps = region_with_realised  # noqa: F811 - the region fixture's value
    objectives = members[0].plan.objectives.count()
    board = selectors.dashboard(region, up_to=2027)
    assert board.evaluations.total == (Decimal(2 * objectives), Decimal(objectives), Decimal(0))
    assert board.evaluations.hidden_groups == 0  # the 2028 evaluation is later than the monitor
    assert selectors.dashboard(region, up_to=2026).realised_spending.is_empty
