"""The regional dashboard (issue 15): read from the members' adopted versions, only what each
board shares, small groups only in totals, a query count that does not grow with the region."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.regional import selectors, services
from stakeholders.access import forget_roles
from stakeholders.models import Region, RegionalCoordinator, ShareKind
from tests import factories

ALL_KINDS = set(ShareKind.values)


def member(region: Region, i: int, *, kinds=ALL_KINDS, adopt: bool = True):
    """A member organisation with an adopted plan whose board shares ``kinds``."""
    org = factories.organisation(slug=f"lid-{i}", name=f"Zorggroep Lid {i:02d}")
    region.organisations.add(org)
    author = factories.person(org, roles=["author"])
    board = factories.person(org, bodies={"board": {"position": "chair", "may_record_decision": True}})
    councils = [
        factories.person(org, bodies={kind: {"position": "chair", "may_record_decision": True}})
        for kind in ("or", "var", "cr")
    ]
    plan = factories.complete_plan(org, author)
    if adopt:
        factories.adopt(plan, author=author, board=board, councils=councils)
    services.set_sharing(actor=board, organisation=org, kinds=set(kinds))
    org.board_member = board
    org.author = author
    org.plan = plan
    return org


@pytest.fixture
def region(db):
    return Region.objects.create(name="Regio Midden", slug="regio-midden")


@pytest.fixture
def coordinator(region):
    user = factories.UserFactory()
    RegionalCoordinator.objects.create(region=region, user=user)
    forget_roles(user)
    return user


def cells(**groups):
    return {label: ((Decimal(v),), set(orgs)) for label, (v, orgs) in groups.items()}


def test_a_group_of_fewer_than_three_organisations_counts_only_in_the_total():
    board = selectors.protect(cells(a=(5, {1, 2, 3}), b=(2, {1, 2}), c=(1, {4})))
    assert [(r.label, r.values) for r in board.rows] == [("a", (Decimal(5),))]
    assert board.total == (Decimal(8),)
    assert board.hidden_groups == 2
    assert board.hidden == (Decimal(3),)  # b and c together come from three organisations
    assert board.organisations == 4


def test_the_remainder_of_small_groups_is_not_shown_when_it_would_identify_them():
    board = selectors.protect(cells(a=(5, {1, 2, 3}), b=(2, {1, 2})))
    assert board.hidden is None  # b alone would identify organisations 1 and 2
    assert board.total == (Decimal(7),)


def test_the_dashboard_adds_up_what_three_members_share_and_names_the_one_that_shares_nothing(region):
    members = [member(region, i) for i in range(3)]
    silent = member(region, 3, kinds=set())
    board = selectors.dashboard(region)
    # R20: 2 internship places on 10 FTE care staff = 20 per 100, per organisation and in total.
    assert [(r.name, r.quota) for r in board.quota_rows] == [(m.name, Decimal("20.0")) for m in members]
    assert board.quota_total.quota == Decimal("20.0")
    assert board.quota_total.care_fte == Decimal("30")
    assert [(r.label, r.values, r.organisations) for r in board.formation.rows] == [
        ("Verzorgende IG (mbo 3)", (Decimal("4.5"), Decimal("4.5")), 3)
    ]
    assert [(r.label, r.values) for r in board.themes.rows] == [
        ("Strengthening the profession of carers and nurses", (Decimal(3),))
    ]
    assert [(r.label, r.values) for r in board.intervention_kinds.rows] == [("Other work forms", (Decimal(3),))]
    assert [r.label for r in board.intervention_years.rows] == ["2027", "2028", "2029", "2030"]
    assert board.spending.total == (Decimal("18000.00"),)
    assert board.silent_members == [silent]
    assert silent.name not in {r.name for r in board.quota_rows}


def test_figures_of_two_organisations_appear_only_in_the_total(region):
    member(region, 0)
    member(region, 1)
    member(region, 2, kinds={ShareKind.TRAINING_QUOTA})
    board = selectors.dashboard(region)
    assert board.formation.rows == [] and board.formation.hidden is None
    assert board.formation.total == (Decimal("3.0"), Decimal("3.0"))
    assert board.themes.rows == [] and board.themes.total == (Decimal(2),)
    assert board.spending.rows == []


def test_withdrawal_removes_the_figures_at_once(region):
    members = [member(region, i) for i in range(3)]
    assert len(selectors.dashboard(region).quota_rows) == 3
    services.withdraw(actor=members[0].board_member, organisation=members[0], kind=ShareKind.TRAINING_QUOTA)
    board = selectors.dashboard(region)
    assert [r.name for r in board.quota_rows] == [members[1].name, members[2].name]
    assert board.quota_total.care_fte == Decimal("20")


def test_a_draft_or_a_plan_text_never_reaches_the_dashboard(region, client, coordinator):
    members = [member(region, i) for i in range(3)]
    from plans.content import services as plan_services

    # A live draft (a new plan) with a new theme and a different formation: not adopted, not read.
    draft = factories.plan(members[0], members[0].author, title="Geheim concept")
    plan_services.theme_create(actor=members[0].author, plan=draft, kind="culture", title="Geheim thema",
                               description="Vertrouwelijk.", implications="")
    client.force_login(coordinator)
    response = client.get(region.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geheim" not in page and "Vertrouwelijk" not in page
    assert "Koers." not in page and "Voorwoord." not in page  # plan texts of the adopted plans
    assert "Organisation culture" not in page
    # The coordinator cannot open the members' plans either.
    assert client.get(f"/plannen/{members[0].plan.pk}/").status_code == 404
    assert client.get(f"/plannen/{draft.pk}/").status_code == 404


def test_only_the_regions_own_coordinators_see_its_dashboard(region, client, coordinator):
    first = member(region, 0)
    other = Region.objects.create(name="Regio Elders", slug="regio-elders")
    stranger = factories.UserFactory()
    RegionalCoordinator.objects.create(region=other, user=stranger)
    for user in (stranger, first.author, first.board_member):
        client.force_login(user)
        assert client.get(region.get_absolute_url()).status_code == 404
    client.force_login(coordinator)
    assert client.get(region.get_absolute_url()).status_code == 200


def queries_for(region) -> int:
    with CaptureQueriesContext(connection) as context:
        selectors.dashboard(region)
    return len(context.captured_queries)


def test_the_query_count_does_not_grow_with_the_number_of_members(region, client, coordinator, django_assert_max_num_queries):
    for i in range(3):
        member(region, i)
    small = queries_for(region)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as page:
        assert client.get(region.get_absolute_url()).status_code == 200
    for i in range(3, 12):
        member(region, i)
    with django_assert_max_num_queries(small):
        board = selectors.dashboard(region)
    assert len(board.quota_rows) == 12
    forget_roles(coordinator)
    with django_assert_max_num_queries(len(page.captured_queries)):
        assert client.get(region.get_absolute_url()).status_code == 200


def test_a_function_group_that_names_its_level_is_not_labelled_twice():
    assert selectors.group_label("Verpleegkundige (hbo)", "hbo") == "Verpleegkundige (hbo)"
    assert selectors.group_label("Verzorgende IG", "mbo 3") == "Verzorgende IG (mbo 3)"


def test_the_excel_export_has_the_dashboards_figures_and_keeps_names_inert(region, client, coordinator):
    import io

    from openpyxl import load_workbook

    members = [member(region, i) for i in range(3)]
    hostile = '=HYPERLINK("https://example.test","x")'
    members[0].name = hostile
    members[0].save()
    client.force_login(coordinator)
    response = client.get(f"/regio/{region.slug}/excel/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    quota = book.worksheets[0]
    names = [quota.cell(row=r, column=1).value for r in range(2, quota.max_row + 1)]
    assert hostile in names and quota.cell(row=names.index(hostile) + 2, column=1).data_type == "s"
    assert quota.cell(row=quota.max_row, column=4).value == 20.0
    assert all(cell.data_type != "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row)
    client.force_login(members[0].author)
    assert client.get(f"/regio/{region.slug}/excel/").status_code == 404
