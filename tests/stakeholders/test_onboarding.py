"""Starting an organisation without /admin/: the operator's page and command, the invitation
link (signed, expiring, single use) and the set-up guide."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from stakeholders import onboarding
from stakeholders.models import AuditEvent, Membership, Organisation
from tests import factories
from tests.mailcheck import NEW_PASSWORD, password_link

START = "/beheer/organisatie-starten/"
FORM = {"name": "Een nieuwe organisatie", "sector": "vvt", "first_name": "Eerste", "last_name": "Auteur",
        "email": "eerste@example.test"}


@pytest.fixture
def operator(db):
    return factories.UserFactory(is_superuser=True, is_staff=True)


def test_the_operator_starts_an_organisation_and_its_author_is_invited(client, operator):
    client.force_login(operator)
    response = client.post(START, FORM)

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Een nieuwe organisatie")
    assert organisation.slug == "een-nieuwe-organisatie"
    assert Membership.objects.filter(organisation=organisation, role="author", user__email="eerste@example.test").exists()
    assert AuditEvent.objects.filter(organisation=organisation, object_type__icontains="organisation").exists()
    assert [m.to for m in mail.outbox] == [["eerste@example.test"]]
    assert "/account/uitnodiging/" in mail.outbox[0].body


@pytest.mark.parametrize("persona", ["author", "viewer", "outsider"])
def test_nobody_but_the_operator_may_start_an_organisation(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(START).status_code == 403
    assert client.post(START, FORM).status_code == 403
    assert not Organisation.objects.filter(name=FORM["name"]).exists()


def test_the_service_refuses_a_non_operator(author):
    with pytest.raises(onboarding.DomainError, match="site operator"):
        onboarding.organisation_start(actor=author, name="X", email="x@example.test", first_name="X", last_name="Y")


def test_the_command_starts_an_organisation(db):
    call_command("create_organisation", "Zorg Noord", "noord@example.test", "--first-name", "Eerste")
    organisation = Organisation.objects.get(slug="zorg-noord")
    assert organisation.memberships.get().user.email == "noord@example.test"
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError, match="e-mail"):
        call_command("create_organisation", "Zorg Zuid", "geen-adres")


def _invited(client, operator) -> str:
    client.force_login(operator)
    client.post(START, FORM)
    return password_link(mail.outbox[-1].body)


def test_the_invitee_sets_a_password_and_lands_in_the_set_up_guide(client, operator):
    link = _invited(client, operator)
    invitee = Client()
    form_url = invitee.get(link, follow=True).redirect_chain[-1][0]
    done = invitee.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.url == reverse("stakeholders:setup", kwargs={"org": "een-nieuwe-organisatie"})
    guide = invitee.get(done.url)
    assert guide.status_code == 200
    assert guide.context["done"] == 0
    assert [s.key for s in guide.context["steps"]] == ["details", "units", "function_groups", "bodies", "people"]


def test_the_invitation_link_works_once(client, operator):
    link = _invited(client, operator)
    invitee = Client()
    form_url = invitee.get(link, follow=True).redirect_chain[-1][0]
    invitee.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client().get(link, follow=True)
    assert "new_password1" not in again.content.decode()
    assert again.context["validlink"] is False


def test_the_invitation_link_expires(client, operator, settings):
    link = _invited(client, operator)
    settings.PASSWORD_RESET_TIMEOUT = -1  # as if the link were older than the timeout
    response = Client().get(link, follow=True)
    assert response.context["validlink"] is False


def test_the_guide_counts_what_is_done(client, org, author):
    client.force_login(author)
    steps = {s.key: s.done for s in client.get(reverse("stakeholders:setup", kwargs={"org": org.slug})).context["steps"]}
    # The factory organisation has units and function groups, but no zorgkantoor and no council members.
    assert steps["units"] is True
    assert steps["function_groups"] is True
    assert steps["bodies"] is False


@pytest.mark.parametrize("persona", ["viewer", "line_manager"])
def test_only_the_author_sees_the_set_up_guide(client, org, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("stakeholders:setup", kwargs={"org": org.slug})).status_code == 403


def test_an_outsider_does_not_find_the_set_up_guide(client, org, outsider):
    client.force_login(outsider)
    assert client.get(reverse("stakeholders:setup", kwargs={"org": org.slug})).status_code == 404
