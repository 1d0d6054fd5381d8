"""What the evaluation pages read: a year's evaluation with its rows, in the plan's order."""

from __future__ import annotations

from dataclasses import dataclass, field

from plans.content.models import Objective, Plan, Theme

from .models import Evaluation, ObjectiveResult, Realisation, ThemeReview


@dataclass
class ThemeBlock:
    theme: Theme
    review: ThemeReview | None
    objectives: list[tuple[Objective, ObjectiveResult | None]] = field(default_factory=list)


@dataclass
class EvaluationView:
    evaluation: Evaluation
    themes: list[ThemeBlock]

    @property
    def results(self) -> list[ObjectiveResult]:
        return [r for block in self.themes for _, r in block.objectives if r is not None]

    def count(self, result: str) -> int:
        return sum(1 for r in self.results if r.result == result)

    @property
    def realised(self) -> int:
        return self.count(Realisation.REALISED)

    @property
    def partly(self) -> int:
        return self.count(Realisation.PARTLY)

    @property
    def not_realised(self) -> int:
        return self.count(Realisation.NOT_REALISED)

    @property
    def open(self) -> int:
        return sum(1 for block in self.themes for _, r in block.objectives if r is None)


def evaluation_view(evaluation: Evaluation) -> EvaluationView:
    """Themes in order with their review and objectives with their result: four queries."""
    plan = evaluation.plan
    results = {r.objective_id: r for r in evaluation.objective_results.all()}
    reviews = {r.theme_id: r for r in evaluation.theme_reviews.all()}
    blocks = {t.pk: ThemeBlock(t, reviews.get(t.pk)) for t in plan.themes.all()}
    for objective in plan.objectives.order_by("position", "pk"):
        block = blocks.get(objective.theme_id)
        if block is not None:
            block.objectives.append((objective, results.get(objective.pk)))
    return EvaluationView(evaluation, list(blocks.values()))


def evaluations_by_year(plan: Plan) -> dict[int, Evaluation]:
    return {e.year: e for e in plan.evaluations.all()}
