"""plans.approval.signatures: the rows the cover sheet and the board statement are signed with."""

from __future__ import annotations

import pytest
from django.utils import timezone

from plans.approval import selectors as approval
from plans.approval import services as lifecycle
from plans.approval import statements
from plans.models import DecisionKind, SignatureKind
from tests import factories


@pytest.fixture
def adopted_version(org, author, board_member, or_member, var_member):
    plan = factories.complete_plan(org, author)
    version = factories.submit(plan, author)
    lifecycle.approve_plan(actor=board_member, plan=plan, expected_sha256=version.sha256, note="Akkoord.", consent_deadlines={})
    lifecycle.record_consent(
        actor=var_member, plan=plan, body=org.bodies.get(kind="var"), decision=DecisionKind.CONSENTED,
        expected_sha256=version.sha256,
    )
    lifecycle.record_consent(
        actor=or_member, plan=plan, body=org.bodies.get(kind="or"), decision=DecisionKind.CONSENTED_WITH_CONDITIONS,
        text="Opleidingstijd is werktijd.", expected_sha256=version.sha256,
    )
    return version


def test_signatures_lists_the_board_then_or_then_var_with_everything_a_cover_sheet_needs(adopted_version, or_member):
    rows = approval.signatures(adopted_version)
    assert [r.body_kind for r in rows] == ["board", "or", "var"]
    works_council = rows[1]
    assert works_council.person_name == or_member.get_full_name()
    assert works_council.position == "chair"
    assert works_council.decision == DecisionKind.CONSENTED_WITH_CONDITIONS
    assert works_council.text == "Opleidingstijd is werktijd."
    assert works_council.version_sha256 == adopted_version.sha256
    assert works_council.decided_at <= timezone.now()
    assert works_council.body_name == adopted_version.plan.organisation.bodies.get(kind="or").name
    assert rows[0].text == "Akkoord."


def test_a_version_without_decisions_has_no_signatures(org, author):
    version = factories.submit(factories.complete_plan(org, author), author)
    assert approval.signatures(version) == []


def test_statement_signatures_start_with_the_board_and_carry_the_explanation(adopted_version, board_member, or_member, cr_member):
    plan = adopted_version.plan
    plan.refresh_from_db()
    statement = statements.issue_statement(
        actor=board_member, plan=plan, year=2028, text="Uitvoering loopt.", objectives_met=False,
        explanation="Leergang later gestart.",
    )
    statements.sign_statement(actor=or_member, statement=statement, body=plan.organisation.bodies.get(kind="or"), decision=SignatureKind.COSIGNED)
    rows = approval.statement_signatures(statement)
    assert [(r.body_kind, r.decision) for r in rows] == [("board", "issued"), ("or", "cosigned")]
    assert "Leergang later gestart." in rows[0].text
