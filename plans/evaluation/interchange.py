"""The yearly evaluations in the plan's JSON format and frozen snapshot (R17, issue 11).

Only closed evaluations are part of the plan document: an open one is still being written and
would change the live plan's hash at every save. Each carries its results per objective and its
review per theme, by code. The section is optional and absent when a plan has no closed
evaluation, so that the documents and frozen versions of plans without one keep their hashes.

Not in the format: the evidence files (their bytes stay in the installation's storage; the
evaluation report lists them with their SHA-256) and the comments of the board and the councils
(discussion, like step 4's comments).

Importing recreates the evaluations as closed history of the new plan, whatever its status:
the status rules of :mod:`plans.evaluation.services` are about writing an evaluation, not about
carrying one from another installation. A next cycle's draft starts without them (they stay
with the old plan, see :mod:`plans.evaluation.cycle`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from plans.content.services import scope
from plans.interchange.format import (
    CODE,
    TEXT,
    YEAR,
    Section,
    array_schema,
    code_key,
    enum_schema,
    object_schema,
)
from stakeholders import changes

from .models import Evaluation, Evidence, ObjectiveResult, PlanChange, Realisation, ThemeReview

NAME = "evaluations"


def schema() -> dict:
    return array_schema(
        object_schema(
            {
                "year": YEAR,
                "closed_on": {"type": "string", "format": "date"},
                "conclusions": TEXT,
                "attention_points": TEXT,
                "plan_change": enum_schema(PlanChange),
                "plan_change_reason": TEXT,
                "results": array_schema(
                    object_schema(
                        {
                            "objective": CODE,
                            "result": enum_schema(Realisation),
                            "measured": {"type": "string", "maxLength": 300},
                            "evidence": array_schema(enum_schema(Evidence), uniqueItems=True),
                            "note": TEXT,
                        }
                    )
                ),
                "themes": array_schema(
                    object_schema({"theme": CODE, "needs_attention": {"type": "boolean"}, "note": TEXT})
                ),
            }
        ),
        description="The plan's closed yearly evaluations (R17); absent when there are none.",
    )


def export(content) -> list[dict[str, Any]] | None:
    evaluations = list(
        content.plan.evaluations.filter(closed_at__isnull=False)
        .prefetch_related("objective_results__objective", "theme_reviews__theme")
        .order_by("year")
    )
    if not evaluations:
        return None
    return [
        {
            "year": e.year,
            "closed_on": timezone.localtime(e.closed_at).date().isoformat(),
            "conclusions": e.conclusions,
            "attention_points": e.attention_points,
            "plan_change": e.plan_change,
            "plan_change_reason": e.plan_change_reason,
            "results": sorted(
                (
                    {
                        "objective": r.objective.code,
                        "result": r.result,
                        "measured": r.measured,
                        "evidence": sorted(r.evidence),
                        "note": r.note,
                    }
                    for r in e.objective_results.all()
                ),
                key=lambda r: code_key(r["objective"]),
            ),
            "themes": sorted(
                ({"theme": t.theme.code, "needs_attention": t.needs_attention, "note": t.note}
                 for t in e.theme_reviews.all()),
                key=lambda t: code_key(t["theme"]),
            ),
        }
        for e in evaluations
    ]


def validate(document: dict) -> list[str]:
    """Reference problems of the evaluations (the schema has been checked already)."""
    errors: list[str] = []
    plan = document["plan"]
    objectives = {o["code"] for t in plan["themes"] for o in t["objectives"]}
    themes = {t["code"] for t in plan["themes"]}
    years: set[int] = set()
    for n, spec in enumerate(document[NAME]):
        base = f"{NAME}[{n}]"
        if not plan["start_year"] <= spec["year"] <= plan["end_year"]:
            errors.append(f"{base}.year: " + _("%(year)s is not a year of the plan") % {"year": spec["year"]})
        if spec["year"] in years:
            errors.append(f"{base}.year: " + _("%(year)s is evaluated twice") % {"year": spec["year"]})
        years.add(spec["year"])
        seen: set[str] = set()
        for m, row in enumerate(spec["results"]):
            if row["objective"] not in objectives or row["objective"] in seen:
                errors.append(f"{base}.results[{m}].objective: " + _("unknown objective '%(code)s'") % {"code": row["objective"]})
            seen.add(row["objective"])
        seen = set()
        for m, row in enumerate(spec["themes"]):
            if row["theme"] not in themes or row["theme"] in seen:
                errors.append(f"{base}.themes[{m}].theme: " + _("unknown theme '%(code)s'") % {"code": row["theme"]})
            seen.add(row["theme"])
    return errors


def import_(plan, data: list[dict], *, actor, refs) -> None:
    for spec in data:
        closed = timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(spec["closed_on"]), dt.time(12)))
        evaluation = changes.create(
            actor=actor,
            obj=Evaluation(
                plan=plan, year=spec["year"], conclusions=spec["conclusions"],
                attention_points=spec["attention_points"], plan_change=spec["plan_change"],
                plan_change_reason=spec["plan_change_reason"], closed_at=closed,
            ),
            scope=scope(plan),
        )
        for row in spec["results"]:
            changes.create(
                actor=actor,
                obj=ObjectiveResult(
                    plan=plan, evaluation=evaluation, objective=refs.objectives[row["objective"]],
                    result=row["result"], measured=row["measured"], evidence=sorted(row["evidence"]), note=row["note"],
                ),
                scope=scope(plan),
            )
        for row in spec["themes"]:
            changes.create(
                actor=actor,
                obj=ThemeReview(
                    plan=plan, evaluation=evaluation, theme=refs.themes[row["theme"]],
                    needs_attention=row["needs_attention"], note=row["note"],
                ),
                scope=scope(plan),
            )


import_.validate = validate  # plans.interchange calls it before importing anything

SECTION = Section(name=NAME, export=export, import_=import_, schema=schema(), required=False,
                  next_cycle=lambda data: None)
