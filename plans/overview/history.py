"""A plan's history, page by page, filtered by part of the plan and by person.

The rows are ``stakeholders.history`` rows; this module knows the parts of the plan (which kinds
of rows belong to which chapter) and names the budget's funding sources in a line's funding.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db import models
from django.utils.translation import gettext_lazy

from plans.content.models import Plan
from plans.content.services import scope
from stakeholders import history
from stakeholders.models import AuditEvent

PER_PAGE = 50

# The parts of the plan, by the kinds of rows whose changes belong to them (model names).
CHAPTERS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "general": (gettext_lazy("Title, period, preface and koers"), ("plan",)),
    "themes": (gettext_lazy("Themes and objectives"), ("theme", "objective")),
    "vision": (gettext_lazy("Vision on learning"), ("learningvisionpoint",)),
    "interventions": (gettext_lazy("Learning interventions"), ("intervention",)),
    "figures": (gettext_lazy("Qualification mix and formation"), ("qualificationmixrow", "formationrow")),
    "alignment": (gettext_lazy("Consultation and comments"), ("consultation", "comment")),
    "budget": (
        gettext_lazy("Budget and operational year plan"),
        ("yearplanline", "costestimate", "budgetyear", "careproduction", "linefunding"),
    ),
    "actions": (gettext_lazy("Improvement actions"), ("improvementaction",)),
    "documents": (gettext_lazy("Documents (PDF)"), ("document",)),
}


def _source_names() -> dict[str, str]:
    """The budget's funding sources by code: reference data of another app, read by its name."""
    return dict(apps.get_model("budgets", "FundingSource").objects.values_list("code", "name"))


def rows(events) -> list[history.Row]:
    events = list(events)
    with_funding = any(
        isinstance(v, list) and any(isinstance(x, dict) for x in v) for e in events for v in (e.changes or {}).values()
    )
    return history.rows(events, value_names=_source_names() if with_funding else None)


def plan_events(plan: Plan, *, chapter: str = "", person: str = "") -> models.QuerySet[AuditEvent]:
    """The plan's audit events, newest first, of one chapter and one person if asked."""
    events = AuditEvent.objects.filter(organisation=plan.organisation, scope=scope(plan))
    if chapter in CHAPTERS:
        events = events.filter(object_type__in=CHAPTERS[chapter][1])
    if person.isdigit():
        events = events.filter(actor_id=int(person))
    return events


def people(plan: Plan) -> list[tuple[int, str]]:
    """Who changed the plan (for the filter), by name."""
    found = (
        AuditEvent.objects.filter(organisation=plan.organisation, scope=scope(plan), actor__isnull=False)
        .order_by()
        .values_list("actor_id", "actor_name")
        .distinct()
    )
    return sorted(set(found), key=lambda p: (p[1].casefold(), p[0]))


def page(plan: Plan, *, chapter: str = "", person: str = "", number: Any = 1) -> tuple[Page, list[history.Row]]:
    """One page of the plan's history and its rows."""
    current = Paginator(plan_events(plan, chapter=chapter, person=person), PER_PAGE).get_page(number)
    return current, rows(current.object_list)
