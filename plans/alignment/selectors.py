"""Read queries of step 4: the comments on a part of the plan."""

from __future__ import annotations

from django.core.cache import cache

from plans.alignment.models import Comment
from plans.content.models import Plan
from plans.content.selectors import open_first
from stakeholders.freshness import CACHED_SECONDS

# Parts of the plan nobody comments on: the discussion itself, the decisions and the PDFs.
NOT_COMMENTABLE = frozenset({"alignment", "approval", "documents"})


def section_comments(plan: Plan, section: str, *, state: str = "") -> list[Comment]:
    """The comments on one part of the plan, for a page that does not load the whole plan.

    With ``state`` (``completeness.plan_state``: every comment written or handled is a change of
    the organisation, ``stakeholders.freshness``) they are read once per state of the plan.
    """
    key = f"soplan:comments:{state}:{section}" if state else None
    if key is not None and (cached := cache.get(key)) is not None:
        return cached
    comments = open_first(list(plan.comments.filter(section=section).select_related("unit", "intervention")))
    if key is not None:
        cache.set(key, comments, CACHED_SECONDS)
    return comments
