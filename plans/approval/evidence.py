"""Recording a decision as evidence (step 6): who records for a body, on which version, from
where, and the rules every decision record obeys (four eyes, one per body)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from plans.approval import selectors as approval
from plans.content.models import Plan, PlanVersion
from plans.rules import require
from plans.transitions import actor_name
from stakeholders import second_factor
from stakeholders.changes import DomainError
from stakeholders.models import Body, BodyKind, BodyMember


def recorder_seat(actor, plan: Plan, kind: str) -> BodyMember:
    """The actor's seat on the body of ``kind`` that lets them record its decision; refused
    (``plans.record_for_body``) without one."""
    body = plan.organisation.bodies.filter(kind=kind).first()
    if body is None:  # not set up yet: refuse in the body's own name
        body = Body(organisation=plan.organisation, kind=kind, name=str(BodyKind(kind).label))
    require(actor, "plans.record_for_body", body)
    return approval.recorder(actor, plan.organisation, kind)


def version_to_decide_on(plan: Plan, expected_sha256: str | None) -> PlanVersion:
    version = plan.versions.order_by("-number").first()
    if version is None:  # pragma: no cover - every status past draft has a version
        raise DomainError(_("This plan has no submitted version."))
    if expected_sha256 is not None and expected_sha256 != version.sha256:
        raise DomainError(
            _(
                "The plan has a newer version (%(hash)s) than the one you were looking at. "
                "Read the new version first; nothing was recorded."
            )
            % {"hash": version.short_hash}
        )
    return version


def clean_origin(ip: str | None, user_agent: str) -> tuple[str | None, str]:
    return (ip or None), (user_agent or "")[:500]


def separate_duties(actor, body: Body, *, records, submitted_by=None) -> None:
    """Four eyes: whoever submitted (or issued) a text does not decide on it, and nobody decides
    for two bodies on the same version or statement, so no single person can adopt a plan alone,
    however the roles were set up."""
    if submitted_by is not None and actor is not None and submitted_by == actor.pk:
        raise DomainError(
            _("You submitted this; another member of the %(body)s records its decision.") % {"body": body.name}
        )
    other = records.filter(actor=actor).exclude(body=body).first()
    if other is not None:
        raise DomainError(
            _("You already recorded the decision of the %(other)s on this; another member records that of "
              "the %(body)s.") % {"other": other.body_name, "body": body.name}
        )


def record_decision(model, *, member: BodyMember, actor, sha256: str, ip, user_agent, **fields):
    """Insert a decision record; a second one for the same body loses on the unique constraint.

    Every decision, statement and co-signature passes here, so here the organisation's demand
    for a second factor is enforced and the factor used is noted on the record (sealed with it)."""
    used = second_factor.require(actor, member.body.organisation)
    ip, user_agent = clean_origin(ip, user_agent)
    record = model(
        body=member.body,
        body_kind=member.body.kind,
        body_name=member.body.name,
        actor=actor,
        actor_name=actor_name(actor),
        position=member.position,
        version_sha256=sha256,
        ip_address=ip,
        user_agent=user_agent,
        second_factor=bool(used),
        **fields,
    )
    record.full_clean(exclude=["body", "actor"])
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:
        raise DomainError(
            _("The %(body)s already recorded its decision; it cannot be recorded twice.")
            % {"body": member.body.name}
        ) from exc
    return record
