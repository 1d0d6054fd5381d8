"""The doe-agenda (issue 15, R23): the coordinator keeps regional actions with an owner,
participants, an effect horizon and a status; a member's author links interventions of its
adopted plan; the action shows the members' contributions as adopted, never the live draft."""

import pytest

from plans.content import services as plan_services
from plans.regional import services
from plans.regional.models import Contribution
from soplan.errors import DomainError
from stakeholders.models import AuditEvent, Region
from tests import factories
from tests.plans.test_regional_dashboard import coordinator, member, region  # noqa: F401


@pytest.fixture
def members(region):  # noqa: F811
    return [member(region, i, kinds=set()) for i in range(2)]


@pytest.fixture
def action(region, coordinator, members):  # noqa: F811
    return services.action_create(
        actor=coordinator, region=region, owner=members[0], participants=members, title="Leerwerkplaatsen in de wijk",
        description="", horizon="medium", status="running",
    )


def test_the_coordinator_keeps_the_agenda_with_an_audit_trail_in_the_owners_log(action, members):
    assert action.horizon == "medium" and set(action.participants.all()) == set(members)
    assert AuditEvent.objects.filter(organisation=members[0], object_type="regionalaction").exists()


def test_only_the_regions_coordinator_keeps_its_agenda(region, members):  # noqa: F811
    with pytest.raises(DomainError, match="Only a coordinator of Regio Midden keeps its doe-agenda"):
        services.action_create(actor=members[0].author, region=region, owner=members[0], title="X", horizon="short")


def test_an_outsider_cannot_own_or_join_an_action(region, coordinator, members):  # noqa: F811
    stranger = factories.organisation(slug="elders", name="Zorg Elders")
    with pytest.raises(DomainError, match="Only member organisations of Regio Midden can take part"):
        services.action_create(actor=coordinator, region=region, owner=stranger, title="X", horizon="short")


def test_a_member_links_an_adopted_intervention_and_the_action_shows_it(action, members, client, coordinator):  # noqa: F811
    first = members[0]
    code = first.plan.interventions.first().code
    contribution = services.contribution_link(actor=first.author, action=action, organisation=first, intervention_code=code)
    assert contribution.title == "Training dementie" and contribution.years == [2027, 2028, 2029, 2030]
    client.force_login(coordinator)
    page = client.get(f"/regio/{action.region.slug}/doe-agenda/").content.decode()
    assert f"{code} Training dementie" in page and first.name in page


def test_linking_is_for_the_members_author_and_only_adopted_interventions(action, members, region, coordinator):  # noqa: F811
    first = members[0]
    with pytest.raises(DomainError, match="Only an L&D author of Zorggroep Lid 00 links its interventions"):
        services.contribution_link(actor=first.board_member, action=action, organisation=first, intervention_code="LI1")
    draft_only = plan_services.intervention_create(
        actor=first.author, plan=factories.plan(first, first.author, title="Concept", rich=False), title="Nieuw",
        level="organisation",
    )
    with pytest.raises(DomainError, match="The adopted plan has no intervention"):
        services.contribution_link(actor=first.author, action=action, organisation=first,
                                   intervention_code=draft_only.code + "X")
    other = Region.objects.create(name="Regio Elders", slug="regio-elders")
    other_org = member(other, 9, kinds=set())
    with pytest.raises(DomainError, match="does not take part in this regional action"):
        services.contribution_link(actor=other_org.author, action=action, organisation=other_org, intervention_code="LI1")
    assert not Contribution.objects.exists()


def test_the_member_page_links_and_unlinks(action, members, client):
    first = members[0]
    code = first.plan.interventions.first().code
    client.force_login(first.author)
    response = client.post(f"/o/{first.slug}/doe-agenda/", {"regional_action": action.pk, f"a{action.pk}-intervention": code})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert client.get(f"/o/{first.slug}/doe-agenda/").content.decode().count("Training dementie") >= 1
    client.post(f"/o/{first.slug}/doe-agenda/", {"unlink": contribution.pk})
    assert not Contribution.objects.exists()


def test_the_agenda_shows_what_is_under_way_first(region, coordinator, members, action):  # noqa: F811
    from plans.regional import selectors

    services.action_create(actor=coordinator, region=region, owner=members[1], title="Afgerond", horizon="short",
                           status="done")
    services.action_create(actor=coordinator, region=region, owner=members[1], title="Zo meteen", horizon="long",
                           status="planned")
    assert [a.status for a in selectors.agenda(region)] == ["running", "planned", "done"]
