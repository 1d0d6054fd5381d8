"""Object permissions for plans (django-rules). design.md, "Roles"."""

from __future__ import annotations

import rules

from stakeholders.rules import is_author, is_line_manager, is_member


@rules.predicate
def plan_is_editable(user, plan) -> bool:
    return plan is not None and plan.is_editable


# On an organisation:
rules.add_perm("plans.create_plan", is_author)
# On a plan:
rules.add_perm("plans.read_plan", is_member)
rules.add_perm("plans.edit_plan", is_author & plan_is_editable)
# Line managers add formation figures for their own units (the row-level check is in the
# service, which knows which units they manage).
rules.add_perm("plans.edit_figures", (is_author | is_line_manager) & plan_is_editable)
# Documents: everyone who may read the plan may print it and download the PDFs.
rules.add_perm("plans.request_document", is_member)
rules.add_perm("plans.read_document", is_member)
