"""Notifications belong to an organisation: whoever leaves it no longer reads them."""

from __future__ import annotations

from django.urls import reverse

from plans.approval import services as lifecycle
from plans.notifications import services as notifications
from stakeholders import services as org_services
from tests import factories


def test_a_member_who_left_the_organisation_no_longer_reads_its_notifications(client_of, org, author, board_member):
    plan = factories.complete_plan(org, author, title="Vertrouwelijk opleidingsplan")
    lifecycle.submit_plan(actor=author, plan=plan)  # notifies the board
    client = client_of(board_member)
    assert notifications.unread_count(board_member) == 1
    assert "Vertrouwelijk opleidingsplan" in client.get(reverse("plans:notifications")).content.decode()

    org_services.person_remove(actor=author, organisation=org, user=board_member)
    board_member.refresh_from_db()
    assert notifications.unread_count(board_member) == 0
    assert "Vertrouwelijk opleidingsplan" not in client.get(reverse("plans:notifications")).content.decode()
