"""The yearly evaluation (R17): the L&D author writes it, everybody in the organisation reads it.

Every write goes through ``stakeholders.changes`` (audited, conflict-safe) and is refused unless
the plan is adopted and running (``EVALUATION_STATUSES``), for a year of the plan that has begun.
Closing an evaluation makes it final: the next year's board statement (R11) draws on it
(:func:`statement_check`, registered with ``plans.approval.statements``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.approval import statements
from plans.content.models import Plan, PlanStatus
from plans.content.services import scope
from plans.rules import require
from plans.transitions import lock, status_error
from stakeholders import changes
from stakeholders.changes import DomainError

from .models import Evaluation, ObjectiveResult, Realisation, ThemeReview

# R17: a plan is evaluated once it runs: adopted, sent to the zorgkantoor, in execution.
EVALUATION_STATUSES = frozenset(
    {PlanStatus.ADOPTED, PlanStatus.SENT_TO_ZORGKANTOOR, PlanStatus.IN_EXECUTION, PlanStatus.EVALUATED}
)
EVALUATION_FIELDS = ("conclusions", "attention_points", "plan_change", "plan_change_reason")


def evaluable_years(plan: Plan, today=None) -> list[int]:
    """The plan years that have begun: a year is evaluated during or after it."""
    this_year = (today or timezone.localdate()).year
    return [year for year in plan.years if year <= this_year]


def _check_open(evaluation: Evaluation) -> None:
    if evaluation.is_closed:
        raise DomainError(
            _("The evaluation of %(year)s is closed; it can no longer be changed.") % {"year": evaluation.year}
        )


def evaluation_start(*, actor, plan: Plan, year: int, today=None) -> Evaluation:
    """Open the evaluation of ``year`` with a row per objective and theme (nothing to retype).

    Starting it again returns the existing evaluation: one per plan year.
    """
    require(actor, "plans.write_evaluation", plan)
    with transaction.atomic():
        plan = lock(plan)
        if plan.status not in EVALUATION_STATUSES:
            raise status_error(plan, _("evaluate"))
        if year not in evaluable_years(plan, today):
            raise DomainError(
                _("Pick a year of the plan period %(start)s–%(end)s that has begun.")
                % {"start": plan.start_year, "end": plan.end_year}
            )
        existing = plan.evaluations.filter(year=year).first()
        if existing is not None:
            return existing
        evaluation = changes.create(actor=actor, obj=Evaluation(plan=plan, year=year), scope=scope(plan))
        for theme in plan.themes.all():
            ThemeReview.objects.create(plan=plan, evaluation=evaluation, theme=theme)
        return evaluation


@transaction.atomic
def evaluation_update(*, actor, evaluation: Evaluation, expected_version: int | None, **data) -> Evaluation:
    require(actor, "plans.write_evaluation", evaluation.plan)
    unknown = set(data) - set(EVALUATION_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    _check_open(evaluation)
    return changes.update(
        actor=actor, obj=evaluation, data=data, expected_version=expected_version, scope=scope(evaluation.plan)
    )


@transaction.atomic
def objective_result_save(
    *, actor, evaluation: Evaluation, objective, result: str, measured: str = "", evidence=(), note: str = "",
    expected_version: int | None = None,
) -> ObjectiveResult:
    """Record (or correct) how far ``objective`` was realised in the evaluated year (R17)."""
    require(actor, "plans.write_evaluation", evaluation.plan)
    _check_open(evaluation)
    if objective.plan_id != evaluation.plan_id:
        raise DomainError(_("The objective belongs to another plan."))
    data = {"result": result, "measured": measured, "evidence": sorted(set(evidence)), "note": note}
    existing = evaluation.objective_results.filter(objective=objective).first()
    if existing is None:
        row = ObjectiveResult(plan=evaluation.plan, evaluation=evaluation, objective=objective, **data)
        return changes.create(actor=actor, obj=row, scope=scope(evaluation.plan))
    return changes.update(
        actor=actor, obj=existing, data=data, expected_version=expected_version, scope=scope(evaluation.plan)
    )


@transaction.atomic
def theme_review_save(
    *, actor, review: ThemeReview, needs_attention: bool, note: str = "", expected_version: int | None = None
) -> ThemeReview:
    require(actor, "plans.write_evaluation", review.plan)
    _check_open(review.evaluation)
    return changes.update(
        actor=actor, obj=review, data={"needs_attention": needs_attention, "note": note},
        expected_version=expected_version, scope=scope(review.plan),
    )


def missing_results(evaluation: Evaluation) -> list:
    """The plan's objectives without a result yet, in the plan's order."""
    done = set(evaluation.objective_results.values_list("objective_id", flat=True))
    return [o for o in evaluation.plan.objectives.select_related("theme").order_by("theme__position", "position", "pk")
            if o.pk not in done]


@transaction.atomic
def evaluation_close(*, actor, evaluation: Evaluation) -> Evaluation:
    """Make the evaluation final. Every objective needs a result and the conclusions are written."""
    require(actor, "plans.write_evaluation", evaluation.plan)
    plan = lock(evaluation.plan)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _check_open(evaluation)
    missing = missing_results(evaluation)
    if missing:
        raise DomainError(
            _("Give a result for every objective first (R17): %(codes)s.")
            % {"codes": ", ".join(o.code for o in missing)}
        )
    if not evaluation.conclusions.strip():
        raise DomainError(_("Write the conclusions first."))
    evaluation = changes.update(
        actor=actor, obj=evaluation, data={"closed_at": timezone.now(), "closed_by": actor},
        expected_version=evaluation.lock_version, scope=scope(plan),
    )
    return evaluation


def closed_evaluation(plan: Plan, year: int) -> Evaluation | None:
    return plan.evaluations.filter(year=year, closed_at__isnull=False).first()


def unmet(evaluation: Evaluation) -> list[ObjectiveResult]:
    """The objectives not (fully) realised: the board explains each in its statement (R11)."""
    return list(
        evaluation.objective_results.exclude(result=Realisation.REALISED).select_related("objective", "objective__theme")
    )


def explanation_text(explanations: dict[str, str], results: list[ObjectiveResult]) -> str:
    """One explanation per objective not met, in the plan's order: "D2: …"."""
    return "\n".join(f"{r.objective.code}: {explanations[r.objective.code].strip()}" for r in results)


def statement_check(*, plan: Plan, year: int, objectives_met: bool, explanation: str) -> None:
    """R11: a board statement for ``year`` follows the closed evaluation of the year before.

    Objectives that were not (fully) realised cannot be declared met, and each of them must be
    explained in the statement (its code followed by the board's explanation).
    """
    evaluation = closed_evaluation(plan, year - 1)
    if evaluation is None:
        return
    results = unmet(evaluation)
    if not results:
        return
    codes = [r.objective.code for r in results]
    if objectives_met:
        raise DomainError(
            _("The evaluation of %(year)s shows objectives not met: %(codes)s. Explain them (R11).")
            % {"year": evaluation.year, "codes": ", ".join(codes)}
        )
    explained = {
        line.split(":", 1)[0].strip() for line in explanation.splitlines() if ":" in line and line.split(":", 1)[1].strip()
    }
    missing = [code for code in codes if code not in explained]
    if missing:
        raise DomainError(
            _("Explain every objective not met (R11): %(codes)s.") % {"codes": ", ".join(missing)}
        )



def statement_from_evaluation(
    *, actor, plan: Plan, year: int, text: str, explanations: dict[str, str], ip=None, user_agent: str = ""
):
    """Issue the board statement of ``year`` from the closed evaluation of ``year - 1`` (R11)."""
    evaluation = closed_evaluation(plan, year - 1)
    if evaluation is None:
        raise DomainError(_("Close the evaluation of %(year)s first.") % {"year": year - 1})
    results = unmet(evaluation)
    missing = [r.objective.code for r in results if not (explanations.get(r.objective.code) or "").strip()]
    if missing:
        raise DomainError(_("Explain every objective not met (R11): %(codes)s.") % {"codes": ", ".join(missing)})
    return statements.issue_statement(
        actor=actor, plan=plan, year=year, text=text, objectives_met=not results,
        explanation=explanation_text(explanations, results), ip=ip, user_agent=user_agent,
    )
