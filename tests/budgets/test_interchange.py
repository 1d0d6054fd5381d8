"""The "budget" section of the JSON format and the frozen snapshot: round trip and the contract keys."""

from __future__ import annotations

import copy
import re
from decimal import Decimal

import jsonschema
import pytest

from budgets import services
from budgets.models import YearPlanLine
from plans.approval.versions import freeze
from plans.interchange import format as plan_format
from plans.interchange import services as interchange
from plans.models import Plan

TWO_PLACES = re.compile(r"^\d+\.\d{2}$")


def test_export_import_export_of_a_full_budget_is_byte_identical(budget_plan, author):
    first = interchange.export_plan(budget_plan)
    assert first["budget"]["lines"]  # the budget really is in it
    imported = interchange.import_plan(copy.deepcopy(first), organisation=budget_plan.organisation, actor=author)
    again = interchange.export_plan(imported)
    assert plan_format.canonical_bytes(again) == plan_format.canonical_bytes(first)
    assert plan_format.pretty(again) == plan_format.pretty(first)


def test_a_plan_with_flaws_survives_the_round_trip_and_keeps_its_findings(budget_plan, author, sources):
    # A split that no longer adds up (the form would refuse it) moves as it is; the check reports it.
    l1 = budget_plan.interventions.get(code="L1")
    row = YearPlanLine.objects.get(intervention=l1, year=2028)
    services.line_save(actor=author, plan=budget_plan, intervention=l1, year=2028, expected_version=row.lock_version,
                       funding={sources["organisatiebudget"]: Decimal("100.00")}, enforce_rules=False)
    first = interchange.export_plan(budget_plan)
    imported = interchange.import_plan(copy.deepcopy(first), organisation=budget_plan.organisation)
    assert plan_format.pretty(interchange.export_plan(imported)) == plan_format.pretty(first)


def test_the_section_carries_the_contract_keys(budget_plan):
    budget = interchange.export_plan(budget_plan)["budget"]
    assert budget["claims_extra_middelen_wlz"] is True
    assert budget["deviates_from_indicative_split"] is False
    summary = budget["summary"]
    assert summary["years"] == [2027, 2028, 2029, 2030]
    assert summary["currency"] == "EUR"
    assert summary["by_year"] == {"2027": "4350.00", "2028": "2900.00", "2029": "2900.00", "2030": "2900.00"}
    assert summary["total"] == "13050.00"
    assert summary["by_source"] == [
        {
            "code": "extra-middelen-wlz",
            "name": "Extra middelen Wlz",
            "amounts": {"2027": "1456.00", "2028": "0.00", "2029": "0.00", "2030": "0.00"},
            "total": "1456.00",
        },
        {
            "code": "organisatiebudget",
            "name": "Organisatiebudget",
            "amounts": {"2027": "2894.00", "2028": "2900.00", "2029": "2900.00", "2030": "2900.00"},
            "total": "11594.00",
        },
    ]
    theme = budget_plan.themes.get()
    assert summary["by_theme"] == [
        {"code": theme.code, "title": theme.title, "amounts": summary["by_year"], "total": "13050.00"}
    ]
    assert summary["estimate"]["total"] == "12000.00"


def test_amounts_are_strings_with_two_places_and_the_totals_agree(budget_plan):
    summary = interchange.export_plan(budget_plan)["budget"]["summary"]
    for row in summary["by_source"] + summary["by_theme"]:
        assert all(TWO_PLACES.match(v) for v in row["amounts"].values())
        assert Decimal(row["total"]) == sum(Decimal(v) for v in row["amounts"].values())
    for year, amount in summary["by_year"].items():
        assert sum(Decimal(r["amounts"][year]) for r in summary["by_source"]) == Decimal(amount)
        assert sum(Decimal(r["amounts"][year]) for r in summary["by_theme"]) == Decimal(amount)
    assert Decimal(summary["total"]) == sum(Decimal(v) for v in summary["by_year"].values())


def test_the_deviation_flag_follows_the_split(budget_plan):
    budget_plan.budget_years.filter(year=2027).update(day_activities_amount=Decimal("300.00"))
    assert interchange.export_plan(budget_plan)["budget"]["deviates_from_indicative_split"] is True


def test_unassigned_costs_and_costs_without_a_theme_have_their_own_rows(budget_plan, author):
    from plans.content import services as plan_services

    loose = plan_services.intervention_create(actor=author, plan=budget_plan, title="Losse training", years=[2029])
    services.line_save(actor=author, plan=budget_plan, intervention=loose, year=2029, funding={},
                       participants=1, cost_per_participant=Decimal("99.50"))
    summary = interchange.export_plan(budget_plan)["budget"]["summary"]
    assert summary["by_source"][-1]["code"] == "unassigned"
    assert summary["by_source"][-1]["total"] == "99.50"
    assert summary["by_theme"][-1]["code"] is None
    assert summary["by_theme"][-1]["amounts"]["2029"] == "99.50"


def test_derived_keys_are_ignored_on_import(budget_plan):
    document = interchange.export_plan(budget_plan)
    tampered = copy.deepcopy(document)
    tampered["budget"]["claims_extra_middelen_wlz"] = False
    tampered["budget"]["summary"]["total"] = "1.00"
    tampered["budget"]["lines"][0]["total"] = "1.00"
    imported = interchange.import_plan(tampered, organisation=budget_plan.organisation)
    assert interchange.export_plan(imported)["budget"] == document["budget"]


def test_a_document_without_derived_keys_is_accepted(budget_plan):
    document = interchange.export_plan(budget_plan)
    for key in ("claims_extra_middelen_wlz", "deviates_from_indicative_split", "summary", "calculations"):
        del document["budget"][key]
    for row in document["budget"]["lines"]:
        del row["total"]
    imported = interchange.import_plan(document, organisation=budget_plan.organisation)
    assert interchange.export_plan(imported)["budget"]["summary"]["total"] == "13050.00"


def test_budget_references_are_checked_naming_the_field(budget_plan):
    document = interchange.export_plan(budget_plan)
    document["budget"]["lines"][0]["intervention"] = "L99"
    document["budget"]["lines"][1]["funding"][0]["source"] = "lottery"
    document["budget"]["lines"][2]["year"] = 2031
    document["budget"]["estimates"][0]["objective"] = "D42"
    before = Plan.objects.count()
    with pytest.raises(plan_format.InterchangeError) as refused:
        interchange.import_plan(document, organisation=budget_plan.organisation)
    errors = "\n".join(refused.value.errors)
    assert "budget.lines[0].intervention: unknown intervention 'L99'" in errors
    assert "budget.lines[1].funding[0].source: unknown funding source 'lottery'" in errors
    assert "budget.lines[2].year: 2031 is outside the plan period 2027–2030" in errors
    assert "budget.estimates[0].objective: 'D42' is not an objective of 'T1'" in errors
    assert Plan.objects.count() == before


def test_malformed_amounts_are_refused_by_the_schema(budget_plan):
    document = interchange.export_plan(budget_plan)
    document["budget"]["lines"][0]["cost_per_participant"] = "12,50"
    errors = interchange.validate(document)
    assert any(e.startswith("budget.lines[0].cost_per_participant") for e in errors)


def test_the_export_validates_against_the_published_schema(budget_plan):
    document = interchange.export_plan(budget_plan)
    jsonschema.Draft202012Validator(plan_format.schema()).validate(document)


def test_a_frozen_version_contains_the_budget_and_its_hash_covers_it(budget_plan, author):
    version = freeze(actor=author, plan=budget_plan)
    assert version.snapshot["budget"]["summary"]["total"] == "13050.00"
    budget_plan.budget_years.filter(year=2030).update(wage_bill=Decimal("1.00"))
    assert plan_format.sha256(interchange.export_plan(budget_plan)) != version.sha256


def test_the_export_does_not_depend_on_the_language_of_the_exporter(budget_plan, author):
    from django.utils import translation

    from plans.content import services as plan_services

    loose = plan_services.intervention_create(actor=author, plan=budget_plan, title="Losse training", years=[2029])
    services.line_save(actor=author, plan=budget_plan, intervention=loose, year=2029, funding={},
                       participants=1, cost_per_participant=Decimal("10"))
    with translation.override("en"):
        english = interchange.export_plan(budget_plan)
    with translation.override("nl"):
        dutch = interchange.export_plan(budget_plan)
    assert plan_format.sha256(english) == plan_format.sha256(dutch)
