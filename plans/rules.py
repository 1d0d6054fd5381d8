"""Object permissions for plans (django-rules). design.md, "Roles"."""

from __future__ import annotations

import rules

from stakeholders.models import BodyKind, BodyMember
from stakeholders.rules import is_author, is_line_manager, is_member


@rules.predicate
def plan_is_editable(user, obj) -> bool:
    """The plan (or the plan an item belongs to) is still being drafted."""
    plan = getattr(obj, "plan", obj)
    return plan is not None and plan.is_editable


def records_for(*kinds: str) -> rules.Predicate:
    """A predicate: the user may record the decision of a body of one of ``kinds`` in the
    organisation of the object (BodyMember.may_record_decision)."""

    @rules.predicate(name="records_for_" + "_or_".join(kinds))
    def predicate(user, obj) -> bool:
        if obj is None or not getattr(user, "is_authenticated", False):
            return False
        return BodyMember.objects.filter(
            user=user, body__organisation=obj.organisation, body__kind__in=kinds, may_record_decision=True
        ).exists()

    return predicate


records_for_board = records_for(BodyKind.BOARD.value)
records_for_a_council = records_for(
    BodyKind.WORKS_COUNCIL.value, BodyKind.NURSING_BOARD.value, BodyKind.CLIENT_COUNCIL.value
)


@rules.predicate
def is_own_notification(user, notification) -> bool:
    return notification is not None and notification.user_id == user.pk


# On an organisation:
rules.add_perm("plans.create_plan", is_author)
# On a plan:
rules.add_perm("plans.read_plan", is_member)
rules.add_perm("plans.edit_plan", is_author & plan_is_editable)
# Line managers add formation figures for their own units (the row-level check is in the
# service, which knows which units they manage).
rules.add_perm("plans.edit_figures", (is_author | is_line_manager) & plan_is_editable)
# Step 6 (plans.lifecycle checks the same rights again, and the status, under the row lock).
rules.add_perm("plans.submit_plan", is_author)
rules.add_perm("plans.decide_as_board", records_for_board)
rules.add_perm("plans.request_consent", is_author | records_for_board)
rules.add_perm("plans.record_consent", records_for_a_council)
rules.add_perm("plans.mark_sent", is_author)
rules.add_perm("plans.start_change", is_author)
rules.add_perm("plans.issue_statement", records_for_board)
rules.add_perm("plans.sign_statement", records_for_a_council)
# Step 4 (plans.alignment checks the same rights again, and the status, under the row lock).
# Everybody in the organisation may comment while the plan is drafted; line managers submit
# team wishes for their own units (the unit is checked in the service); the author opens and
# closes the consultation and answers.
rules.add_perm("plans.comment_plan", is_member & plan_is_editable)
rules.add_perm("plans.submit_wish", is_line_manager & plan_is_editable)
rules.add_perm("plans.manage_consultation", is_author)
rules.add_perm("plans.handle_comment", is_author)
# On a notification:
rules.add_perm("plans.read_notification", is_member & is_own_notification)
# Documents: everyone who may read the plan may print it and download the PDFs.
rules.add_perm("plans.request_document", is_member)
rules.add_perm("plans.read_document", is_member)
