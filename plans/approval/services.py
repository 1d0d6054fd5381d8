"""Step 6: the plan's way from draft to execution. One service function per transition.

Each function (design.md "Lifecycle", style.md habit 2):

1. checks the actor's rights in the organisation,
2. locks the plan row (``select_for_update``) and checks the status *after* taking the lock,
3. writes what happened (a decision, a version, a request) and changes the status,
4. writes one :class:`~plans.models.PlanTransition` per status change,
5. notifies the people who must act next, by e-mail after the commit.

Refusals raise :class:`~stakeholders.changes.DomainError` with a message for the user.

Rights: the L&D author submits, requests consent, marks as sent and starts a change. The board
decides through a board member who *may record the board's decision* (``may_record_decision``,
the same rule as for the councils: a board decision is a formal act of the board, recorded by the
chair or secretary, not by any member on their own). OR/VAR/CR decisions are recorded by a member
of that body who may record its decision.

Decisions are bound to the hash of the version the person saw (``expected_sha256``): when the
plan moved on to another version in between, the decision is refused rather than recorded
against a text nobody read.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.approval import selectors as approval
from plans.approval.evidence import (
    record_decision,
    recorder_seat,
    separate_duties,
    version_to_decide_on,
)
from plans.approval.models import (
    CONSENT_DECISIONS,
    ConsentReason,
    ConsentRequest,
    Decision,
    DecisionKind,
    ZorgkantoorSubmission,
)
from plans.approval.versions import freeze
from plans.content.completeness import evaluate
from plans.content.models import EDITABLE_STATUSES, Plan, PlanStatus, PlanTransition, PlanVersion
from plans.content.services import scope
from plans.notifications import services as notifications
from plans.notifications.models import NotificationKind
from plans.rules import require
from plans.transitions import actor_name, lock, status_error, transition
from stakeholders import changes, second_factor
from stakeholders import selectors as people
from stakeholders.changes import DomainError
from stakeholders.models import Body, BodyKind

CHANGEABLE_STATUSES = (PlanStatus.ADOPTED, PlanStatus.SENT_TO_ZORGKANTOOR, PlanStatus.IN_EXECUTION)
STATEMENT_STATUSES = CHANGEABLE_STATUSES
DEFAULT_CONSENT_DAYS = 42  # six weeks: a works council needs a meeting and its own consultation











def approval_url(plan: Plan) -> str:
    return reverse("plans:approval", kwargs={"plan": plan.pk})


# --- Submit ---------------------------------------------------------------------------------


def submit_plan(*, actor, plan: Plan) -> PlanVersion:
    """The author submits a complete draft to the board: the plan is frozen as a new version."""
    require(actor, "plans.submit_plan", plan)
    second_factor.require(actor, plan.organisation)  # when the organisation asks it of who signs
    with transaction.atomic():
        plan = lock(plan)
        if plan.status not in EDITABLE_STATUSES:
            raise status_error(plan, _("submit it"))
        if plan.status == PlanStatus.CONSULTATION:
            # Submitting straight from consultation ends the round (step 4); the comments stay.
            from plans.alignment.services import end_round

            end_round(plan, actor)
        blocking = evaluate(plan).blocking
        if blocking:
            raise DomainError(
                _("The plan still has %(n)s open point(s) that must be resolved before it can be submitted.")
                % {"n": len(blocking)},
                code="incomplete",
            )
        version = freeze(actor=actor, plan=plan)
        transition(plan=plan, to=PlanStatus.SUBMITTED, action="submitted", actor=actor, version=version)
        notifications.resolve(plan=plan, kinds=[NotificationKind.RETURNED, NotificationKind.CONSENT_REFUSED])
        notifications.notify(
            users=people.recorders(plan.organisation, [BodyKind.BOARD]),
            plan=plan,
            kind=NotificationKind.SUBMITTED,
            url=reverse("plans:approve", kwargs={"plan": plan.pk}),
            context={"plan": plan.title, "version": version.number, "actor": actor_name(actor)},
            actor=actor,
        )
    return version


# --- The board ------------------------------------------------------------------------------


def approve_plan(
    *,
    actor,
    plan: Plan,
    expected_sha256: str | None,
    note: str = "",
    ip: str | None = None,
    user_agent: str = "",
    consent_deadlines: dict[str, dt.date] | dt.date | None = None,
) -> Decision:
    """The board approves the submitted version (R9), optionally asking for consent at once."""
    member = recorder_seat(actor, plan, BodyKind.BOARD)
    with transaction.atomic():
        plan = lock(plan)
        if plan.status != PlanStatus.SUBMITTED:
            raise status_error(plan, _("approve it"))
        version = version_to_decide_on(plan, expected_sha256)
        separate_duties(actor, member.body, records=version.decisions, submitted_by=version.created_by_id)
        decision = record_decision(
            Decision, member=member, actor=actor, version=version, sha256=version.sha256, ip=ip, user_agent=user_agent,
            decision=DecisionKind.APPROVED, text=note.strip(),
        )
        transition(
            plan=plan, to=PlanStatus.APPROVED_BY_BOARD, action="approved", actor=actor, version=version,
            note=note.strip(),
        )
        notifications.resolve(plan=plan, kinds=[NotificationKind.SUBMITTED])
        if consent_deadlines is not None:
            request_consent(actor=actor, plan=plan, deadlines=consent_deadlines)
        else:
            notifications.notify(
                users=people.authors(plan.organisation),
                plan=plan,
                kind=NotificationKind.APPROVED,
                url=approval_url(plan),
                context={"plan": plan.title, "version": version.number},
                actor=actor,
            )
    return decision


def return_plan(
    *,
    actor,
    plan: Plan,
    expected_sha256: str | None,
    reasons: str,
    ip: str | None = None,
    user_agent: str = "",
) -> Decision:
    """The board sends the submitted version back to draft, with reasons the author sees."""
    member = recorder_seat(actor, plan, BodyKind.BOARD)
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError(_("Say why the board returns the plan; the author needs the reasons."))
    with transaction.atomic():
        plan = lock(plan)
        if plan.status != PlanStatus.SUBMITTED:
            raise status_error(plan, _("return it"))
        version = version_to_decide_on(plan, expected_sha256)
        separate_duties(actor, member.body, records=version.decisions, submitted_by=version.created_by_id)
        decision = record_decision(
            Decision, member=member, actor=actor, version=version, sha256=version.sha256, ip=ip, user_agent=user_agent,
            decision=DecisionKind.RETURNED, text=reasons,
        )
        transition(plan=plan, to=PlanStatus.DRAFT, action="returned", actor=actor, version=version, note=reasons)
        notifications.resolve(plan=plan, kinds=[NotificationKind.SUBMITTED])
        notifications.notify(
            users=people.authors(plan.organisation),
            plan=plan,
            kind=NotificationKind.RETURNED,
            url=approval_url(plan),
            context={"plan": plan.title, "version": version.number, "reasons": reasons},
            actor=actor,
        )
    return decision


# --- Consent --------------------------------------------------------------------------------


def request_consent(
    *, actor, plan: Plan, deadlines: dict[str, dt.date] | dt.date | None = None
) -> list[ConsentRequest]:
    """Ask every body that must consent (derived, R9/R10) for its decision, each with a deadline.

    The board (a member who may record its decision) or an L&D author on its behalf may ask.
    ``deadlines`` is one date for all bodies or a date per body kind; missing ones default to
    six weeks from today.
    """
    require(actor, "plans.request_consent", plan)
    today = timezone.localdate()
    default = today + dt.timedelta(days=DEFAULT_CONSENT_DAYS)
    with transaction.atomic():
        plan = lock(plan)
        if plan.status != PlanStatus.APPROVED_BY_BOARD:
            raise status_error(plan, _("ask for consent"))
        version = version_to_decide_on(plan, None)
        bodies = {b.kind: b for b in plan.organisation.bodies.all()}
        requests = []
        for kind, reason in approval.required_consent(plan.organisation, version.snapshot):
            body = bodies.get(kind)
            label = str(BodyKind(kind).label)
            if body is None or not body.members.filter(may_record_decision=True).exists():
                raise DomainError(
                    _(
                        "The %(body)s must consent (%(reason)s), but nobody in the organisation may "
                        "record its decision yet. Add its chair or secretary under People first."
                    )
                    % {"body": label, "reason": str(ConsentReason(reason).label)}
                )
            if isinstance(deadlines, dt.date):
                deadline = deadlines
            else:
                deadline = (deadlines or {}).get(kind) or default
            if deadline < today:
                raise DomainError(_("A deadline cannot lie in the past (%(body)s).") % {"body": body.name})
            requests.append(
                ConsentRequest.objects.create(
                    version=version, body=body, reason=reason, deadline=deadline,
                    requested_by=actor if actor is not None and actor.pk else None,
                )
            )
        transition(
            plan=plan, to=PlanStatus.AWAITING_CONSENT, action="consent_requested", actor=actor, version=version,
            note=", ".join(r.body.name for r in requests),
        )
        notifications.resolve(plan=plan, kinds=[NotificationKind.APPROVED])
        for request in requests:
            notifications.notify(
                users=people.recorders(plan.organisation, [request.body.kind]),
                plan=plan,
                kind=NotificationKind.CONSENT_REQUESTED,
                url=reverse("plans:record_consent", kwargs={"plan": plan.pk, "body": request.body.pk}),
                context={
                    "plan": plan.title,
                    "version": version.number,
                    "body": request.body.name,
                    "deadline": request.deadline.isoformat(),
                },
                actor=actor,
            )
    return requests


def record_consent(
    *,
    actor,
    plan: Plan,
    body: Body,
    decision: str,
    expected_sha256: str | None,
    text: str = "",
    ip: str | None = None,
    user_agent: str = "",
) -> Decision:
    """A council records its decision on the version awaiting consent (R9).

    Consent with conditions needs the conditions; a refusal needs the reasons and sends the plan
    back to draft. When every requested body consented, the plan is adopted.
    """
    if body.organisation_id != plan.organisation_id or body.kind == BodyKind.BOARD:
        raise DomainError(_("This body does not decide on consent for this plan."))
    if decision not in CONSENT_DECISIONS:
        raise DomainError(_("Choose consent, consent with conditions or refusal."))
    text = (text or "").strip()
    if decision == DecisionKind.CONSENTED_WITH_CONDITIONS and not text:
        raise DomainError(_("Write down the conditions of the consent."))
    if decision == DecisionKind.REFUSED and not text:
        raise DomainError(_("Give the reasons for the refusal; the author and the board need them."))
    member = recorder_seat(actor, plan, body.kind)
    with transaction.atomic():
        plan = lock(plan)
        if plan.status != PlanStatus.AWAITING_CONSENT:
            raise status_error(plan, _("record consent"))
        version = version_to_decide_on(plan, expected_sha256)
        if not version.consent_requests.filter(body=body).exists():
            raise DomainError(_("The %(body)s was not asked for consent on this version.") % {"body": body.name})
        separate_duties(actor, body, records=version.decisions, submitted_by=version.created_by_id)
        earlier = version.decisions.filter(body=body).first()
        if earlier is not None:
            raise DomainError(
                _("The %(body)s already decided on this version (%(who)s, %(when)s).")
                % {"body": body.name, "who": earlier.actor_name, "when": date_format(timezone.localtime(earlier.decided_at), "DATETIME_FORMAT")}
            )
        record = record_decision(
            Decision, member=member, actor=actor, version=version, sha256=version.sha256, ip=ip, user_agent=user_agent,
            decision=decision, text=text,
        )
        notifications.resolve(
            plan=plan,
            kinds=[NotificationKind.CONSENT_REQUESTED],
            url=reverse("plans:record_consent", kwargs={"plan": plan.pk, "body": body.pk}),
        )
        board_and_authors = people.authors(plan.organisation) + people.recorders(plan.organisation, [BodyKind.BOARD])
        if decision == DecisionKind.REFUSED:
            transition(
                plan=plan, to=PlanStatus.DRAFT, action="consent_refused", actor=actor, version=version,
                note=f"{body.name}: {text}",
            )
            # The other councils need not decide on a version that is no longer on the table.
            notifications.resolve(plan=plan, kinds=[NotificationKind.CONSENT_REQUESTED])
            notifications.notify(
                users=board_and_authors,
                plan=plan,
                kind=NotificationKind.CONSENT_REFUSED,
                url=approval_url(plan),
                context={"plan": plan.title, "version": version.number, "body": body.name, "reasons": text},
                actor=actor,
            )
        else:
            requested = set(version.consent_requests.values_list("body_id", flat=True))
            consented = set(
                version.decisions.filter(
                    body_id__in=requested,
                    decision__in=[DecisionKind.CONSENTED, DecisionKind.CONSENTED_WITH_CONDITIONS],
                ).values_list("body_id", flat=True)
            )
            if requested and requested <= consented:
                transition(plan=plan, to=PlanStatus.ADOPTED, action="adopted", actor=actor, version=version)
                notifications.notify(
                    users=board_and_authors,
                    plan=plan,
                    kind=NotificationKind.ADOPTED,
                    url=approval_url(plan),
                    context={"plan": plan.title, "version": version.number},
                    actor=actor,
                )
    return record


# --- After adoption -------------------------------------------------------------------------


def mark_sent(*, actor, plan: Plan, sent_on: dt.date, zorgkantoor: str = "") -> ZorgkantoorSubmission:
    """The author records that the adopted version went to the zorgkantoor; the plan is then
    in execution.

    ``sent_to_zorgkantoor`` is the step, ``in_execution`` the state the plan rests in: marking as
    sent writes both history rows (adopted → sent → in execution) in one go, so the timeline shows
    when the plan was sent and the plan is followed up from then on (yearly statements,
    evaluation). There is no separate click to "start" execution; nothing would happen in between.
    """
    require(actor, "plans.mark_sent", plan)
    second_factor.require(actor, plan.organisation)
    zorgkantoor = (zorgkantoor or plan.organisation.zorgkantoor or "").strip()
    if not zorgkantoor:
        raise DomainError(_("Name the zorgkantoor the plan was sent to."))
    if sent_on > timezone.localdate():
        raise DomainError(_("The date the plan was sent cannot lie in the future."))
    with transaction.atomic():
        plan = lock(plan)
        if plan.status != PlanStatus.ADOPTED:
            raise status_error(plan, _("mark it as sent"))
        version = approval.adopted_version(plan)
        submission = ZorgkantoorSubmission.objects.create(
            plan=plan, version=version, sent_on=sent_on, zorgkantoor=zorgkantoor[:200],
            recorded_by=actor, recorded_by_name=actor_name(actor),
        )
        transition(
            plan=plan, to=PlanStatus.SENT_TO_ZORGKANTOOR, action="sent", actor=actor, version=version,
            note=f"{zorgkantoor}, {sent_on.isoformat()}",
        )
        transition(plan=plan, to=PlanStatus.IN_EXECUTION, action="execution_started", actor=actor, version=version)
        notifications.resolve(plan=plan, kinds=[NotificationKind.ADOPTED, NotificationKind.APPROVED])
    return submission


def start_change(*, actor, plan: Plan, title: str = "") -> Plan:
    """Start a change of an adopted plan (art. 27 WOR: a change needs consent again, R9).

    The new draft is imported from the adopted version's snapshot (not from live rows), linked to
    the adopted plan with ``previous``, and needs fresh decisions; its versions show what changed.
    """
    from plans.interchange.format import InterchangeError
    from plans.interchange.services import import_plan

    require(actor, "plans.start_change", plan)
    # The change is the same plan, changed: it keeps the title unless the author gives a new one
    # (which the councils then see as a change).
    title = (title or "").strip() or plan.title
    with transaction.atomic():
        plan = lock(plan)
        if plan.status not in CHANGEABLE_STATUSES:
            raise status_error(plan, _("change it"))
        open_change = plan.successors.filter(
            transitions__action="change_started",  # a plan for the next cycle is no change
            status__in=[
                PlanStatus.DRAFT, PlanStatus.CONSULTATION, PlanStatus.SUBMITTED,
                PlanStatus.APPROVED_BY_BOARD, PlanStatus.AWAITING_CONSENT,
            ],
        ).first()
        if open_change is not None:
            raise DomainError(
                _("A change of this plan is already under way: “%(title)s”. Finish that one first.")
                % {"title": open_change.title}
            )
        version = approval.adopted_version(plan)
        if version is None:  # pragma: no cover - adopted plans always have one
            raise DomainError(_("This plan has no adopted version."))
        try:
            new = import_plan(copy.deepcopy(version.snapshot), actor=actor, organisation=plan.organisation)
        except InterchangeError as exc:
            raise DomainError(
                _("The adopted version could not be copied: %(errors)s") % {"errors": "; ".join(exc.errors[:3])}
            ) from exc
        new = changes.update(
            actor=actor, obj=new, data={"title": title[:200], "previous": plan},
            expected_version=new.lock_version, scope=scope(new),
        )
        # The new plan's row points at the adopted version it started from (of the other plan).
        PlanTransition.objects.create(
            plan=new, action="change_started", from_status=PlanStatus.DRAFT, to_status=PlanStatus.DRAFT,
            version=version, actor=actor, actor_name=actor_name(actor), note=plan.title,
        )
        PlanTransition.objects.create(
            plan=plan, action="change_started", from_status=plan.status, to_status=plan.status,
            version=version, actor=actor, actor_name=actor_name(actor), note=new.title,
        )
    return new
