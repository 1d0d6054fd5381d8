"""The demo region (issue 15): five members with adopted plans, one of which shares nothing; the
regional coordinator sees what the others share and nothing of the silent member."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from plans.regional import selectors
from soplan import demo
from stakeholders.models import Organisation, Region


@pytest.fixture
def seeded(db):
    logins = demo.seed(password="demo-password-for-tests")
    return logins


def test_the_demo_region_has_five_members_and_one_shares_nothing(seeded):
    region = Region.objects.get(slug="regio-zorg-midden")
    assert region.organisations.count() == 5
    board = selectors.dashboard(region)
    assert [o.name for o in board.silent_members] == ["Zorggroep De Kaap"]
    assert "Zorggroep De Kaap" not in {r.name for r in board.quota_rows}
    assert len(board.quota_rows) == 4
    assert board.quota_total.quota > Decimal(0)
    # Verzorgende IG comes from four organisations: shown; Helpende from two at most: only in the total.
    labels = [r.label for r in board.formation.rows]
    assert "Verzorgende IG (mbo 3)" in labels
    assert not any(label.startswith("Helpende") for label in labels)
    assert seeded["regional coordinator"] == "coordinator@soplan.example"


def test_the_coordinator_sees_the_dashboard_but_nothing_of_the_silent_member(seeded, client):
    coordinator = get_user_model().objects.get(username="coordinator@soplan.example")
    client.force_login(coordinator)
    response = client.get("/regio/regio-zorg-midden/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thuiszorg De Linde" in page
    silent = Organisation.objects.get(slug="zorggroep-de-kaap")
    assert client.get(f"/plannen/{silent.plans.get().pk}/").status_code == 404
    assert client.get(f"/o/{silent.slug}/").status_code == 404


def test_seeding_the_region_twice_changes_nothing(seeded):
    counts = (Organisation.objects.count(), Region.objects.count())
    demo.seed(password="demo-password-for-tests")
    assert (Organisation.objects.count(), Region.objects.count()) == counts


def test_the_demo_agenda_has_an_action_with_a_members_contribution(seeded):
    region = Region.objects.get(slug="regio-zorg-midden")
    action = region.actions.get(title="Regionale leerwerkplaatsen in de wijk")
    assert action.horizon == "medium" and action.participants.count() == 3
    assert [c.organisation.slug for c in action.contributions.all()] == ["thuiszorg-de-linde"]


def test_the_demo_region_shows_the_realised_figures_of_the_members_that_share_them(seeded):
    region = Region.objects.get(slug="regio-zorg-midden")
    board = selectors.dashboard(region)
    # 2027 evaluated by the demo organisation, De Linde and Rivierenland (sharing) and Het Anker
    # (which keeps its realised figures in): three organisations, so the year has its own line.
    assert [(r.label, r.organisations) for r in board.evaluations.rows] == [("2027", 3)]
    assert board.realised_spending.organisations == 3
    assert all(row.values[1] > 0 for row in board.realised_spending.rows)
