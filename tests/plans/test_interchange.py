"""The JSON interchange format: round trip, canonical hash, refusals that name the field."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from plans.interchange import format as plan_format
from plans.interchange import services as interchange
from plans.models import Plan
from stakeholders.models import Organisation

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "plan.schema.json"


def test_export_import_export_is_identical(plan, tmp_path):
    first = interchange.export_plan(plan)
    imported = interchange.import_plan(copy.deepcopy(first), organisation=plan.organisation)
    assert imported.pk != plan.pk
    assert plan_format.pretty(interchange.export_plan(imported)) == plan_format.pretty(first)


def test_import_into_a_fresh_installation_recreates_the_organisation(plan):
    document = interchange.export_plan(plan)
    document["organisation"]["slug"] = "elsewhere"
    imported = interchange.import_plan(document)
    assert imported.organisation.slug == "elsewhere"
    assert sorted(imported.organisation.units.values_list("code", flat=True)) == ["team-1"]
    again = interchange.export_plan(imported)
    assert again["plan"] == interchange.export_plan(plan)["plan"]


def test_a_unit_without_care_staff_keeps_its_flag_through_export_and_import_r20(plan, author):
    from plans.content import figures
    from stakeholders import services as org_services

    org = plan.organisation
    staff = org_services.unit_create(
        actor=author, organisation=org, code="staf", name="Stafbureau", fte=Decimal("6"), is_care_staff=False
    )
    figures.formation_row_save(actor=author, plan=plan, unit=staff, function_group=org.function_groups.get(code="vig"),
                               current_fte=Decimal("6"))
    document = interchange.export_plan(plan)
    assert {u["code"]: u["is_care_staff"] for u in document["organisation"]["units"]} == {
        "staf": False, "team-1": True,
    }
    document["organisation"]["slug"] = "elsewhere"
    imported = interchange.import_plan(copy.deepcopy(document))
    assert imported.organisation.units.get(code="staf").is_care_staff is False
    assert imported.organisation.units.get(code="team-1").is_care_staff is True
    assert plan_format.pretty(interchange.export_plan(imported)) == plan_format.pretty(document)


def test_a_document_from_before_the_care_staff_flag_counts_its_units_as_care_staff(plan):
    document = interchange.export_plan(plan)
    for unit in document["organisation"]["units"]:
        del unit["is_care_staff"]  # as frozen versions and files written before the flag
    document["organisation"]["slug"] = "elsewhere"
    imported = interchange.import_plan(document)
    assert imported.organisation.units.get(code="team-1").is_care_staff is True


def test_the_hash_ignores_key_order_and_changes_with_content(plan):
    document = interchange.export_plan(plan)
    reordered = json.loads(json.dumps(document, sort_keys=False))
    reordered = dict(reversed(list(reordered.items())))
    assert plan_format.sha256(reordered) == plan_format.sha256(document)
    changed = copy.deepcopy(document)
    changed["plan"]["themes"][0]["title"] += "."
    assert plan_format.sha256(changed) != plan_format.sha256(document)


def test_invalid_documents_are_refused_naming_the_field_and_nothing_is_written(plan):
    document = interchange.export_plan(plan)
    document["plan"]["interventions"][0]["years"] = [1999]
    document["plan"]["interventions"][0]["units"] = ["no-such-unit"]
    document["plan"]["formation"][0]["current_fte"] = "-3"
    before = Plan.objects.count()
    with pytest.raises(plan_format.InterchangeError) as caught:
        interchange.import_plan(document)
    errors = "\n".join(caught.value.errors)
    assert "plan.interventions[0].years[0]" in errors
    assert "plan.formation[0].current_fte" in errors
    assert Plan.objects.count() == before


def test_references_to_unknown_codes_are_refused(plan):
    document = interchange.export_plan(plan)
    document["plan"]["interventions"][0]["objectives"] = ["D99"]
    document["plan"]["interventions"][0]["units"] = ["nowhere"]
    errors = interchange.validate(document)
    assert "plan.interventions[0].objectives: unknown objective 'D99'" in errors
    assert "plan.interventions[0].units: unknown unit 'nowhere'" in errors


def test_the_published_schema_is_the_one_the_code_uses():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == plan_format.schema()


def test_the_commands_round_trip_through_files(plan, tmp_path, capsys):
    out = tmp_path / "plan.json"
    call_command("export_plan", str(plan.pk), "-o", str(out))
    call_command("import_plan", str(out), "--organisation", plan.organisation.slug)
    newest = Plan.objects.order_by("-pk").first()
    again = tmp_path / "again.json"
    call_command("export_plan", str(newest.pk), "-o", str(again))
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    assert Organisation.objects.count() == 1
