"""The yearly board statement (R11): the board issues it, the councils co-sign it."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from plans.approval import selectors as approval
from plans.approval.evidence import (
    record_decision,
    recorder_seat,
    separate_duties,
)
from plans.approval.models import (
    BoardStatement,
    SignatureKind,
    StatementSignature,
)
from plans.approval.services import STATEMENT_STATUSES
from plans.content.models import Plan
from plans.notifications import services as notifications
from plans.notifications.models import NotificationKind
from plans.transitions import lock, status_error
from stakeholders import selectors as people
from stakeholders.changes import DomainError
from stakeholders.models import Body, BodyKind

# Checks other stages add to the statement (the evaluation of the year before, R11). Each is
# called as check(plan=, year=, objectives_met=, explanation=) and refuses with a DomainError.
STATEMENT_CHECKS: list = []


def register_statement_check(check) -> None:
    """Let a later stage of the cycle refuse a statement (``plans.evaluation`` does, R11)."""
    if check not in STATEMENT_CHECKS:
        STATEMENT_CHECKS.append(check)


def issue_statement(
    *,
    actor,
    plan: Plan,
    year: int,
    text: str,
    objectives_met: bool,
    explanation: str = "",
    ip: str | None = None,
    user_agent: str = "",
) -> BoardStatement:
    """The board's yearly statement on a multi-year plan, for OR, CR (and VAR) to co-sign (R11).

    When last year's objectives were not met, the board must say why to get consent again.
    """
    member = recorder_seat(actor, plan, BodyKind.BOARD)
    text, explanation = (text or "").strip(), (explanation or "").strip()
    if not text:
        raise DomainError(_("Write the statement."))
    if not objectives_met and not explanation:
        raise DomainError(_("Last year's objectives were not met: explain why (R11)."))
    if year not in plan.years:
        raise DomainError(
            _("Pick a year of the plan period %(start)s–%(end)s.") % {"start": plan.start_year, "end": plan.end_year}
        )
    for check in STATEMENT_CHECKS:
        check(plan=plan, year=year, objectives_met=objectives_met, explanation=explanation)
    with transaction.atomic():
        plan = lock(plan)
        if plan.status not in STATEMENT_STATUSES:
            raise status_error(plan, _("issue a board statement"))
        for state in approval.statement_states(plan):
            if state.statement.year == year and not state.is_declined:
                raise DomainError(
                    _("There is already a board statement for %(year)s.") % {"year": year}
                )
        bodies = {b.kind: b for b in plan.organisation.bodies.all()}
        kinds = approval.statement_body_kinds(plan.organisation)
        for kind in kinds:
            body = bodies.get(kind)
            if body is None or not body.members.filter(may_record_decision=True).exists():
                raise DomainError(
                    _("The %(body)s must co-sign, but nobody may record its decision yet. Add its chair or secretary first.")
                    % {"body": str(BodyKind(kind).label)}
                )
        version = approval.adopted_version(plan)
        statement = record_decision(
            BoardStatement, member=member, actor=actor, version=version, sha256=version.sha256, ip=ip, user_agent=user_agent,
            plan=plan, year=year, text=text, objectives_met=objectives_met,
            explanation="" if objectives_met else explanation,
        )
        for kind in kinds:
            notifications.notify(
                users=people.recorders(plan.organisation, [kind]),
                plan=plan,
                kind=NotificationKind.STATEMENT_ISSUED,
                url=reverse("plans:statement_sign", kwargs={"plan": plan.pk, "statement": statement.pk, "body": bodies[kind].pk}),
                context={"plan": plan.title, "year": year, "body": bodies[kind].name},
                actor=actor,
            )
    return statement


def sign_statement(
    *,
    actor,
    statement: BoardStatement,
    body: Body,
    decision: str,
    text: str = "",
    ip: str | None = None,
    user_agent: str = "",
) -> StatementSignature:
    """A council co-signs the board statement (or declines, with reasons)."""
    plan = statement.plan
    if body.organisation_id != plan.organisation_id or body.kind not in approval.statement_body_kinds(plan.organisation):
        raise DomainError(_("This body does not co-sign the board statement."))
    if decision not in SignatureKind.values:
        raise DomainError(_("Choose to co-sign or to decline."))
    text = (text or "").strip()
    if decision == SignatureKind.DECLINED and not text:
        raise DomainError(_("Give the reasons for declining."))
    member = recorder_seat(actor, plan, body.kind)
    with transaction.atomic():
        plan = lock(plan)
        state = approval.statement_state(statement)
        if state.is_declined:
            raise DomainError(_("This board statement was declined; the board issues a new one."))
        if body.kind in state.signatures:
            raise DomainError(_("The %(body)s already signed this board statement.") % {"body": body.name})
        separate_duties(actor, body, records=statement.signatures, submitted_by=statement.actor_id)
        signature = record_decision(
            StatementSignature, member=member, actor=actor, sha256=statement.version_sha256, ip=ip,
            user_agent=user_agent, statement=statement, decision=decision, text=text,
        )
        notifications.resolve(
            plan=plan,
            kinds=[NotificationKind.STATEMENT_ISSUED],
            url=reverse("plans:statement_sign", kwargs={"plan": plan.pk, "statement": statement.pk, "body": body.pk}),
        )
        state = approval.statement_state(statement)
        if state.is_complete:
            notifications.notify(
                users=people.authors(plan.organisation) + people.recorders(plan.organisation, [BodyKind.BOARD]),
                plan=plan,
                kind=NotificationKind.STATEMENT_COMPLETE,
                url=reverse("plans:statement", kwargs={"plan": plan.pk, "statement": statement.pk}),
                context={"plan": plan.title, "year": statement.year},
                actor=actor,
            )
    return signature
