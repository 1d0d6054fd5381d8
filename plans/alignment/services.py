"""Step 4: alignment with stakeholders (*afstemming*, domain.md step 4, R6).

The L&D author puts the draft out for consultation (``open_consultation``) and closes the round
again (``close_consultation``); both are transitions like those of :mod:`plans.lifecycle`: they
check the author's rights, lock the plan row, check the status under the lock, write one
:class:`~plans.models.PlanTransition` and notify the people concerned (line managers and the
members of the OR, the VAR and the CR) in the app now and by e-mail after the commit.

Every member of the organisation may comment on the plan while it is a draft or in
consultation; a line manager may also submit a team wish (*teamwens*) for a unit they manage.
The author answers: a comment is handled with a short reaction, and a wish may become a new
learning intervention in one step.

Comments belong to the live plan, not to a frozen version: they are discussion, not plan text,
so they are neither in the snapshot nor in its hash, and a change of an adopted plan starts
without them. They stay on the plan as history (who, when, the reaction) after it moved on.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from plans.alignment.models import Comment, CommentKind, Consultation
from plans.content import services
from plans.content.completeness import NOT_COMMENTABLE, SECTIONS
from plans.content.models import Intervention, Plan, PlanStatus
from plans.content.services import scope
from plans.notifications import services as notifications
from plans.notifications.models import NotificationKind
from plans.rules import author_refusal, require
from plans.transitions import actor_name, lock, status_error, transition
from stakeholders import changes
from stakeholders import selectors as people
from stakeholders.access import roles_of
from stakeholders.changes import DomainError
from stakeholders.models import BodyKind, Role, Unit

# The parts of the plan a comment may be about (keys of plans.completeness.SECTIONS); the
# steps after drafting (approval, documents) and this step itself are no plan text.

# In which capacity somebody comments when they hold several roles: the councils first (their
# comments weigh in the consent that follows), then the line, the board, the author, a reader.
ROLE_ORDER = (
    Role.OR_MEMBER,
    Role.VAR_MEMBER,
    Role.CR_MEMBER,
    Role.LINE_MANAGER,
    Role.BOARD_MEMBER,
    Role.AUTHOR,
    Role.VIEWER,
)
MAX_TEXT = 5000
MAX_REACTION = 2000


def commentable_sections() -> list[tuple[str, str]]:
    """(key, title) of the parts of the plan a comment may refer to, in the navigator's order."""
    return [(s.key, str(s.title)) for s in SECTIONS if s.key not in NOT_COMMENTABLE]


def _alignment_url(plan: Plan) -> str:
    return reverse("plans:alignment", kwargs={"plan": plan.pk})


def concerned(plan: Plan) -> list:
    """Who is invited to comment: the line managers and the members of the OR, the VAR (when the
    organisation has one) and the CR (when it has one) (R6, design.md "Roles")."""
    organisation = plan.organisation
    kinds = [BodyKind.WORKS_COUNCIL.value]
    if organisation.has_var:
        kinds.append(BodyKind.NURSING_BOARD.value)
    if organisation.has_client_council:
        kinds.append(BodyKind.CLIENT_COUNCIL.value)
    return people.line_managers(organisation) + people.members(organisation, kinds)


def open_round(plan: Plan) -> Consultation | None:
    return plan.consultations.filter(closed_at__isnull=True).first()


def end_round(plan: Plan, actor) -> Consultation | None:
    """Close the open round, if any (also when the author submits straight from consultation)."""
    round_ = open_round(plan)
    if round_ is None:
        return None
    round_.closed_at = timezone.now()
    round_.closed_by = actor if actor is not None and actor.pk else None
    round_.closed_by_name = actor_name(actor) if actor is not None else ""
    round_.save(update_fields=["closed_at", "closed_by", "closed_by_name"])
    notifications.resolve(plan=plan, kinds=[NotificationKind.CONSULTATION_OPENED])
    return round_


# --- Transitions --------------------------------------------------------------------------


def open_consultation(*, actor, plan: Plan, message: str = "", closes_on: dt.date | None = None) -> Consultation:
    """The author puts the draft out for consultation (draft → consultation, R6).

    ``message`` tells the people concerned what to look at; ``closes_on`` is the date until
    which comments are welcome (optional; the author closes the round, a date does not).
    """
    require(actor, "plans.manage_consultation", plan, message=author_refusal(plan, _("put out for consultation")))
    message = (message or "").strip()[:MAX_TEXT]
    if closes_on is not None and closes_on < timezone.localdate():
        raise DomainError(_("The closing date cannot lie in the past."))
    with transaction.atomic():
        plan = lock(plan)
        if plan.status != PlanStatus.DRAFT:
            raise status_error(plan, _("put it out for consultation"))
        round_ = Consultation.objects.create(
            plan=plan, message=message, closes_on=closes_on,
            opened_by=actor, opened_by_name=actor_name(actor),
        )
        transition(
            plan=plan, to=PlanStatus.CONSULTATION, action="consultation_opened", actor=actor,
            note=message,
        )
        notifications.notify(
            users=concerned(plan),
            plan=plan,
            kind=NotificationKind.CONSULTATION_OPENED,
            url=_alignment_url(plan),
            context={
                "plan": plan.title,
                "actor": actor_name(actor),
                "deadline": closes_on.isoformat() if closes_on else "",
                "note": Truncator(message).chars(300),
            },
            actor=actor,
        )
    return round_


def close_consultation(*, actor, plan: Plan) -> Consultation | None:
    """The author closes the consultation round (consultation → draft); the comments stay.

    Returns the closed round (none only for a plan put in consultation by other means than
    ``open_consultation``, which is still brought back to draft)."""
    require(actor, "plans.manage_consultation", plan, message=author_refusal(plan, _("close the consultation of")))
    with transaction.atomic():
        plan = lock(plan)
        if plan.status != PlanStatus.CONSULTATION:
            raise status_error(plan, _("close the consultation"))
        round_ = end_round(plan, actor)
        open_count = plan.comments.filter(handled_at__isnull=True, evaluation=None).count()
        transition(plan=plan, to=PlanStatus.DRAFT, action="consultation_closed", actor=actor)
        notifications.notify(
            users=concerned(plan),
            plan=plan,
            kind=NotificationKind.CONSULTATION_CLOSED,
            url=_alignment_url(plan),
            context={"plan": plan.title, "open": open_count},
            actor=actor,
        )
    return round_


# --- Comments and wishes ------------------------------------------------------------------


def _capacity(roles: frozenset[str], wanted: str | None) -> str:
    if wanted:
        if wanted not in roles:
            raise DomainError(_("You do not hold that role in this organisation."))
        return wanted
    return next((r.value for r in ROLE_ORDER if r.value in roles), "")


def comment_create(
    *,
    actor,
    plan: Plan,
    text: str,
    section: str = "",
    kind: str = CommentKind.COMMENT,
    unit: Unit | None = None,
    role: str | None = None,
    evaluation=None,
) -> Comment:
    """A member comments on the plan (optionally on one part of it) while it is a draft or in
    consultation; a line manager's team wish names one of the units they manage (R6).

    With ``evaluation``: the board or a council comments on that yearly evaluation (R17), in any
    status of the plan; the author reacts as to any comment.
    """
    if evaluation is not None:
        return _evaluation_comment(actor=actor, plan=plan, evaluation=evaluation, text=text, role=role)
    # Who may read the plan may comment on it while it is drafted (the status follows).
    require(
        actor, "plans.read_plan", plan,
        message=_("Only people of %(org)s can comment on this plan.") % {"org": plan.organisation.name},
    )
    roles = roles_of(actor, plan.organisation)
    if not plan.is_editable:
        raise DomainError(
            _("The plan is %(status)s: comments are closed. They are welcome again on the next draft.")
            % {"status": plan.get_status_display().lower()}
        )
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write your comment."))
    if len(text) > MAX_TEXT:
        raise DomainError(_("Keep it under %(n)s characters.") % {"n": MAX_TEXT})
    if section and section not in dict(commentable_sections()):
        raise DomainError(_("Pick a part of the plan from the list."))
    if kind not in CommentKind.values:
        raise DomainError(_("Choose a comment or a team wish."))
    if kind == CommentKind.WISH:
        require(
            actor, "plans.submit_wish", plan,
            message=_("Team wishes come from line managers, for the units they manage."),
        )
        if unit is None:
            raise DomainError(_("A team wish is for one of your units: pick the unit."))
        not_yours = _("You can only submit team wishes for the units you manage.")
        if unit.organisation_id != plan.organisation_id:
            raise DomainError(not_yours, code="forbidden")
        require(actor, "plans.wish_for_unit", unit, message=not_yours)
        role = Role.LINE_MANAGER.value
    elif unit is not None:
        raise DomainError(_("Only a team wish names a unit."))
    with transaction.atomic():
        comment = Comment(
            plan=plan,
            consultation=open_round(plan),
            kind=kind,
            section=section,
            unit=unit,
            text=text,
            author=actor,
            author_name=actor_name(actor),
            author_role=_capacity(roles, role),
        )
        return changes.create(actor=actor, obj=comment, scope=scope(plan))


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write your comment."))
    if len(text) > MAX_TEXT:
        raise DomainError(_("Keep it under %(n)s characters.") % {"n": MAX_TEXT})
    return text


def _evaluation_comment(*, actor, plan: Plan, evaluation, text: str, role: str | None) -> Comment:
    if evaluation.plan_id != plan.pk:
        raise DomainError(_("That evaluation belongs to another plan."))
    require(actor, "plans.comment_evaluation", plan)
    text = _clean_text(text)
    roles = roles_of(actor, plan.organisation)
    with transaction.atomic():
        comment = Comment(
            plan=plan, evaluation=evaluation, kind=CommentKind.COMMENT, text=text, author=actor,
            author_name=actor_name(actor), author_role=_capacity(roles, role),
        )
        return changes.create(actor=actor, obj=comment, scope=scope(plan))


def _require_handler(actor, comment: Comment) -> None:
    plan = comment.plan
    if Role.AUTHOR.value not in roles_of(actor, plan.organisation):
        raise DomainError(
            _("Only an L&D author of %(org)s answers the comments on this plan.") % {"org": plan.organisation.name}
        )


def comment_handle(
    *,
    actor,
    comment: Comment,
    reaction: str,
    expected_version: int | None,
    intervention: Intervention | None = None,
) -> Comment:
    """The author answers a comment and marks it handled; ``intervention`` links a wish (or a
    comment) to the learning intervention that takes it up. Answering again replaces the
    reaction (guarded by the comment's version, like every edit).

    Answering is possible in every status: a late answer is better than none, and it does not
    touch the plan text.
    """
    _require_handler(actor, comment)
    reaction = (reaction or "").strip()
    if not reaction and intervention is None:
        raise DomainError(_("Write a short reaction: the person who commented reads it."))
    if len(reaction) > MAX_REACTION:
        raise DomainError(_("Keep the reaction under %(n)s characters.") % {"n": MAX_REACTION})
    if intervention is not None and intervention.plan_id != comment.plan_id:
        raise DomainError(_("The intervention belongs to another plan."))
    with transaction.atomic():
        comment = changes.update(
            actor=actor,
            obj=comment,
            data={
                "reaction": reaction,
                "handled_by": actor,
                "handled_by_name": actor_name(actor),
                "handled_at": timezone.now(),
                "intervention": intervention,
            },
            expected_version=expected_version,
            scope=scope(comment.plan),
        )
        _notify_writer(actor, comment)
    return comment


def wish_to_intervention(
    *, actor, comment: Comment, expected_version: int | None, reaction: str = "", **intervention_data
) -> Intervention:
    """Turn a team wish into a new learning intervention of the plan, in one transaction: the
    intervention is created (``intervention_data`` as for ``services.intervention_create``) and
    the wish points to it and is handled."""
    _require_handler(actor, comment)
    if not comment.is_wish:
        raise DomainError(_("Only a team wish becomes a learning intervention."))
    if comment.intervention_id is not None:
        raise DomainError(
            _("This wish is already taken up in learning intervention %(code)s.") % {"code": comment.intervention.code}
        )
    with transaction.atomic():
        intervention = services.intervention_create(actor=actor, plan=comment.plan, **intervention_data)
        comment_handle(
            actor=actor, comment=comment, reaction=reaction, expected_version=expected_version,
            intervention=intervention,
        )
    return intervention


def _notify_writer(actor, comment: Comment) -> None:
    if comment.author is None:
        return
    plan = comment.plan
    context = {
        "plan": plan.title,
        "actor": actor_name(actor),
        "reaction": Truncator(comment.reaction).chars(300),
        "code": comment.intervention.code if comment.intervention_id else "",
        "wish": "1" if comment.is_wish else "",
    }
    page = comment.evaluation.get_absolute_url() if comment.evaluation_id else _alignment_url(plan)
    notifications.notify(
        users=[comment.author],
        plan=plan,
        kind=NotificationKind.COMMENT_ANSWERED,
        url=page + f"#comment-{comment.pk}",
        context=context,
        actor=actor,
    )
