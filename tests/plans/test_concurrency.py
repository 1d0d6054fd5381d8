"""Concurrent decisions on the same version and body cannot both win (row lock + unique constraint)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from plans.approval import services as lifecycle
from plans.models import Decision, DecisionKind, Plan, PlanStatus
from stakeholders.changes import DomainError
from tests import factories


def _with_busy_wait(call):
    """Wait for SQLite's write lock like a busy timeout would.

    The project runs SQLite transactions as BEGIN IMMEDIATE (one writer at a time, the others
    wait up to the busy timeout). The in-memory test database uses a shared cache, where a second
    writer gets "table is locked" at once instead of waiting; this loop does the waiting. On
    PostgreSQL both transactions really run side by side and meet at the plan's row lock.
    """
    for _attempt in range(200):
        try:
            return call()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.02)
    raise AssertionError("the database stayed locked")


def _race(*calls) -> list[str]:
    """Run the calls at the same moment in separate threads (each with its own connection)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            barrier.wait()
            _with_busy_wait(call)
            outcomes.append("won")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_recorders_of_one_council_deciding_at_once_cannot_both_win(org, author, board_member, or_member, var_member):
    plan = factories.complete_plan(org, author)
    version = factories.submit(plan, author)
    lifecycle.approve_plan(actor=board_member, plan=plan, expected_sha256=version.sha256, consent_deadlines={})
    secretary = factories.person(org, bodies={"or": {"position": "secretary", "may_record_decision": True}})
    works_council = org.bodies.get(kind="or")

    def decide(user, decision, text=""):
        return lambda: lifecycle.record_consent(
            actor=user, plan=Plan.objects.get(pk=plan.pk), body=works_council, decision=decision, text=text,
            expected_sha256=version.sha256,
        )

    outcomes = _race(
        decide(or_member, DecisionKind.CONSENTED),
        decide(secretary, DecisionKind.REFUSED, "Niet akkoord met de planning."),
    )
    assert outcomes == ["refused", "won"]
    assert Decision.objects.filter(version=version, body=works_council).count() == 1
    plan.refresh_from_db()
    winner = Decision.objects.get(version=version, body=works_council)
    # The plan's status follows the decision that won, never both.
    expected = PlanStatus.DRAFT if winner.decision == DecisionKind.REFUSED else PlanStatus.AWAITING_CONSENT
    assert plan.status == expected


@pytest.mark.django_db(transaction=True)
def test_the_board_approving_and_returning_at_once_cannot_both_win(org, author, board_member):
    plan = factories.complete_plan(org, author)
    version = factories.submit(plan, author)
    other = factories.person(org, bodies={"board": {"position": "member", "may_record_decision": True}})
    outcomes = _race(
        lambda: lifecycle.approve_plan(actor=board_member, plan=Plan.objects.get(pk=plan.pk), expected_sha256=version.sha256),
        lambda: lifecycle.return_plan(
            actor=other, plan=Plan.objects.get(pk=plan.pk), expected_sha256=version.sha256, reasons="Terug."
        ),
    )
    assert outcomes == ["refused", "won"]
    assert Decision.objects.filter(version=version).count() == 1
    assert plan.transitions.count() == 2  # submitted, then exactly one of approved / returned


def test_the_database_refuses_a_second_decision_of_a_body_on_a_version(org, author, board_member):
    plan = factories.complete_plan(org, author)
    version = factories.submit(plan, author)
    first = lifecycle.approve_plan(actor=board_member, plan=plan, expected_sha256=version.sha256)
    duplicate = Decision(
        version=version, body=first.body, body_kind="board", body_name="Raad", actor=board_member,
        actor_name="x", position="chair", version_sha256=version.sha256, decision=DecisionKind.RETURNED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
