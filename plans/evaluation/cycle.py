"""The next cycle (seed 000 chapter 6): a new draft plan from the adopted one, evaluation carried in.

What the new draft gets, from the adopted version's snapshot (never from live rows):

* the same length of period, starting the year after the old plan ends;
* every theme, the strategic vision, the vision on learning, the learning mix, the qualification
  mix and the formation, as the starting point;
* the objectives not realised in the newest closed evaluation (partly or not), and those never
  evaluated, each flagged (``Objective.carried_over``); realised objectives stay history of the
  old plan;
* the interventions that run in the old plan's last year, which continue in the new first year;
* the improvement actions.

Budgets, year plans and realised figures are not copied: they are the old plan's history. The
new draft points at the old plan (``previous``) and the old plan lists it among its successors;
a second start is refused, so nothing is duplicated.
"""

from __future__ import annotations

import copy

from django.db import transaction
from django.utils.translation import gettext as _

from plans.approval import selectors as approval
from plans.content.models import CarriedOver, Plan, PlanTransition
from plans.content.services import scope
from plans.interchange.format import InterchangeError, sections
from plans.interchange.services import import_plan
from plans.rules import require
from plans.transitions import actor_name, lock, status_error
from stakeholders import changes
from stakeholders.changes import DomainError

from .models import Realisation
from .services import EVALUATION_STATUSES

ACTION = "next_cycle_started"
CARRIED = {Realisation.PARTLY: CarriedOver.PARTLY, Realisation.NOT_REALISED: CarriedOver.NOT_REALISED}


def next_cycle_of(plan: Plan) -> Plan | None:
    return plan.successors.filter(transitions__action=ACTION).first()


def _period_title(title: str, old: tuple[int, int], new: tuple[int, int]) -> str:
    for dash in ("–", "-"):
        before = f"{old[0]}{dash}{old[1]}"
        if before in title:
            return title.replace(before, f"{new[0]}{dash}{new[1]}")
    return f"{title} {new[0]}–{new[1]}"


def next_cycle_document(plan: Plan, snapshot: dict) -> dict:
    """The adopted snapshot turned into the next cycle's draft (see the module's docstring)."""
    doc = copy.deepcopy(snapshot)
    for section in sections():  # the budget: the old plan's history
        if section.next_cycle is not None and section.name in doc:
            doc[section.name] = section.next_cycle(doc[section.name])
            if doc[section.name] is None:  # the evaluations stay with the old plan
                del doc[section.name]
    body = doc["plan"]
    old_start, old_end = body["start_year"], body["end_year"]
    start, end = old_end + 1, old_end + 1 + (old_end - old_start)
    body.update(start_year=start, end_year=end, title=_period_title(body["title"], (old_start, old_end), (start, end)))

    evaluation = plan.evaluations.filter(closed_at__isnull=False).order_by("-year").first()
    results = {}
    if evaluation is not None:
        results = {r.objective.code: r.result for r in evaluation.objective_results.select_related("objective")}
    kept: set[str] = set()
    for theme in body["themes"]:
        objectives = []
        for objective in theme["objectives"]:
            result = results.get(objective["code"])
            if result == Realisation.REALISED:
                continue
            objective["carried_over"] = str(CARRIED.get(result, CarriedOver.NOT_EVALUATED))
            if objective["target_year"] is not None and not start <= objective["target_year"] <= end + 5:
                objective["target_year"] = None  # the author sets a new target year
            objectives.append(objective)
            kept.add(objective["code"])
        theme["objectives"] = objectives
    interventions = []
    for intervention in body["interventions"]:
        if old_end not in intervention["years"]:
            continue  # finished in the old plan
        intervention["years"] = [start]
        intervention["already_running"] = True
        intervention["objectives"] = [code for code in intervention["objectives"] if code in kept]
        interventions.append(intervention)
    body["interventions"] = interventions
    for row in body["qualification_mix"]:
        row["target_year"] = max(row["target_year"], start)
        row["target_year"] = min(row["target_year"], end)
    return doc


def start_next_cycle(*, actor, plan: Plan) -> Plan:
    """"Volgende cyclus starten": the next cycle's draft, linked to ``plan`` both ways."""
    require(actor, "plans.start_change", plan)
    with transaction.atomic():
        plan = lock(plan)
        if plan.status not in EVALUATION_STATUSES:
            raise status_error(plan, _("start the next cycle"))
        existing = next_cycle_of(plan)
        if existing is not None:
            raise DomainError(
                _("The next cycle of this plan has already started: “%(title)s”.") % {"title": existing.title}
            )
        version = approval.adopted_version(plan)
        if version is None:  # pragma: no cover - adopted plans always have one
            raise DomainError(_("This plan has no adopted version."))
        document = next_cycle_document(plan, version.snapshot)
        try:
            new = import_plan(document, actor=actor, organisation=plan.organisation)
        except InterchangeError as exc:
            raise DomainError(
                _("The adopted version could not be copied: %(errors)s") % {"errors": "; ".join(exc.errors[:3])}
            ) from exc
        new = changes.update(
            actor=actor, obj=new, data={"previous": plan}, expected_version=new.lock_version, scope=scope(new)
        )
        for row, note in ((new, plan.title), (plan, new.title)):
            PlanTransition.objects.create(
                plan=row, action=ACTION, from_status=row.status, to_status=row.status, version=version,
                actor=actor, actor_name=actor_name(actor), note=note,
            )
    return new
