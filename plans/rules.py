"""Object permissions for plans (django-rules). design.md, "Roles"."""

from __future__ import annotations

import rules

from stakeholders.rules import is_author, is_line_manager, is_member


@rules.predicate
def plan_is_editable(user, obj) -> bool:
    """The plan (or the plan an item belongs to) is still being drafted."""
    plan = getattr(obj, "plan", obj)
    return plan is not None and plan.is_editable


# On an organisation:
rules.add_perm("plans.create_plan", is_author)
# On a plan:
rules.add_perm("plans.read_plan", is_member)
rules.add_perm("plans.edit_plan", is_author & plan_is_editable)
# Line managers add formation figures for their own units (the row-level check is in the
# service, which knows which units they manage).
rules.add_perm("plans.edit_figures", (is_author | is_line_manager) & plan_is_editable)
