"""The closed evaluations in the JSON format and the frozen snapshot (R17, issue 11)."""

from __future__ import annotations

import copy

import pytest

from plans.approval.versions import freeze
from plans.evaluation import cycle, services
from plans.interchange import format as plan_format
from plans.interchange import services as interchange
from plans.models import Evaluation
from tests.plans.test_evaluation import IN_2028, _evaluate, adopted  # noqa: F401 - the fixture

RESULTS = ["realised", "partly", "not_realised"]


@pytest.fixture
def evaluated(adopted, author):  # noqa: F811
    _evaluate(adopted, author, RESULTS[: adopted.objectives.count()])
    return adopted


def test_a_plan_without_a_closed_evaluation_exports_as_before(adopted, author):  # noqa: F811
    before = interchange.export_plan(adopted)
    assert "evaluations" not in before
    # The adopted version (frozen before any evaluation) still gives its hash, and an open
    # evaluation changes nothing in the live document.
    version = adopted.versions.order_by("-number").first()
    services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    assert interchange.export_plan(adopted) == version.snapshot == before
    assert plan_format.sha256(interchange.export_plan(adopted)) == version.sha256


def test_a_closed_evaluation_is_part_of_the_document(evaluated):
    document = interchange.export_plan(evaluated)
    [evaluation] = document["evaluations"]
    assert evaluation["year"] == 2027 and evaluation["plan_change"] == "year_plan"
    assert [(r["objective"], r["result"]) for r in evaluation["results"]] == list(
        zip([o.code for o in evaluated.objectives.order_by("theme__position", "position", "pk")], RESULTS, strict=False)
    )
    assert evaluation["results"][0]["evidence"] == ["appraisal", "survey"]
    assert interchange.validate(document) == []


def test_export_import_export_is_identical_with_evaluations(evaluated):
    first = interchange.export_plan(evaluated)
    imported = interchange.import_plan(copy.deepcopy(first), organisation=evaluated.organisation)
    assert imported.evaluations.get().is_closed
    assert plan_format.pretty(interchange.export_plan(imported)) == plan_format.pretty(first)


def test_a_version_frozen_after_the_evaluation_carries_it_and_its_hash_covers_it(evaluated, author):
    version = freeze(actor=author, plan=evaluated)
    assert version.snapshot["evaluations"][0]["year"] == 2027
    changed = copy.deepcopy(version.snapshot)
    changed["evaluations"][0]["results"][0]["result"] = "not_realised"
    assert plan_format.sha256(changed) != version.sha256


def test_an_evaluation_of_an_unknown_objective_or_year_is_refused_naming_the_place(evaluated):
    document = interchange.export_plan(evaluated)
    document["evaluations"][0]["results"][0]["objective"] = "D99"
    document["evaluations"].append({**copy.deepcopy(document["evaluations"][0]), "year": 2040})
    errors = interchange.validate(document)
    assert any(e.startswith("evaluations[0].results[0].objective") for e in errors)
    assert any(e.startswith("evaluations[1].year") for e in errors)
    before = Evaluation.objects.count()
    with pytest.raises(plan_format.InterchangeError, match="D99"):
        interchange.import_plan(document, organisation=evaluated.organisation)
    assert Evaluation.objects.count() == before


def test_the_next_cycle_starts_without_the_old_plans_evaluations(evaluated, author):
    version = freeze(actor=author, plan=evaluated)  # a version that carries the evaluation
    document = cycle.next_cycle_document(evaluated, version.snapshot)
    assert "evaluations" not in document
