"""Object permissions of the stakeholders app (django-rules), by role in the object's organisation.

The predicates here are shared by the other apps' ``rules.py``.
"""

from __future__ import annotations

import rules

from .access import coordinated_region_ids, roles_of
from .models import Role


def has_role(*wanted: Role) -> rules.Predicate:
    """A predicate: the user holds one of ``wanted`` in the organisation of the object."""
    wanted_values = frozenset(r.value for r in wanted)

    @rules.predicate(name="has_role_" + "_or_".join(sorted(wanted_values)))
    def predicate(user, obj) -> bool:
        if obj is None:
            return False
        return bool(roles_of(user, obj.organisation) & wanted_values)

    return predicate


@rules.predicate
def is_member(user, obj) -> bool:
    """Any role at all in the object's organisation."""
    if obj is None:
        return False
    return bool(roles_of(user, obj.organisation))


@rules.predicate
def coordinates_region(user, region) -> bool:
    """On a region: the user is one of its regional coordinators."""
    return region is not None and region.pk in coordinated_region_ids(user)


is_author = has_role(Role.AUTHOR)
is_line_manager = has_role(Role.LINE_MANAGER)
is_board_member = has_role(Role.BOARD_MEMBER)
is_council_member = has_role(Role.OR_MEMBER, Role.VAR_MEMBER, Role.CR_MEMBER)

rules.add_perm("stakeholders.read_organisation", is_member)
rules.add_perm("stakeholders.manage_organisation", is_author)
