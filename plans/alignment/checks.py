"""Completeness checks of step 4, alignment with stakeholders (R6). Warnings only."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.content.completeness import WARNING, Finding, register
from plans.content.models import PlanStatus
from plans.content.selectors import PlanContent


@register
def check_alignment(content: PlanContent) -> Iterator[Finding]:
    """R6: discuss the draft with teams, managers, OR and VAR. The guide recommends it but does
    not require it, so these are warnings: a plan may be submitted without a consultation round."""
    plan = content.plan
    if plan.status == PlanStatus.DRAFT and not content.consultations:
        # Only while drafting: once submitted, the advice can no longer be followed for this
        # version (a change of an adopted plan is a new draft and gets the advice again).
        yield Finding(
            "alignment",
            "R6",
            WARNING,
            _(
                "Put the draft out for consultation: discuss it with the line managers, the teams, "
                "the OR and the VAR before you submit it."
            ),
            "consultation",
        )
    open_comments = content.open_comments
    if open_comments:
        yield Finding(
            "alignment",
            "R6",
            WARNING,
            ngettext(
                "%(n)s comment or team wish has no reaction yet.",
                "%(n)s comments and team wishes have no reaction yet.",
                len(open_comments),
            )
            % {"n": len(open_comments)},
            "open-comments",
        )
