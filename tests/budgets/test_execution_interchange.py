"""The execution of a plan year in the JSON plan file and the frozen snapshot (issue 11: "the
evaluation and realised figures are part of the JSON interchange format; export → import →
export identical")."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from budgets import services
from budgets.models import RealisedFunding, TookPlace
from plans.approval.versions import freeze
from plans.interchange import format as plan_format
from plans.interchange import services as interchange
from plans.interchange.format import InterchangeError
from plans.models import PlanStatus


@pytest.fixture
def executed(budget_plan, author, sources):
    """L1 of 2027 took place in part, paid from two sources; nothing else recorded."""
    budget_plan.status = PlanStatus.IN_EXECUTION
    budget_plan.save()
    line = budget_plan.year_plan_lines.get(intervention__code="L1", year=2027)
    services.execution_save(
        actor=author, line=line, expected_version=line.lock_version, took_place=TookPlace.PARTLY,
        realised_participants=7, fitted_objective=False,
        realised_funding={sources["organisatiebudget"]: Decimal("1000"), sources["extra-middelen-wlz"]: Decimal("250.50")},
    )
    return budget_plan


def _line(document: dict, code: str, year: int) -> dict:
    return next(ln for ln in document["budget"]["lines"] if (ln["intervention"], ln["year"]) == (code, year))


def test_a_line_carries_what_happened_and_the_others_export_as_before(executed):
    document = interchange.export_plan(executed)
    assert _line(document, "L1", 2027)["execution"] == {
        "took_place": "partly", "fitted_objective": False,
        "realised_funding": [{"source": "extra-middelen-wlz", "amount": "250.50"},
                             {"source": "organisatiebudget", "amount": "1000.00"}],
    }
    assert _line(document, "L1", 2027)["realised_amount"] == "1250.50"
    assert [ln for ln in document["budget"]["lines"] if "execution" in ln] == [_line(document, "L1", 2027)]
    assert interchange.validate(document) == []


def test_export_import_export_is_identical_with_execution(executed):
    first = interchange.export_plan(executed)
    imported = interchange.import_plan(copy.deepcopy(first), organisation=executed.organisation)
    line = imported.year_plan_lines.get(intervention__code="L1", year=2027)
    assert (line.took_place, line.fitted_objective, line.realised_participants) == ("partly", False, 7)
    assert sorted(RealisedFunding.objects.filter(line=line).values_list("source__code", "amount")) == [
        ("extra-middelen-wlz", Decimal("250.50")), ("organisatiebudget", Decimal("1000.00"))]
    assert plan_format.pretty(interchange.export_plan(imported)) == plan_format.pretty(first)


def test_a_split_that_does_not_add_up_is_refused_by_field(executed):
    document = interchange.export_plan(executed)
    _line(document, "L1", 2027)["execution"]["realised_funding"][0]["amount"] = "999.00"
    with pytest.raises(InterchangeError) as refused:
        interchange.import_plan(document, organisation=executed.organisation)
    assert any(e.startswith("budget.lines[") and ".execution.realised_funding: " in e for e in refused.value.errors)


def test_a_version_frozen_after_execution_carries_it_in_its_hash(executed, author):
    version = freeze(actor=author, plan=executed)
    assert _line(version.snapshot, "L1", 2027)["execution"]["took_place"] == "partly"
    changed = copy.deepcopy(version.snapshot)
    _line(changed, "L1", 2027)["execution"]["fitted_objective"] = True
    assert plan_format.sha256(changed) != version.sha256
