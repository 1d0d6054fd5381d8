"""Hostile input in the budget: cleaned on import, and stored text never breaks the workbook."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from budgets.models import FundingSource, YearPlanLine
from plans.content.models import Intervention, Plan, Theme
from plans.interchange import services as interchange
from soplan.text import clean_text


def test_the_budget_section_is_cleaned_too(budget_plan):
    document = interchange.export_plan(budget_plan)
    document["budget"]["lines"][0]["learning_outcome"] = "Veilig\x0c tillen\x85"
    document["organisation"]["slug"] = "elders"
    imported = interchange.import_plan(document)
    assert YearPlanLine.objects.filter(plan=imported, learning_outcome="Veilig tillen").exists()




def test_text_stored_with_control_characters_does_not_break_the_workbook(client_of, author, budget_plan, sources):
    # Rows written before the forms cleaned their input, straight into the database.
    # (No NUL: PostgreSQL cannot have stored one; the importer and the forms keep it out.)
    Theme.objects.filter(plan=budget_plan).update(title="Zorg\x01 voor\x1c elkaar")
    Intervention.objects.filter(plan=budget_plan, code="L1").update(title="=1+1\x02")
    YearPlanLine.objects.filter(plan=budget_plan).update(profile="Verzorgende\x1b IG", learning_outcome="Veilig\x0b tillen")
    FundingSource.objects.filter(pk=sources["organisatiebudget"].pk).update(name="Organisatie\x1fbudget")
    Plan.objects.filter(pk=budget_plan.pk).update(title="Plan\x08")

    response = client_of(author).get(reverse("budgets:excel", kwargs={"plan": budget_plan.pk}))

    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    texts = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    values = {cell.value for cell in texts}
    assert {"=1+1", "Verzorgende IG", "Veilig tillen", "Organisatiebudget"} <= values
    assert any(value.startswith("Zorg voor elkaar") for value in values)
    assert next(cell for cell in texts if cell.value == "=1+1").data_type == "s"  # still no formula
    assert not [value for value in values if clean_text(value) != value]
    assert book.properties.title.startswith("Plan –")
