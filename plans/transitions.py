"""The plan's status changes: the seam every transition of steps 4 and 6 is written with.

A transition is a service function named after its verb (``submit_plan``, ``open_consultation``,
…) that checks the actor's right (``plans.rules.require``), locks the plan row (:func:`lock`),
checks the status under the lock (:func:`status_error`), changes it and writes one history row
(:func:`transition`).
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.content.models import Plan, PlanTransition, PlanVersion
from stakeholders import freshness
from stakeholders.changes import DomainError


def actor_name(user) -> str:
    return user.get_full_name() or user.get_username()


def lock(plan: Plan) -> Plan:
    """Lock the plan row for a change, for the rest of the transaction, and return it fresh.

    Why: two people may act on the same plan at once (two council chairs recording consent,
    the board deciding while the author withdraws). The second waits here until the first
    committed, then sees the new status and the new decisions, so both cannot win. On SQLite
    ``select_for_update`` is a no-op, but the project runs every transaction there as
    ``BEGIN IMMEDIATE`` (settings), which serialises writers the same way.
    """
    locked = Plan.objects.select_for_update().only("status", "lock_version").get(pk=plan.pk)
    # What is cached per state of the plan (report, navigator, comments) must not outlive what
    # this transaction writes: statuses, decisions, consultation rounds (stakeholders.freshness).
    freshness.organisation_changed(plan.organisation_id)
    plan.status, plan.lock_version = locked.status, locked.lock_version
    return plan


def status_error(plan: Plan, action: str) -> DomainError:
    return DomainError(
        _("This plan is %(status)s, so you cannot %(action)s now.")
        % {"status": plan.get_status_display().lower(), "action": action}
    )


def transition(*, plan: Plan, to: str, action: str, actor, version: PlanVersion | None = None, note: str = "") -> PlanTransition:
    """Change the status and write its history row (one per status change)."""
    from_status = plan.status
    Plan.objects.filter(pk=plan.pk).update(
        status=to, lock_version=F("lock_version") + 1, updated_at=timezone.now()
    )
    plan.status = to
    plan.lock_version += 1
    return PlanTransition.objects.create(
        plan=plan,
        action=action,
        from_status=from_status,
        to_status=to,
        version=version,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor_name(actor) if actor is not None else "",
        note=note,
    )
