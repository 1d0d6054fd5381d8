"""The one way views reach data: scoped to the user's organisations, then checked per object.

Every view fetches its objects through :func:`get_for_user` (or lists through
:func:`scope_for_user`); no view filters by organisation by hand (style.md, habit 3). An object
of an organisation the user has no role in is *not found* (404: we do not even confirm it
exists); an object the user can see but not act on is *forbidden* (403).

Models opt in by declaring ``ORGANISATION_LOOKUP`` (the query path to their organisation) and an
``organisation`` attribute or property.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Value
from django.http import Http404

from .models import BODY_ROLE, BodyMember, Membership, Organisation, RegionalCoordinator, Role
from .selectors import managed_unit_ids

M = TypeVar("M", bound=models.Model)

_CACHE_ATTR = "_soplan_roles"
_UNITS_ATTR = "_soplan_managed_units"
_REGIONS_ATTR = "_soplan_coordinated_regions"


def _load(user) -> tuple[dict[int, frozenset[str]], list[tuple[int, str, str]], dict[int, frozenset[str]]]:
    """All roles of a user per organisation id, those organisations' (id, name, slug), and per
    organisation the kinds of the bodies whose decision the user may record, in one query
    (memberships and body seats together), cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}, [], {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    memberships = (
        Membership.objects.filter(user=user)
        .order_by()
        .annotate(seat=Value(False), records=Value(False))
        .values_list("organisation_id", "role", "organisation__name", "organisation__slug", "seat", "records")
    )
    seats = (
        BodyMember.objects.filter(user=user)
        .order_by()
        .annotate(seat=Value(True))
        .values_list(
            "body__organisation_id", "body__kind", "body__organisation__name", "body__organisation__slug", "seat",
            "may_record_decision",
        )
    )
    roles: dict[int, set[str]] = defaultdict(set)
    recording: dict[int, set[str]] = defaultdict(set)
    names: dict[int, tuple[str, str]] = {}
    for org_id, role_or_kind, name, slug, seat, records in memberships.union(seats, all=True):
        roles[org_id].add(BODY_ROLE[role_or_kind].value if seat else role_or_kind)
        if seat and records:
            recording[org_id].add(role_or_kind)
        names[org_id] = (name, slug)
    frozen = {org_id: frozenset(r) for org_id, r in roles.items()}
    organisations = sorted(((pk, name, slug) for pk, (name, slug) in names.items()), key=lambda o: (o[1].casefold(), o[0]))
    loaded = (frozen, organisations, {org_id: frozenset(k) for org_id, k in recording.items()})
    setattr(user, _CACHE_ATTR, loaded)
    return loaded


def _role_map(user) -> dict[int, frozenset[str]]:
    return _load(user)[0]


def menu_organisations(user) -> list[Organisation]:
    """The user's organisations by name, for the navigation: from the roles already loaded, so
    showing the menu costs no query of its own. Unsaved stand-ins carrying pk, name and slug."""
    return [Organisation(pk=pk, name=name, slug=slug) for pk, name, slug in _load(user)[1]]


def forget_roles(user) -> None:
    """Drop the cached roles after a change to the user's memberships."""
    for attr in (_CACHE_ATTR, _UNITS_ATTR, _REGIONS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def managed_units_of(user, organisation: Organisation) -> frozenset[int]:
    """The units of ``organisation`` the user manages as a line manager, with their sub-units;
    read once per organisation and request, like the roles."""
    if not getattr(user, "is_authenticated", False) or Role.LINE_MANAGER.value not in roles_of(user, organisation):
        return frozenset()
    cached: dict[int, frozenset[int]] = user.__dict__.setdefault(_UNITS_ATTR, {})
    if organisation.pk not in cached:
        cached[organisation.pk] = frozenset(managed_unit_ids(user, organisation))
    return cached[organisation.pk]


def roles_of(user, organisation: Organisation | int | None) -> frozenset[str]:
    if organisation is None:
        return frozenset()
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return _role_map(user).get(org_id, frozenset())


def recording_kinds_of(user, organisation: Organisation | int | None) -> frozenset[str]:
    """The kinds of the bodies of ``organisation`` (board, OR, …) whose decision the user may
    record (``BodyMember.may_record_decision``)."""
    if organisation is None:
        return frozenset()
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return _load(user)[2].get(org_id, frozenset())


def organisation_ids_of(user) -> list[int]:
    return sorted(_role_map(user))


def organisations_of(user) -> models.QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=organisation_ids_of(user))


def scope_for_user(user, model_or_queryset: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
    """The rows of the organisations in which the user holds any role."""
    qs = (
        model_or_queryset._default_manager.all()
        if isinstance(model_or_queryset, type)
        else model_or_queryset
    )
    lookup = qs.model.ORGANISATION_LOOKUP
    key = "pk__in" if lookup == "pk" else f"{lookup}__in"
    return qs.filter(**{key: organisation_ids_of(user)})


def get_for_user(
    user, model_or_queryset: type[M] | models.QuerySet[M], perm: str, **lookup
) -> M:
    """Fetch one object for this user: 404 outside their organisations, 403 without ``perm``.

    ``perm`` names a rule from an app's ``rules.py`` (django-rules), checked on the object.
    """
    try:
        obj = scope_for_user(user, model_or_queryset).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc
    if not user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


def coordinated_region_ids(user) -> frozenset[int]:
    """The regions the user coordinates, read once per request. Coordinating a region gives no
    role in its member organisations (design.md, "Roles")."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _REGIONS_ATTR, None)
    if cached is None:
        cached = frozenset(RegionalCoordinator.objects.filter(user=user).values_list("region_id", flat=True))
        setattr(user, _REGIONS_ATTR, cached)
    return cached
