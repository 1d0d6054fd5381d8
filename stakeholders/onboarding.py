"""Starting an organisation without the Django admin, and the set-up guide that follows.

The site operator (a superuser: ``is_superuser``; see docs/user-guide.md "Een nieuwe organisatie
starten") creates the organisation and invites its first L&D author. The invitation is the
existing one (``services.person_invite``: an e-mail task through ``soplan.queue``) whose signed
link is Django's password-reset token: it expires after ``PASSWORD_RESET_TIMEOUT`` and is
single-use, because the token covers the password hash and the last login, both of which change
once the invitee has chosen a password and is signed in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from soplan.errors import DomainError

from . import services
from .models import BodyKind, Membership, Organisation, Role


def may_start_organisations(user) -> bool:
    """Only the site operator starts organisations; an L&D author runs their own only."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def free_slug(name: str) -> str:
    base = slugify(name)[:50] or "organisatie"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def organisation_start(
    *, actor, name: str, email: str, first_name: str, last_name: str, slug: str = "", sector: str = "vvt",
    request=None,
) -> Organisation:
    """A new organisation with its first L&D author, who is invited by e-mail (one transaction)."""
    if not may_start_organisations(actor) and actor is not None:
        raise DomainError(_("Only the site operator can start an organisation."), code="forbidden")
    with transaction.atomic():
        organisation = services.organisation_create(
            actor=actor, name=name, slug=slug or free_slug(name), sector=sector
        )
        services.person_invite(
            actor=actor,
            organisation=organisation,
            email=email,
            first_name=first_name,
            last_name=last_name,
            roles=[Role.AUTHOR.value],
            request=request,
        )
    return organisation


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    explanation: str
    done: bool
    summary: str
    url: str
    action: str
    extra: tuple[tuple[str, str], ...] = ()


def setup_steps(organisation: Organisation) -> list[Step]:
    """The steps of the set-up guide, each done or not, read from the organisation's data."""
    org = organisation
    slug = {"org": org.slug}
    units = org.units.count()
    groups = org.function_groups.count()
    wanted_bodies = [BodyKind.BOARD, BodyKind.WORKS_COUNCIL]
    if org.has_var:
        wanted_bodies.append(BodyKind.NURSING_BOARD)
    if org.has_client_council:
        wanted_bodies.append(BodyKind.CLIENT_COUNCIL)
    seated = set(org.bodies.filter(members__isnull=False).values_list("kind", flat=True))
    people = Membership.objects.filter(organisation=org).values("user").distinct().count()
    return [
        Step(
            "details", _("Organisation details"),
            _("Sector, zorgkantoor, and whether there is a VAR and a client council."),
            bool(org.zorgkantoor), org.zorgkantoor,
            reverse("stakeholders:organisation_edit", kwargs=slug), _("Fill in the details"),
        ),
        Step(
            "units", _("Units"),
            _("The locations and teams as a tree, with their FTE; type them or import them."),
            units > 0, _("Units entered: %(count)s") % {"count": units},
            reverse("stakeholders:hr_import", kwargs={**slug, "kind": "eenheden"}), _("Import from the HR system"),
            extra=((reverse("stakeholders:unit_add", kwargs=slug), _("Add a unit")),),
        ),
        Step(
            "function_groups", _("Function groups"),
            _("Helpende, verzorgende IG, verpleegkundige… with their qualification level."),
            groups > 0, _("Function groups entered: %(count)s") % {"count": groups},
            reverse("stakeholders:hr_import", kwargs={**slug, "kind": "functiegroepen"}), _("Import from the HR system"),
            extra=((reverse("stakeholders:function_group_add", kwargs=slug), _("Add a function group")),),
        ),
        Step(
            "bodies", _("Board and councils"),
            _("Who sits on the board, the OR and, where present, the VAR and the client council."),
            all(k.value in seated for k in wanted_bodies),
            _("With members: %(done)s of %(total)s") % {
                "done": len([k for k in wanted_bodies if k.value in seated]), "total": len(wanted_bodies)},
            reverse("stakeholders:person_add", kwargs=slug), _("Add a member"),
        ),
        Step(
            "people", _("People and roles"),
            _("Invite colleagues: line managers, other L&D staff, readers."),
            people > 1, _("People with a role: %(count)s") % {"count": people},
            reverse("stakeholders:person_add", kwargs=slug), _("Invite someone"),
        ),
    ]
