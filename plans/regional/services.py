"""Writes of the regional layer: a member's board opts in to sharing a kind of figure, or
withdraws it (effective at once: the dashboard reads the opt-ins on every request)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from plans.regional.models import Contribution, RegionalAction
from plans.regional.selectors import adopted_versions
from plans.rules import require
from stakeholders import changes
from stakeholders.models import Organisation, Region, ShareKind, Sharing

SCOPE = "sharing"


def _check_kind(kind: str) -> None:
    if kind not in ShareKind.values:
        raise changes.DomainError(_("Unknown kind of figure."), code="invalid")


@transaction.atomic
def share(*, actor, organisation: Organisation, kind: str) -> Sharing:
    """The board opts in: ``organisation`` shares figures of ``kind`` with its regions."""
    require(actor, "plans.manage_sharing", organisation)
    _check_kind(kind)
    sharing, created = Sharing.objects.get_or_create(organisation=organisation, kind=kind)
    if created:
        changes.record(
            actor=actor, organisation=organisation, action="share", obj=sharing, scope=SCOPE,
            changes={"kind": [None, kind]},
        )
    return sharing


@transaction.atomic
def withdraw(*, actor, organisation: Organisation, kind: str) -> None:
    """The board withdraws: the figures of ``kind`` leave every regional view at once."""
    require(actor, "plans.manage_sharing", organisation)
    _check_kind(kind)
    sharing = Sharing.objects.filter(organisation=organisation, kind=kind).first()
    if sharing is None:
        return
    changes.record(
        actor=actor, organisation=organisation, action="withdraw", obj=sharing, scope=SCOPE,
        changes={"kind": [kind, None]},
    )
    sharing.delete()


def set_sharing(*, actor, organisation: Organisation, kinds: set[str]) -> None:
    """The board's form: share exactly ``kinds``, withdraw the others."""
    require(actor, "plans.manage_sharing", organisation)
    current = set(Sharing.objects.filter(organisation=organisation).values_list("kind", flat=True))
    for kind in sorted(set(kinds) - current):
        share(actor=actor, organisation=organisation, kind=kind)
    for kind in sorted(current - set(kinds)):
        withdraw(actor=actor, organisation=organisation, kind=kind)


# --- The doe-agenda ---------------------------------------------------------------------------


def _check_members(region: Region, owner: Organisation, participants) -> None:
    members = set(region.organisations.values_list("pk", flat=True))
    if owner.pk not in members or any(p.pk not in members for p in participants):
        raise changes.DomainError(_("Only member organisations of %(region)s can take part.") % {"region": region.name},
                                  code="invalid")


def action_create(*, actor, region: Region, owner: Organisation, participants=(), **data) -> RegionalAction:
    """A new action on the region's doe-agenda (R23: with an effect horizon)."""
    require(actor, "plans.manage_agenda", region)
    participants = list(participants)
    _check_members(region, owner, participants)
    return changes.create(
        actor=actor, obj=RegionalAction(region=region, owner=owner, **data), scope=f"region:{region.pk}",
        m2m={"participants": participants},
    )


def action_update(*, actor, action: RegionalAction, expected_version: int | None, participants=None, **data) -> RegionalAction:
    require(actor, "plans.manage_agenda", action.region)
    owner = data.get("owner", action.owner)
    participants = list(participants) if participants is not None else list(action.participants.all())
    _check_members(action.region, owner, participants)
    return changes.update(
        actor=actor, obj=action, data=data, expected_version=expected_version, scope=f"region:{action.region_id}",
        m2m={"participants": participants},
    )


def contribution_link(*, actor, action: RegionalAction, organisation: Organisation, intervention_code: str) -> Contribution:
    """The member's author links an intervention of its adopted plan to a regional action; the
    region sees the intervention's code, title and years as adopted, never the live draft."""
    require(actor, "plans.link_regional_action", organisation)
    if not action.participants.filter(pk=organisation.pk).exists():
        raise changes.DomainError(
            _("%(org)s does not take part in this regional action.") % {"org": organisation.name}, code="invalid"
        )
    adopted = adopted_versions([organisation.pk]).get(organisation.pk)
    if adopted is None:
        raise changes.DomainError(_("Link interventions once the plan has been adopted."), code="invalid")
    version, snapshot = adopted
    item = next((i for i in snapshot["plan"]["interventions"] if i["code"] == intervention_code), None)
    if item is None:
        raise changes.DomainError(_("The adopted plan has no intervention %(code)s.") % {"code": intervention_code},
                                  code="invalid")
    with transaction.atomic():
        contribution, created = Contribution.objects.get_or_create(
            action=action, organisation=organisation, intervention_code=intervention_code,
            defaults={"version": version, "title": item["title"], "years": item.get("years", []), "created_by": actor},
        )
        if created:
            changes.record(actor=actor, organisation=organisation, action="link", obj=contribution,
                           scope=f"region:{action.region_id}", changes={"action": [None, action.title]})
    return contribution


def contribution_unlink(*, actor, contribution: Contribution) -> None:
    require(actor, "plans.link_regional_action", contribution.organisation)
    with transaction.atomic():
        changes.record(actor=actor, organisation=contribution.organisation, action="unlink", obj=contribution,
                       scope=f"region:{contribution.action.region_id}",
                       changes={"action": [contribution.action.title, None]})
        contribution.delete()
