"""Organisation settings: units, function groups, people and their roles, bodies, language."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from stakeholders import services
from stakeholders.access import roles_of
from stakeholders.changes import DomainError
from stakeholders.models import AuditEvent, BodyMember, Membership, Unit, UserProfile
from tests import factories


def org_url(name: str, org, **kwargs) -> str:
    return reverse(f"stakeholders:{name}", kwargs={"org": org.slug, **kwargs})


def test_roles_come_from_memberships_and_from_bodies(org, author, or_member, board_member):
    assert roles_of(author, org) == {"author"}
    assert roles_of(or_member, org) == {"or_member"}
    assert roles_of(board_member, org) == {"board_member"}


def test_one_person_may_hold_several_roles(org):
    person = factories.person(org, roles=["author", "line_manager"],
                              bodies={"or": {"position": "member", "may_record_decision": False}})
    assert roles_of(person, org) == {"author", "line_manager", "or_member"}


def test_a_unit_cannot_be_part_of_itself_or_of_its_own_sub_unit(org, author):
    team1, child = org.units.get(code="team-1"), org.units.get(code="team-1a")
    with pytest.raises(ValidationError):
        services.unit_update(actor=author, unit=team1, parent=child)
    with pytest.raises(ValidationError):
        services.unit_update(actor=author, unit=team1, parent=team1)


def test_a_unit_with_sub_units_is_not_deleted(org, author):
    with pytest.raises(DomainError, match="still has sub-units"):
        services.unit_delete(actor=author, unit=org.units.get(code="team-1"))
    services.unit_delete(actor=author, unit=org.units.get(code="team-1a"))
    assert not org.units.filter(code="team-1a").exists()


def test_the_last_author_cannot_lose_the_role(org, author):
    with pytest.raises(DomainError, match="needs at least one L&D author"):
        services.person_set_roles(actor=author, organisation=org, user=author, roles=["viewer"])
    assert Membership.objects.filter(user=author, role="author").exists()


def test_the_var_can_only_be_switched_off_once_it_is_empty(org, author, var_member):
    with pytest.raises(DomainError, match="Remove the VAR and its members first"):
        services.organisation_update(actor=author, organisation=org, has_var=False)
    services.person_set_roles(actor=author, organisation=org, user=var_member, roles=["viewer"], bodies={})
    org.bodies.filter(kind="var").delete()
    services.organisation_update(actor=author, organisation=org, has_var=False)
    org.refresh_from_db()
    assert org.has_var is False


def test_no_var_member_in_an_organisation_without_a_var(db):
    org = factories.organisation(slug="zonder-var", has_var=False)
    with pytest.raises(DomainError, match="This organisation has no VAR"):
        factories.person(org, bodies={"var": {"position": "member", "may_record_decision": True}})


def test_the_author_adds_a_person_who_gets_an_invitation(client_of, author, org):
    team = org.units.get(code="team-2")
    response = client_of(author).post(org_url("person_add", org), {
        "email": "Nieuwe.Manager@Example.test", "first_name": "Manager", "last_name": "Team Twee",
        "roles": ["line_manager"], "units": [team.pk], "body_or": "on", "position_or": "member",
    })
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nieuwe.manager@example.test", role="line_manager")
    assert list(membership.units.all()) == [team]
    assert BodyMember.objects.filter(user=membership.user, body__kind="or").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuwe.manager@example.test"]
    assert "/account/uitnodiging/" in mail.outbox[0].body  # the invitation link, not a reset
    assert UserProfile.objects.get(user=membership.user).language == "nl"


def test_adding_someone_twice_is_refused_with_the_input_kept(client_of, author, org, viewer):
    response = client_of(author).post(org_url("person_add", org), {
        "email": viewer.email, "first_name": "Dubbel", "last_name": "Persoon", "roles": ["viewer"],
    })
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'value="Dubbel"' in response.content.decode()


def test_changes_to_the_organisation_are_attributable(org, author):
    services.unit_update(actor=author, unit=org.units.get(code="team-2"), fte=Decimal("16.5"))
    event = AuditEvent.objects.filter(object_type="unit", action="changed").get()
    assert event.actor == author and event.changes == {"fte": ["15.00", "16.5"]}


@pytest.mark.parametrize("persona", ["viewer", "line_manager", "or_member", "board_member"])
def test_only_the_author_manages_the_organisation(request, client_of, org, persona):
    client = client_of(request.getfixturevalue(persona))
    assert client.get(org_url("organisation", org)).status_code == 200
    unit = org.units.get(code="team-2")
    assert client.post(org_url("unit_edit", org, unit=unit.pk), {"name": "Weg", "code": "weg", "fte": "1"}).status_code == 403
    assert client.post(org_url("organisation_edit", org), {"name": "Anders"}).status_code == 403
    assert Unit.objects.get(pk=unit.pk).name == "Team Twee"


def test_the_author_edits_a_unit(client_of, author, org):
    unit = org.units.get(code="team-2")
    response = client_of(author).post(
        org_url("unit_edit", org, unit=unit.pk), {"name": "Team Twee Noord", "code": "team-2", "fte": "17.25", "parent": ""}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.fte) == ("Team Twee Noord", Decimal("17.25"))


def test_the_author_adds_a_unit_as_part_of_another_unit(client_of, author, org):
    parent = org.units.get(code="team-2")
    response = client_of(author).post(
        org_url("unit_add", org), {"name": "Team Twee B", "code": "team-2b", "fte": "4", "parent": parent.pk}
    )
    assert response.status_code == 302
    assert org.units.get(code="team-2b").parent == parent


def test_a_unit_is_not_added_under_a_unit_of_another_organisation(client_of, author, org, other_org):
    foreign = other_org.units.get(code="team-2")
    with pytest.raises(ValidationError, match="only be part of its own organisation"):
        services.unit_create(actor=author, organisation=org, code="team-x", name="Team Elders", parent=foreign)
    response = client_of(author).post(
        org_url("unit_add", org), {"name": "Team Elders", "code": "team-x", "fte": "4", "parent": foreign.pk}
    )
    assert response.status_code == 200 and "parent" in response.context["form"].errors
    assert not org.units.filter(code="team-x").exists()


def test_the_unit_form_asks_whether_a_unit_has_care_staff_r5_r20(client_of, author, org):
    client = client_of(author)
    page = client.get(org_url("unit_add", org)).content.decode()
    assert re.search(r'name="is_care_staff"[^>]*checked', page)  # a new unit has care staff
    assert "Zorgpersoneel" in page  # the label, in Dutch
    assert client.post(org_url("unit_add", org), {"name": "Stafbureau", "code": "staf", "fte": "6"}).status_code == 302
    assert org.units.get(code="staf").is_care_staff is False  # an unticked box
    unit = org.units.get(code="team-2")
    response = client.post(
        org_url("unit_edit", org, unit=unit.pk),
        {"name": "Team Twee", "code": "team-2", "fte": "15", "parent": "", "is_care_staff": "on"},
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=unit.pk).is_care_staff is True


def test_a_unit_has_care_staff_unless_said_otherwise(org):
    assert all(org.units.values_list("is_care_staff", flat=True))


def test_a_user_picks_the_interface_language_and_keeps_it(client_of, author):
    client = client_of(author)
    assert client.get("/").headers["Content-Language"] == "nl"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert UserProfile.objects.get(user=author).language == "en"
    client.logout()
    client.force_login(author)
    assert client.get("/").headers["Content-Language"] == "en"


def test_the_language_switch_does_not_redirect_elsewhere(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_password_reset_mail_is_sent_for_a_known_address_only(client, author):
    client.post(reverse("password_reset"), {"email": author.email})
    client.post(reverse("password_reset"), {"email": "nobody@example.test"})
    assert [m.to for m in mail.outbox] == [[author.email]]


def test_a_unit_used_by_a_submitted_plan_is_not_deleted(org, author):
    from plans.approval import services as lifecycle

    plan = factories.complete_plan(org, author)
    used = org.units.get(code="team-2")
    from plans.content import figures

    figures.formation_row_save(actor=author, plan=plan, unit=used, function_group=org.function_groups.get(code="vpk"),
                                     current_fte=Decimal("1"), retirement_per_year=Decimal("0"),
                                     turnover_per_year=Decimal("0"), growth_per_year=Decimal("0"),
                                     internship_places=Decimal("0"))
    lifecycle.submit_plan(actor=author, plan=plan)
    with pytest.raises(DomainError, match="is used in a plan that is past drafting"):
        services.unit_delete(actor=author, unit=used)
    with pytest.raises(DomainError, match="is used in a plan that is past drafting"):
        services.function_group_delete(actor=author, function_group=org.function_groups.get(code="vig"))
    assert org.units.filter(code="team-2").exists() and org.function_groups.filter(code="vig").exists()
    services.unit_delete(actor=author, unit=org.units.get(code="team-1a"))  # no plan uses it: fine


def test_a_unit_used_only_by_a_draft_is_deleted_with_its_figures(org, author, plan):
    group = org.function_groups.get(code="vpk")
    unit = org.units.get(code="team-2")

    from plans.content import figures

    figures.formation_row_save(actor=author, plan=plan, unit=unit, function_group=group,
                                     current_fte=Decimal("1"), retirement_per_year=Decimal("0"),
                                     turnover_per_year=Decimal("0"), growth_per_year=Decimal("0"),
                                     internship_places=Decimal("0"))
    services.unit_delete(actor=author, unit=unit)
    assert not plan.formation_rows.filter(unit__code="team-2").exists()


def test_the_menu_lists_every_organisation_of_the_user_and_no_other(client_of, org, other_org, outsider):
    """The navigation's organisations come from the same query as the roles: an organisation
    where someone only holds a council seat is listed as well as one where they are a member."""
    third = factories.organisation(slug="org-c", name="Zorggroep Derde C")
    person = factories.person(org, bodies={"or": {"position": "member", "may_record_decision": False}},
                              email="both@example.test")
    Membership.objects.create(organisation=other_org, user=person, role="viewer")
    assert roles_of(person, org) == {"or_member"}
    assert roles_of(person, other_org) == {"viewer"}

    page = client_of(person).get(reverse("plans:dashboard")).content.decode()
    menu = page.split('id="main-nav"', 1)[1].split("</ul>", 1)[0]
    assert org_url("organisation", other_org).rstrip("/") in menu
    assert org_url("organisation", org).rstrip("/") in menu
    assert menu.index(other_org.name) < menu.index(org.name)  # by name: "…Elders B" before "…Test A"
    assert third.name not in menu
