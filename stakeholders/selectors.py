"""Read queries of the stakeholders app that more than one view needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q

from .models import AuditEvent, Body, BodyMember, Membership, Organisation, Role, Unit

User = get_user_model()


@dataclass
class UnitNode:
    unit: Unit
    depth: int
    children: list[UnitNode] = field(default_factory=list)

    @property
    def total_fte(self) -> Decimal:
        return self.unit.fte + sum((c.total_fte for c in self.children), Decimal("0"))


def unit_tree(organisation: Organisation) -> list[UnitNode]:
    """The units as a depth-first list (one query), each with its depth and subtree FTE."""
    units = list(organisation.units.all())
    nodes = {u.pk: UnitNode(unit=u, depth=0) for u in units}
    roots: list[UnitNode] = []
    for u in units:
        node = nodes[u.pk]
        if u.parent_id and u.parent_id in nodes:
            nodes[u.parent_id].children.append(node)
        else:
            roots.append(node)
    flat: list[UnitNode] = []

    def walk(node: UnitNode, depth: int) -> None:
        node.depth = depth
        flat.append(node)
        for child in sorted(node.children, key=lambda n: n.unit.name):
            walk(child, depth + 1)

    for root in sorted(roots, key=lambda n: n.unit.name):
        walk(root, 0)
    return flat


def people_users(organisation: Organisation):
    return User.objects.filter(
        Q(memberships__organisation=organisation) | Q(body_memberships__body__organisation=organisation)
    ).distinct()


@dataclass
class Person:
    user: object
    roles: list[str]
    units: list[Unit]
    bodies: list[BodyMember]


def people(organisation: Organisation) -> list[Person]:
    """Everyone with a role in the organisation, with their roles, units and bodies (3 queries)."""
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .prefetch_related("units")
    )
    body_members = BodyMember.objects.filter(body__organisation=organisation).select_related(
        "user", "body"
    )
    by_user: dict[int, Person] = {}
    for m in memberships:
        person = by_user.setdefault(m.user_id, Person(m.user, [], [], []))
        person.roles.append(m.get_role_display())
        person.units.extend(m.units.all())
    for bm in body_members:
        person = by_user.setdefault(bm.user_id, Person(bm.user, [], [], []))
        person.bodies.append(bm)
    return sorted(by_user.values(), key=lambda p: (p.user.last_name, p.user.first_name, p.user.pk))


def person_initial(organisation: Organisation, user) -> dict:
    memberships = Membership.objects.filter(organisation=organisation, user=user).prefetch_related(
        "units"
    )
    initial: dict = {"roles": [m.role for m in memberships], "units": []}
    for m in memberships:
        if m.role == Role.LINE_MANAGER:
            initial["units"] = list(m.units.all())
    for bm in BodyMember.objects.filter(body__organisation=organisation, user=user).select_related(
        "body"
    ):
        kind = bm.body.kind
        initial[f"body_{kind}"] = True
        initial[f"position_{kind}"] = bm.position
        initial[f"record_{kind}"] = bm.may_record_decision
    return initial


def bodies_with_members(organisation: Organisation) -> list[Body]:
    return list(
        organisation.bodies.prefetch_related(
            Prefetch("members", queryset=BodyMember.objects.select_related("user"))
        )
    )


def managed_unit_ids(user, organisation: Organisation) -> set[int]:
    """The units a line manager manages, with all their sub-units."""
    direct = set(
        Unit.objects.filter(
            managers__user=user, managers__organisation=organisation, managers__role=Role.LINE_MANAGER
        ).values_list("pk", flat=True)
    )
    return subtree_ids(organisation, direct) if direct else set()


def subtree_ids(organisation: Organisation, root_ids: set[int]) -> set[int]:
    """The given units and everything below them (one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in organisation.units.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    todo = list(root_ids)
    while todo:
        pk = todo.pop()
        if pk in found:
            continue
        found.add(pk)
        todo.extend(children.get(pk, []))
    return found


def recent_history(organisation: Organisation, *, scope: str, limit: int = 15) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(organisation=organisation, scope=scope)[:limit])


# --- People to notify ------------------------------------------------------------------------


def recorders(organisation: Organisation, kinds) -> list:
    """Everybody who may record the decision of one of the bodies of ``kinds``."""
    return list(
        User.objects.filter(
            is_active=True,
            body_memberships__body__organisation=organisation,
            body_memberships__body__kind__in=list(kinds),
            body_memberships__may_record_decision=True,
        ).distinct()
    )


def authors(organisation: Organisation) -> list:
    return list(
        User.objects.filter(
            is_active=True, memberships__organisation=organisation, memberships__role=Role.AUTHOR
        ).distinct()
    )


def line_managers(organisation: Organisation) -> list:
    return list(
        User.objects.filter(
            is_active=True, memberships__organisation=organisation, memberships__role=Role.LINE_MANAGER
        ).distinct()
    )


def members(organisation: Organisation, kinds) -> list:
    """Every member of the bodies of ``kinds`` (not only those who record decisions)."""
    return list(
        User.objects.filter(
            is_active=True,
            body_memberships__body__organisation=organisation,
            body_memberships__body__kind__in=list(kinds),
        ).distinct()
    )
