"""Writes of the regional layer: a member's board opts in to sharing a kind of figure, or
withdraws it (effective at once: the dashboard reads the opt-ins on every request)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from plans.rules import require
from stakeholders import changes
from stakeholders.models import Organisation, ShareKind, Sharing

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
