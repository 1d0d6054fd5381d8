"""The evaluation report ("Evaluatie 2027"): a closed evaluation frozen into a snapshot and
printed by the documents machinery (plans.documents) as its own kind of document.

The snapshot holds values, not labels (the same values as the plan file); the labels are given
to the renderer in the organisation's document language when the report is asked for.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation

from plans.documents import services as documents
from plans.documents.models import Document, DocumentKind

from . import selectors
from .models import Evaluation, Evidence, PlanChange, Realisation


def evaluation_snapshot(evaluation: Evaluation) -> dict[str, Any]:
    """The closed evaluation as plain data, in the plan's order (what the report's hash covers)."""
    view = selectors.evaluation_view(evaluation)
    plan = evaluation.plan
    themes = []
    for block in view.themes:
        review = block.review
        themes.append({
            "code": block.theme.code,
            "title": block.theme.title,
            "needs_attention": bool(review and review.needs_attention),
            "note": review.note if review else "",
            "objectives": [
                {
                    "code": objective.code,
                    "description": objective.description,
                    "indicator": objective.indicator,
                    "target_year": objective.target_year,
                    "result": result.result if result else "",
                    "measured": result.measured if result else "",
                    "evidence": list(result.evidence) if result else [],
                    "note": result.note if result else "",
                }
                for objective, result in block.objectives
            ],
        })
    return {
        "organisation": {"name": plan.organisation.name},
        "plan": {"title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year},
        "evaluation": {
            "year": evaluation.year,
            "closed_on": timezone.localtime(evaluation.closed_at).date().isoformat() if evaluation.closed_at else None,
            "conclusions": evaluation.conclusions,
            "attention_points": evaluation.attention_points,
            "plan_change": evaluation.plan_change,
            "plan_change_reason": evaluation.plan_change_reason,
            "themes": themes,
            # The evidence files by name and SHA-256: the report vouches for exactly these bytes.
            "files": [
                {"objective": f.objective_code, "filename": f.filename, "description": f.description,
                 "size": f.size, "sha256": f.sha256}
                for f in evaluation.evidence_files.order_by("uploaded_at", "pk")
            ],
        },
    }


def report_labels(language: str) -> dict[str, dict[str, str]]:
    with translation.override(language):
        return {
            "result": {c.value: str(c.label) for c in Realisation},
            "evidence": {c.value: str(c.label) for c in Evidence},
            "plan_change": {c.value: str(c.label) for c in PlanChange},
        }


def request_report(*, actor, evaluation: Evaluation) -> Document:
    """Ask for the PDF of a closed evaluation; asking again returns the stored one."""
    plan = evaluation.plan
    return documents.request_evaluation_report(
        actor=actor, evaluation=evaluation, snapshot=evaluation_snapshot(evaluation),
        labels=report_labels(documents.document_language(plan)),
    )


def latest_report(evaluation: Evaluation) -> Document | None:
    return (
        Document.objects.filter(evaluation=evaluation, kind=DocumentKind.EVALUATION)
        .order_by("-requested_at", "-pk").first()
    )
