"""Who may do what with a plan: the one rights policy (django-rules). design.md, "Roles".

Every right is a permission here, built on predicates that read the user's roles, body seats
and managed units once per request (``stakeholders.access``). Views ask ``user.has_perm``
(through ``get_for_user`` or ``plans.content.pages.check_perm``); services ask the same permission
through :func:`require`, so a view and its service cannot disagree. Services check the plan's
status themselves, again under a row lock, and refuse with their own message.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from stakeholders.access import managed_units_of, recording_kinds_of, roles_of
from stakeholders.changes import DomainError
from stakeholders.models import BodyKind, Role
from stakeholders.rules import coordinates_region, is_author, is_board_member, is_line_manager, is_member

COUNCILS = (BodyKind.WORKS_COUNCIL.value, BodyKind.NURSING_BOARD.value, BodyKind.CLIENT_COUNCIL.value)


@rules.predicate
def plan_is_editable(user, obj) -> bool:
    """The plan (or the plan an item belongs to) is still being drafted."""
    plan = getattr(obj, "plan", obj)
    return plan is not None and plan.is_editable


def records_for(*kinds: str) -> rules.Predicate:
    """A predicate: the user may record the decision of a body of one of ``kinds`` in the
    organisation of the object (``BodyMember.may_record_decision``)."""
    wanted = frozenset(kinds)

    @rules.predicate(name="records_for_" + "_or_".join(kinds))
    def predicate(user, obj) -> bool:
        return obj is not None and bool(recording_kinds_of(user, obj.organisation) & wanted)

    return predicate


records_for_board = records_for(BodyKind.BOARD.value)
records_for_a_council = records_for(*COUNCILS)


@rules.predicate
def records_for_this_body(user, body) -> bool:
    """On a body: the user may record this body's decision."""
    return body is not None and body.kind in recording_kinds_of(user, body.organisation)


@rules.predicate
def is_a_council(user, body) -> bool:
    """On a body: the OR, the VAR or the CR (not the board)."""
    return body is not None and body.kind in COUNCILS


@rules.predicate
def manages_the_unit(user, unit) -> bool:
    """On a unit: it is one of the line manager's units, or below one."""
    return unit is not None and unit.pk in managed_units_of(user, unit.organisation)


@rules.predicate
def sits_on_board_or_council(user, obj) -> bool:
    """The user is a member of the board or of a council (OR, VAR, CR) of the object's organisation."""
    wanted = {Role.BOARD_MEMBER.value, Role.OR_MEMBER.value, Role.VAR_MEMBER.value, Role.CR_MEMBER.value}
    return obj is not None and bool(roles_of(user, obj.organisation) & wanted)


@rules.predicate
def manages_the_line(user, line) -> bool:
    """On a year plan line (execution, issue 11): its intervention is for units only, and every
    one of them is (below) a unit the line manager manages. Organisation-wide interventions are
    the adviser's."""
    if line is None:
        return False
    unit_ids = {unit.pk for unit in line.intervention.units.all()}
    return bool(unit_ids) and unit_ids <= managed_units_of(user, line.plan.organisation)


@rules.predicate
def is_own_notification(user, notification) -> bool:
    return notification is not None and notification.user_id == user.pk


# On an organisation:
rules.add_perm("plans.create_plan", is_author)
# On a plan:
rules.add_perm("plans.read_plan", is_member)
rules.add_perm("plans.author_plan", is_author)  # write the content; the service checks the status
rules.add_perm("plans.edit_plan", is_author & plan_is_editable)
rules.add_perm("plans.edit_figures", (is_author | is_line_manager) & plan_is_editable)
# On a unit: whose qualification and formation figures a person enters (R4, R5). Authors enter
# every unit's, line managers those of their own units.
rules.add_perm("plans.edit_unit_figures", is_author | (is_line_manager & manages_the_unit))
# Step 4 (the services check the status again under the row lock). Everybody in the
# organisation may comment while the plan is drafted; line managers submit team wishes for their
# own units; the author opens and closes the consultation and answers.
rules.add_perm("plans.comment_plan", is_member & plan_is_editable)
rules.add_perm("plans.submit_wish", is_line_manager & plan_is_editable)
rules.add_perm("plans.wish_for_unit", is_line_manager & manages_the_unit)  # on a unit
rules.add_perm("plans.manage_consultation", is_author)
rules.add_perm("plans.handle_comment", is_author)
# Step 6 (the services check the status again under the row lock).
rules.add_perm("plans.submit_plan", is_author)
rules.add_perm("plans.decide_as_board", records_for_board)
rules.add_perm("plans.request_consent", is_author | records_for_board)
rules.add_perm("plans.record_consent", records_for_a_council)
rules.add_perm("plans.record_for_body", records_for_this_body)  # on a body
rules.add_perm("plans.decide_for_council", records_for_this_body & is_a_council)  # on a body
rules.add_perm("plans.mark_sent", is_author)
rules.add_perm("plans.start_change", is_author)
rules.add_perm("plans.issue_statement", records_for_board)
rules.add_perm("plans.sign_statement", records_for_a_council)
# The yearly evaluation (R17): everyone in the organisation reads it, the author writes it
# (the service checks the plan's status under the row lock).
rules.add_perm("plans.read_evaluation", is_member)
rules.add_perm("plans.write_evaluation", is_author)
# The councils and the board read it and comment on it, as in step 4; the author reacts.
rules.add_perm("plans.comment_evaluation", is_member & sits_on_board_or_council)
# Execution of a plan year (issue 11), on a year plan line: the author records everything
# (took place, participants, realised costs per source, fit with the objective); line managers
# add whether it took place and the participants, for interventions of their own units only.
# Councils and the board read (plans.read_plan). The service checks the plan's status.
rules.add_perm("plans.record_execution", is_author)
rules.add_perm("plans.record_unit_execution", is_author | (is_line_manager & manages_the_line))
# On a notification:
rules.add_perm("plans.read_notification", is_member & is_own_notification)
# Documents: everyone who may read the plan may print it and download the PDFs.
rules.add_perm("plans.request_document", is_member)
rules.add_perm("plans.read_document", is_member)
# The regional layer (design.md "Roles", "How data flows" 6). On an organisation: its board
# opts in to sharing, per kind of figure, and withdraws. On a region: only its coordinators read
# what the members share and keep the doe-agenda; a coordinator holds no role in any member, so
# plan texts and drafts stay behind is_member above.
rules.add_perm("plans.manage_sharing", is_board_member)
rules.add_perm("plans.read_region", coordinates_region)
rules.add_perm("plans.manage_agenda", coordinates_region)
rules.add_perm("plans.link_regional_action", is_author)  # on an organisation: its own interventions


def author_refusal(obj, action: str) -> str:
    """"Only an L&D author of <organisation> can <action> this plan."."""
    return _("Only an L&D author of %(org)s can %(action)s this plan.") % {"org": obj.organisation.name, "action": action}


def refusal(perm: str, obj) -> str:
    """The message a service refuses with when the actor lacks ``perm`` on ``obj``."""
    messages = {
        "plans.author_plan": lambda: _("Only the L&D author changes the plan."),
        "plans.edit_plan": lambda: _("Only the L&D author changes the plan."),
        "plans.edit_unit_figures": lambda: _("You can only add figures for the units you manage."),
        "plans.submit_plan": lambda: author_refusal(obj, _("submit")),
        "plans.record_execution": lambda: _("Only the L&D author records the realised costs."),
        "plans.record_unit_execution": lambda: _("You can only add figures for interventions of the units you manage."),
        "plans.write_evaluation": lambda: _("Only the L&D author writes the evaluation."),
        "plans.comment_evaluation": lambda: _("The board and the councils comment on the evaluation."),
        "plans.mark_sent": lambda: author_refusal(obj, _("mark as sent")),
        "plans.start_change": lambda: author_refusal(obj, _("change")),
        "plans.request_consent": lambda: _("Only the board or an L&D author can ask for consent."),
        "plans.manage_sharing": lambda: _("Only a board member of %(org)s decides what it shares with its region.")
        % {"org": getattr(obj, "name", "")},
        "plans.read_region": lambda: _("Only a coordinator of %(region)s sees its figures.") % {"region": getattr(obj, "name", "")},
        "plans.manage_agenda": lambda: _("Only a coordinator of %(region)s keeps its doe-agenda.")
        % {"region": getattr(obj, "name", "")},
        "plans.link_regional_action": lambda: _("Only an L&D author of %(org)s links its interventions.")
        % {"org": getattr(obj, "name", "")},
        "plans.record_for_body": lambda: _("Only a member of %(body)s who may record its decision can do this.")
        % {"body": getattr(obj, "name", "")},
    }
    message = messages.get(perm)
    return message() if message else _("You may not do this.")


def require(actor, perm: str, obj, *, message: str | None = None) -> None:
    """Refuse with a :class:`DomainError` (code ``"forbidden"``) unless ``actor`` holds ``perm``
    on ``obj``: the same permission the views check. ``actor=None`` is the system itself (the
    importer run by an operator, the demo seeder), which may."""
    if actor is None:
        return
    if not actor.has_perm(perm, obj):
        raise DomainError(message or refusal(perm, obj), code="forbidden")
