"""The regional layer, slice 1: regions, the board's opt-in per kind of figure and its
withdrawal, and the regional coordinator's rights (design.md "Roles", "How data flows" 6)."""

import pytest

from plans.regional import services
from soplan.errors import DomainError
from stakeholders.access import forget_roles
from stakeholders.models import AuditEvent, Region, RegionalCoordinator, ShareKind, Sharing
from tests import factories


@pytest.fixture
def region(org):
    region = Region.objects.create(name="Regio Test", slug="regio-test")
    region.organisations.add(org)
    return region


@pytest.fixture
def coordinator(region):
    user = factories.UserFactory()
    RegionalCoordinator.objects.create(region=region, user=user)
    forget_roles(user)
    return user


def test_the_board_opts_in_per_kind_and_withdraws_at_once_with_an_audit_trail(org, board_member):
    services.share(actor=board_member, organisation=org, kind=ShareKind.TRAINING_QUOTA)
    services.share(actor=board_member, organisation=org, kind=ShareKind.THEMES)
    assert set(Sharing.objects.filter(organisation=org).values_list("kind", flat=True)) == {"training_quota", "themes"}
    services.withdraw(actor=board_member, organisation=org, kind=ShareKind.THEMES)
    assert list(Sharing.objects.filter(organisation=org).values_list("kind", flat=True)) == ["training_quota"]
    actions = list(AuditEvent.objects.filter(organisation=org, scope="sharing").values_list("action", flat=True))
    assert sorted(actions) == ["share", "share", "withdraw"]


def test_set_sharing_shares_exactly_the_chosen_kinds(org, board_member):
    services.set_sharing(actor=board_member, organisation=org, kinds={"themes", "spending"})
    services.set_sharing(actor=board_member, organisation=org, kinds={"spending", "formation"})
    assert set(Sharing.objects.filter(organisation=org).values_list("kind", flat=True)) == {"spending", "formation"}


@pytest.mark.parametrize("who", ["author", "viewer", "coordinator"])
def test_only_the_board_decides_what_is_shared(org, request, who):
    actor = request.getfixturevalue(who) if who != "coordinator" else request.getfixturevalue("coordinator")
    with pytest.raises(DomainError, match="Only a board member of Zorggroep Test A decides"):
        services.share(actor=actor, organisation=org, kind=ShareKind.THEMES)
    assert not Sharing.objects.exists()


def test_an_unknown_kind_is_refused(org, board_member):
    with pytest.raises(DomainError, match="Unknown kind of figure"):
        services.share(actor=board_member, organisation=org, kind="plan_texts")


def test_a_coordinator_reads_only_their_own_region_and_holds_no_role_in_its_members(org, region, coordinator, author):
    other = Region.objects.create(name="Regio Elders", slug="regio-elders")
    plan = factories.plan(org, author)
    assert coordinator.has_perm("plans.read_region", region)
    assert coordinator.has_perm("plans.manage_agenda", region)
    assert not coordinator.has_perm("plans.read_region", other)
    # Never plan texts or live drafts: the coordinator is no member of the organisation.
    assert not coordinator.has_perm("plans.read_plan", plan)
    assert not coordinator.has_perm("stakeholders.read_organisation", org)
    # A member of the organisation is no coordinator of its region.
    assert not author.has_perm("plans.read_region", region)


def test_the_board_chooses_on_its_page_and_others_are_refused(client, org, region, board_member, author):
    client.force_login(author)
    assert client.get(f"/o/{org.slug}/regio-delen/").status_code == 403
    assert 'id="sharing-link"' not in client.get(f"/o/{org.slug}/").content.decode()
    client.force_login(board_member)
    assert 'id="sharing-link"' in client.get(f"/o/{org.slug}/").content.decode()
    response = client.post(f"/o/{org.slug}/regio-delen/", {"kinds": ["themes", "spending"]})
    assert response.status_code == 302
    assert set(Sharing.objects.filter(organisation=org).values_list("kind", flat=True)) == {"themes", "spending"}
    client.post(f"/o/{org.slug}/regio-delen/", {"kinds": ["themes"]})
    assert list(Sharing.objects.filter(organisation=org).values_list("kind", flat=True)) == ["themes"]
    assert "Regio Test" in client.get(f"/o/{org.slug}/regio-delen/").content.decode()
