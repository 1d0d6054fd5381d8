"""Writes with business meaning for organisations, units, function groups, people and bodies."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from soplan import queue

from . import changes
from .access import forget_roles
from .changes import DomainError
from .models import (
    MEMBERSHIP_ROLES,
    Body,
    BodyKind,
    BodyMember,
    BodyPosition,
    FunctionGroup,
    InvitationMail,
    Membership,
    Organisation,
    Unit,
    UserProfile,
)

User = get_user_model()

ORG_SCOPE = "organisation"
SEND_INVITATION = "stakeholders.send_invitation"  # the Celery task (stakeholders.tasks)


def organisation_create(*, actor, name: str, slug: str, **data) -> Organisation:
    """A new organisation (site administrators, the importer and the demo seeder)."""
    return changes.create(actor=actor, obj=Organisation(name=name, slug=slug, **data), scope=ORG_SCOPE)


def organisation_update(*, actor, organisation: Organisation, **data) -> Organisation:
    """Change the organisation's settings. Turning the VAR or CR off removes nothing silently."""
    if data.get("has_var") is False and organisation.bodies.filter(kind=BodyKind.NURSING_BOARD).exists():
        raise DomainError(_("Remove the VAR and its members first, then untick 'has a VAR'."))
    if (
        data.get("has_client_council") is False
        and organisation.bodies.filter(kind=BodyKind.CLIENT_COUNCIL).exists()
    ):
        raise DomainError(
            _("Remove the client council and its members first, then untick 'has a client council'.")
        )
    return changes.update(
        actor=actor, obj=organisation, data=data, expected_version=None, scope=ORG_SCOPE
    )


def unit_create(*, actor, organisation: Organisation, **data) -> Unit:
    return changes.create(actor=actor, obj=Unit(organisation=organisation, **data), scope=ORG_SCOPE)


def unit_update(*, actor, unit: Unit, **data) -> Unit:
    return changes.update(actor=actor, obj=unit, data=data, expected_version=None, scope=ORG_SCOPE)


def _frozen_plans_using(instance) -> list[str]:
    """Plans past drafting whose rows would change if ``instance`` were deleted.

    Deleting a unit or function group cascades into plan rows (formation, qualification mix,
    the units of an intervention). For a draft that is intended; a submitted or adopted plan must
    not change underneath its frozen version. The apps above are not imported here (stakeholders
    depends on nothing): any collected row that belongs to a plan says so through ``plan``.
    """
    collector = NestedObjects(using="default")
    collector.collect([instance])
    titles: set[str] = set()
    for model, rows in collector.data.items():
        relations = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        for row in rows:
            for candidate in (row, *(getattr(row, name, None) for name in relations)):
                plan = getattr(candidate, "plan", None)
                if plan is not None and not getattr(plan, "is_editable", True):
                    titles.add(plan.title)
    return sorted(titles)


def _refuse_if_frozen_plans_use(instance) -> None:
    plans = _frozen_plans_using(instance)
    if plans:
        raise DomainError(
            _("“%(name)s” is used in a plan that is past drafting (%(plans)s); it cannot be deleted.")
            % {"name": instance, "plans": ", ".join(plans)}
        )


def unit_delete(*, actor, unit: Unit) -> None:
    if unit.children.exists():
        raise DomainError(_("This unit still has sub-units. Move or delete those first."))
    _refuse_if_frozen_plans_use(unit)
    changes.delete(actor=actor, obj=unit, scope=ORG_SCOPE)


def function_group_create(*, actor, organisation: Organisation, **data) -> FunctionGroup:
    return changes.create(
        actor=actor, obj=FunctionGroup(organisation=organisation, **data), scope=ORG_SCOPE
    )


def function_group_update(*, actor, function_group: FunctionGroup, **data) -> FunctionGroup:
    return changes.update(
        actor=actor, obj=function_group, data=data, expected_version=None, scope=ORG_SCOPE
    )


def function_group_delete(*, actor, function_group: FunctionGroup) -> None:
    _refuse_if_frozen_plans_use(function_group)
    changes.delete(actor=actor, obj=function_group, scope=ORG_SCOPE)


def body_ensure(*, actor, organisation: Organisation, kind: str, name: str = "") -> Body:
    """The organisation's body of this kind, created on first use."""
    body = organisation.bodies.filter(kind=kind).first()
    if body is None:
        with translation.override(organisation.document_language):  # the name appears in documents
            default_name = str(BodyKind(kind).label)
        body = changes.create(
            actor=actor,
            obj=Body(organisation=organisation, kind=kind, name=name or default_name),
            scope=ORG_SCOPE,
        )
    return body


def body_rename(*, actor, body: Body, name: str) -> Body:
    return changes.update(actor=actor, obj=body, data={"name": name}, expected_version=None, scope=ORG_SCOPE)


def person_set_roles(
    *,
    actor,
    organisation: Organisation,
    user,
    roles: list[str],
    units: list[Unit] | None = None,
    bodies: dict[str, dict] | None = None,
) -> None:
    """Make the person's roles in ``organisation`` exactly these.

    ``bodies`` maps a body kind to ``{"position": …, "may_record_decision": …}``.
    Keeps at least one L&D author in the organisation.
    """
    bodies = bodies or {}
    wanted_roles = {r for r in roles if r in {m.value for m in MEMBERSHIP_ROLES}}
    if actor is not None and actor.pk == user.pk:
        current = {
            bm.body.kind: (bm.position, bm.may_record_decision)
            for bm in BodyMember.objects.filter(body__organisation=organisation, user=user).select_related("body")
        }
        wanted = {kind: (spec.get("position") or BodyPosition.MEMBER, bool(spec.get("may_record_decision")))
                  for kind, spec in bodies.items()}
        if current != wanted:
            # Whoever manages the roles must not give themselves a seat, or a vote, on the board
            # or a council: the plan they write would then be theirs to approve.
            raise DomainError(
                _("You cannot change your own place on the board or a council; ask another L&D author "
                  "or the site administrator.")
            )
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)  # serialise role edits
        current = {m.role: m for m in Membership.objects.filter(organisation=organisation, user=user)}
        if "author" in current and "author" not in wanted_roles:
            others = (
                Membership.objects.filter(organisation=organisation, role="author")
                .exclude(user=user)
                .exists()
            )
            if not others:
                raise DomainError(_("An organisation needs at least one L&D author."))
        for role, membership in current.items():
            if role not in wanted_roles:
                changes.delete(actor=actor, obj=membership, scope=ORG_SCOPE)
        for role in wanted_roles - set(current):
            changes.create(
                actor=actor,
                obj=Membership(organisation=organisation, user=user, role=role),
                scope=ORG_SCOPE,
            )
        line = Membership.objects.filter(
            organisation=organisation, user=user, role="line_manager"
        ).first()
        if line is not None:
            line.units.set([u for u in (units or []) if u.organisation_id == organisation.pk])

        current_bodies = {
            bm.body.kind: bm
            for bm in BodyMember.objects.filter(body__organisation=organisation, user=user)
            .select_related("body")
        }
        for kind, member in current_bodies.items():
            if kind not in bodies:
                changes.delete(actor=actor, obj=member, scope=ORG_SCOPE)
        for kind, spec in bodies.items():
            if kind == BodyKind.NURSING_BOARD and not organisation.has_var:
                raise DomainError(_("This organisation has no VAR."))
            if kind == BodyKind.CLIENT_COUNCIL and not organisation.has_client_council:
                raise DomainError(_("This organisation has no client council."))
            position = spec.get("position") or BodyPosition.MEMBER
            may_record = bool(spec.get("may_record_decision"))
            if kind in current_bodies:
                changes.update(
                    actor=actor,
                    obj=current_bodies[kind],
                    data={"position": position, "may_record_decision": may_record},
                    expected_version=None,
                    scope=ORG_SCOPE,
                )
            else:
                body = body_ensure(actor=actor, organisation=organisation, kind=kind)
                changes.create(
                    actor=actor,
                    obj=BodyMember(
                        body=body, user=user, position=position, may_record_decision=may_record
                    ),
                    scope=ORG_SCOPE,
                )
    forget_roles(user)


def person_invite(
    *,
    actor,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    units: list[Unit] | None = None,
    bodies: dict[str, dict] | None = None,
    request=None,
):
    """Add a person to the organisation; a new user gets an e-mail to choose a password.

    The e-mail is a task (``stakeholders.tasks.send_invitation``), queued once the new user is
    committed (``soplan.queue.send_after_commit_or_now``); its ``InvitationMail`` row is the
    outbox that :func:`hand_over_pending_invitations` hands over again when the broker refused.
    """
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User(username=email, email=email, first_name=first_name, last_name=last_name)
            user.set_unusable_password()
            user.full_clean()
            user.save()
            UserProfile.objects.create(user=user, language=organisation.document_language)
        person_set_roles(
            actor=actor, organisation=organisation, user=user, roles=roles, units=units, bodies=bodies
        )
        if created:
            # The outbox row in the same transaction: nothing is lost when the broker is down.
            invitation = InvitationMail.objects.create(
                user=user,
                organisation=organisation,
                domain=request.get_host() if request is not None else "localhost:8000",
                protocol="https" if request is not None and request.is_secure() else "http",
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
    if created:
        queue.send_after_commit_or_now(SEND_INVITATION, invitation_id=invitation.pk)
    return user


def invitation_send(*, user, organisation: Organisation, domain: str, protocol: str, language: str) -> None:
    """Send ``user`` the invitation e-mail with a signed link to choose a password.

    An invited user has an unusable password, which PasswordResetForm skips; so the same signed
    link is sent here through that form's e-mail machinery and our own template.
    """
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": "soplan",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
        "organisation": organisation,
    }
    with translation.override(language):
        PasswordResetForm().send_mail(
            "emails/invitation_subject.txt",
            "emails/invitation.txt",
            context,
            None,
            user.email,
        )


def invitation_mail_send(invitation_id: int) -> bool:
    """Send the invitation e-mail of one outbox row once: claimed first, so that a second
    hand-over sends nothing twice; released again when sending fails."""
    claimed = InvitationMail.objects.filter(pk=invitation_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False
    invitation = InvitationMail.objects.select_related("user", "organisation").get(pk=invitation_id)
    try:
        invitation_send(
            user=invitation.user, organisation=invitation.organisation, domain=invitation.domain,
            protocol=invitation.protocol, language=invitation.language,
        )
    except Exception:
        InvitationMail.objects.filter(pk=invitation_id).update(sent_at=None)  # try again later
        raise
    return True


def hand_over_pending_invitations(*, now=None) -> list[int]:
    """The sweep (Celery beat, ``plans.hand_over_pending``): hand over again the invitations
    written more than the grace ago and not sent yet (their hand-over may have been refused)."""
    now = now or timezone.now()
    ids = list(
        InvitationMail.objects.filter(
            sent_at__isnull=True,
            created_at__lt=now - dt.timedelta(seconds=settings.SOPLAN_OUTBOX_GRACE),
            created_at__gte=now - dt.timedelta(seconds=settings.SOPLAN_OUTBOX_MAX_AGE),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    handed = []
    for pk in ids:
        if not queue.send(SEND_INVITATION, invitation_id=pk):
            break  # the broker is still down: the next sweep tries again
        handed.append(pk)
    return handed


def person_remove(*, actor, organisation: Organisation, user) -> None:
    """Take all of a person's roles in this organisation away (the account stays)."""
    person_set_roles(actor=actor, organisation=organisation, user=user, roles=[], bodies={})


def profile_set_language(*, user, language: str) -> UserProfile:
    profile, _created = UserProfile.objects.get_or_create(user=user)
    profile.language = language
    profile.full_clean()
    profile.save(update_fields=["language"])
    return profile
