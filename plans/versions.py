"""Freezing a plan into a PlanVersion (design.md, "How data flows" 2)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from .interchange import export_plan, sha256
from .models import Plan, PlanVersion


def freeze(*, actor, plan: Plan) -> PlanVersion:
    """Snapshot the plan as it is now. The caller holds the plan row lock (a transition)."""
    document = export_plan(plan)
    with transaction.atomic():
        number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        return PlanVersion.objects.create(
            plan=plan,
            number=number,
            snapshot=document,
            sha256=sha256(document),
            created_by=actor if actor is not None and actor.pk else None,
        )


def current_snapshot(plan: Plan) -> tuple[dict, str]:
    """The live plan as a snapshot and its hash (drafts are rendered from this)."""
    document = export_plan(plan)
    return document, sha256(document)
