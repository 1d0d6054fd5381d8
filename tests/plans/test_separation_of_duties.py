"""Four eyes: nobody adopts a plan alone, however the roles were set up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans.approval import services as lifecycle
from plans.approval import statements
from plans.models import DecisionKind, PlanStatus, SignatureKind
from stakeholders import services as org_services
from stakeholders.changes import DomainError
from stakeholders.models import BodyMember
from tests import factories

CHAIR = {"position": "chair", "may_record_decision": True}


def test_an_author_cannot_give_themselves_a_seat_on_the_board_or_a_council(org, author):
    with pytest.raises(DomainError, match="You cannot change your own place on the board or a council"):
        org_services.person_set_roles(actor=author, organisation=org, user=author, roles=["author"],
                                      bodies={"board": CHAIR, "or": CHAIR})
    assert not BodyMember.objects.filter(user=author).exists()


def test_the_same_refusal_through_the_roles_page_keeps_the_form(client_of, org, author):
    response = client_of(author).post(
        reverse("stakeholders:person_edit", kwargs={"org": org.slug, "person": author.pk}),
        {"roles": ["author"], "body_board": "on", "position_board": "chair", "record_board": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not BodyMember.objects.filter(user=author).exists()


def test_another_author_may_seat_a_colleague(org, author):
    colleague = factories.person(org, roles=["viewer"])
    org_services.person_set_roles(actor=author, organisation=org, user=colleague, roles=["viewer"],
                                  bodies={"or": CHAIR})
    assert BodyMember.objects.filter(user=colleague, body__kind="or", may_record_decision=True).exists()


def test_whoever_submitted_a_version_does_not_approve_it(org, author):
    # An author who (before these rules, or by an administrator's mistake) also chairs the board.
    org_services.person_set_roles(actor=None, organisation=org, user=author, roles=["author"], bodies={"board": CHAIR})
    plan = factories.complete_plan(org, author)
    version = lifecycle.submit_plan(actor=author, plan=plan)
    with pytest.raises(DomainError, match="You submitted this; another member"):
        lifecycle.approve_plan(actor=author, plan=plan, expected_sha256=version.sha256, consent_deadlines=None)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_nobody_decides_for_two_bodies_on_the_same_version(org, author, board_member):
    double = factories.person(org, bodies={"or": CHAIR, "var": CHAIR})
    plan = factories.complete_plan(org, author)
    version = lifecycle.submit_plan(actor=author, plan=plan)
    lifecycle.approve_plan(actor=board_member, plan=plan, expected_sha256=version.sha256, consent_deadlines={})
    lifecycle.record_consent(actor=double, plan=plan, body=org.bodies.get(kind="or"),
                             decision=DecisionKind.CONSENTED, expected_sha256=version.sha256)
    with pytest.raises(DomainError, match="You already recorded the decision of the"):
        lifecycle.record_consent(actor=double, plan=plan, body=org.bodies.get(kind="var"),
                                 decision=DecisionKind.CONSENTED, expected_sha256=version.sha256)
    assert version.decisions.filter(body__kind="var").count() == 0


def test_the_board_member_who_issued_a_statement_does_not_co_sign_it_for_a_council(
    org, author, board_member, or_member, var_member, cr_member
):
    plan = factories.complete_plan(org, author)
    factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member, cr_member])
    org_services.person_set_roles(actor=None, organisation=org, user=board_member, roles=[],
                                  bodies={"board": CHAIR, "cr": CHAIR})
    statement = statements.issue_statement(actor=board_member, plan=plan, year=2028, text="Verklaring.",
                                          objectives_met=True)
    with pytest.raises(DomainError, match="You submitted this; another member"):
        statements.sign_statement(actor=board_member, statement=statement, body=org.bodies.get(kind="cr"),
                                 decision=SignatureKind.COSIGNED)
