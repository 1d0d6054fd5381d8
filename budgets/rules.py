"""Object permissions for the budget (django-rules), checked on the plan. design.md, "Roles".

Everyone with a role in the organisation reads the budget (the councils and the board need it
for their decision); only the L&D author changes it, and only while the plan is drafted.
Realised figures are also entered during execution.
"""

from __future__ import annotations

import rules

from plans.rules import plan_is_editable
from stakeholders.rules import is_author, is_member

from .services import REALISED_STATUSES


@rules.predicate
def plan_records_realisation(user, plan) -> bool:
    return plan is not None and plan.status in REALISED_STATUSES


rules.add_perm("budgets.read_budget", is_member)
rules.add_perm("budgets.edit_budget", is_author & plan_is_editable)
rules.add_perm("budgets.edit_realised", is_author & plan_records_realisation)
