"""Freezing a plan into a PlanVersion (design.md, "How data flows" 2)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from plans.approval.selectors import change_base
from plans.content.models import Plan, PlanVersion
from plans.evidence import Finding
from plans.interchange.format import sha256
from plans.interchange.services import export_plan


def next_number(plan: Plan) -> int:
    """Version numbers count on over the life of a plan: the first version of a change of
    adopted version 1 is version 2, not a second version 1 (R9: the councils consent to a
    version by its number)."""
    own = plan.versions.aggregate(n=Max("number"))["n"] or 0
    base = change_base(plan)
    return max(own, base.number if base is not None else 0) + 1


def freeze(*, actor, plan: Plan) -> PlanVersion:
    """Snapshot the plan as it is now. The caller holds the plan row lock (a transition)."""
    document = export_plan(plan)
    with transaction.atomic():
        number = next_number(plan)
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


def verify(version: PlanVersion) -> bool:
    """Whether the stored snapshot still gives the stored hash (nobody changed it underneath)."""
    return sha256(version.snapshot) == version.sha256


def verify_snapshots() -> list[Finding]:
    """Every version whose snapshot no longer gives its hash (manage.py verify_evidence)."""
    return [
        Finding(f"plans.PlanVersion #{version.pk} (plan {version.plan_id}, v{version.number})",
                "its snapshot does not match its SHA-256 (changed after it was frozen)")
        for version in PlanVersion.objects.order_by("pk").iterator()
        if not verify(version)
    ]


def present(snapshot: dict) -> dict:
    """A frozen snapshot in the shape a page shows it: labels for choices, names for codes.

    Version pages render from this, never from live rows, so they show exactly what was frozen.
    """
    from plans.content.models import Horizon, InterventionLevel, ThemeKind, Topic, VisionPoint, WorkForm
    from stakeholders.models import QualificationLevel

    def label(choices, value) -> str:
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)

    org = snapshot.get("organisation", {})
    plan = snapshot.get("plan", {})
    names = {u["code"]: u["name"] for u in org.get("units", [])}
    groups = {g["code"]: g["name"] for g in org.get("function_groups", [])}
    vision = {v["point"]: v for v in plan.get("vision_on_learning", [])}
    return {
        "organisation": org.get("name", ""),
        "title": plan.get("title", ""),
        "start_year": plan.get("start_year"),
        "end_year": plan.get("end_year"),
        "preface": plan.get("preface", ""),
        "vision": plan.get("vision", ""),
        "mix": plan.get("learning_mix", {}),
        "vision_on_learning": [
            (point.label, vision[point.value]["now"], vision[point.value]["future"])
            for point in VisionPoint
            if point.value in vision
        ],
        "themes": [
            {
                **theme,
                "kind_label": label(ThemeKind, theme.get("kind")),
                "objectives": theme.get("objectives", []),
            }
            for theme in plan.get("themes", [])
        ],
        "interventions": [
            {
                **item,
                "level_label": label(InterventionLevel, item.get("level")),
                "unit_names": [names.get(c, c) for c in item.get("units", [])],
                "group_names": [groups.get(c, c) for c in item.get("function_groups", [])],
                "work_form_labels": [label(WorkForm, w) for w in item.get("work_forms", [])],
                "topic_labels": [label(Topic, t) for t in item.get("topics", [])],
                "horizon_label": label(Horizon, item["horizon"]) if item.get("horizon") else "",
            }
            for item in plan.get("interventions", [])
        ],
        "qualification_mix": [
            {**row, "unit_name": names.get(row["unit"], row["unit"]), "level_label": label(QualificationLevel, row["level"])}
            for row in plan.get("qualification_mix", [])
        ],
        "formation": [
            {**row, "unit_name": names.get(row["unit"], row["unit"]), "group_name": groups.get(row["function_group"], row["function_group"])}
            for row in plan.get("formation", [])
        ],
        "improvement_actions": plan.get("improvement_actions", []),
        "other_sections": sorted(set(snapshot) - {"format", "version", "organisation", "plan"}),
    }
