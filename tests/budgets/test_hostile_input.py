"""Hostile input in the budget: cleaned on import, and stored text never breaks the workbook."""

from __future__ import annotations

from budgets.models import YearPlanLine
from plans.interchange import services as interchange


def test_the_budget_section_is_cleaned_too(budget_plan):
    document = interchange.export_plan(budget_plan)
    document["budget"]["lines"][0]["learning_outcome"] = "Veilig\x0c tillen\x85"
    document["organisation"]["slug"] = "elders"
    imported = interchange.import_plan(document)
    assert YearPlanLine.objects.filter(plan=imported, learning_outcome="Veilig tillen").exists()


