"""What the dashboard shows: per organisation its plans, their status and step, and next actions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from stakeholders.access import organisations_of, roles_of
from stakeholders.models import Organisation, Role

from .completeness import STEP_TITLES, evaluate
from .models import Plan


@dataclass
class NextAction:
    label: str
    url: str
    detail: str = ""


@dataclass
class PlanRow:
    plan: Plan
    step: str
    step_title: str
    blocking: int
    warnings: int


@dataclass
class Entry:
    organisation: Organisation
    roles: list[str]
    plans: list[PlanRow] = field(default_factory=list)
    actions: list[NextAction] = field(default_factory=list)


def dashboard_entries(user) -> list[Entry]:
    entries = []
    for organisation in organisations_of(user):
        roles = roles_of(user, organisation)
        entry = Entry(
            organisation=organisation,
            roles=[r.label for r in Role if r.value in roles],
        )
        for plan in organisation.plans.all():
            if plan.is_editable:
                report = evaluate(plan)
                step = report.current_step()
                row = PlanRow(plan, step, str(STEP_TITLES[step]), len(report.blocking), len(report.warnings))
                entry.actions.extend(_drafting_actions(plan, report, roles))
            else:
                row = PlanRow(plan, "6", str(STEP_TITLES["6"]), 0, 0)
            entry.plans.append(row)
        if Role.AUTHOR.value in roles and not entry.plans:
            entry.actions.append(
                NextAction(
                    _("Start your first strategic training plan"),
                    reverse("plans:plan_create", kwargs={"org": organisation.slug}),
                    _("The editor leads you through the six steps."),
                )
            )
        if not entry.actions and entry.plans:
            latest = entry.plans[0].plan
            entry.actions.append(
                NextAction(_("Read %(plan)s") % {"plan": latest}, latest.get_absolute_url())
            )
        entries.append(entry)
    return entries


def _drafting_actions(plan: Plan, report, roles: frozenset[str]) -> list[NextAction]:
    actions = []
    if Role.AUTHOR.value in roles:
        if report.blocking:
            first = report.blocking[0]
            actions.append(
                NextAction(
                    _("Continue with %(plan)s") % {"plan": plan.title},
                    report.url(first),
                    _("%(n)s open point(s); next: %(message)s")
                    % {"n": len(report.blocking), "message": first.message},
                )
            )
        else:
            actions.append(
                NextAction(
                    _("Submit %(plan)s to the board") % {"plan": plan.title},
                    reverse("plans:approval", kwargs={"plan": plan.pk}),
                    _("The plan is complete for steps 1–3."),
                )
            )
    if Role.LINE_MANAGER.value in roles:
        actions.append(
            NextAction(
                _("Add the formation figures of your units"),
                reverse("plans:formation", kwargs={"plan": plan.pk}),
                _("Outflow, growth and internship places for %(plan)s.") % {"plan": plan.title},
            )
        )
    return actions
