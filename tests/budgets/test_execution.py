"""Execution of a plan year (issue 11): per intervention whether it took place, participants
reached, realised costs per funding source and whether it fitted its objective. The adviser
records everything; line managers only participants and took-place of their own units; councils
and the board read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets import services
from budgets.models import RealisedFunding, TookPlace
from plans.models import PlanStatus
from stakeholders.changes import DomainError
from stakeholders.models import AuditEvent
from tests import factories


@pytest.fixture
def running(budget_plan):
    budget_plan.status = PlanStatus.IN_EXECUTION
    budget_plan.save()
    return budget_plan


def lines(plan):
    return {(ln.intervention.code, ln.year): ln for ln in plan.year_plan_lines.select_related("intervention")}


def test_the_adviser_records_execution_with_realised_costs_per_source(running, author, sources):
    l1 = lines(running)[("L1", 2027)]
    org, extra = sources["organisatiebudget"], sources["extra-middelen-wlz"]
    services.execution_save(
        actor=author, line=l1, expected_version=l1.lock_version, took_place=TookPlace.PARTLY,
        realised_participants=7, fitted_objective=True,
        realised_funding={org: Decimal("1000.004"), extra: Decimal("1200"), sources["overig"]: None},
    )
    l1.refresh_from_db()
    assert (l1.took_place, l1.realised_participants, l1.fitted_objective) == ("partly", 7, True)
    # one source of the realised totals: the line's realised amount is the sum per source
    assert l1.realised_amount == Decimal("2200.00")
    assert {f.source.code: f.amount for f in RealisedFunding.objects.filter(line=l1)} == {
        "organisatiebudget": Decimal("1000.00"), "extra-middelen-wlz": Decimal("1200.00")}
    assert AuditEvent.objects.filter(changes__has_key="realised_funding").count() == 1
    services.execution_save(
        actor=author, line=l1, expected_version=l1.lock_version, took_place=TookPlace.PARTLY,
        realised_participants=7, fitted_objective=False, realised_funding={org: Decimal("500")},
    )
    l1.refresh_from_db()
    assert l1.realised_amount == Decimal("500.00")
    assert RealisedFunding.objects.filter(line=l1).count() == 1


def test_an_intervention_that_did_not_take_place_has_no_figures(running, author, sources):
    l1 = lines(running)[("L1", 2027)]
    with pytest.raises(DomainError, match="did not take place has no participants or costs"):
        services.execution_save(
            actor=author, line=l1, expected_version=l1.lock_version, took_place=TookPlace.NOT,
            realised_participants=3, fitted_objective=None, realised_funding={},
        )


def test_a_line_manager_adds_figures_for_interventions_of_own_units(running, line_manager):
    l1 = lines(running)[("L1", 2027)]  # L1 is for team-1, which the line manager manages
    services.unit_execution_save(actor=line_manager, line=l1, expected_version=l1.lock_version,
                                 took_place=TookPlace.FULLY, realised_participants=10)
    l1.refresh_from_db()
    assert (l1.took_place, l1.realised_participants, l1.realised_amount) == ("fully", 10, None)


def test_a_line_manager_cannot_write_another_units_figures(running, org):
    other = factories.person(org, roles=["line_manager"], units=[org.units.get(code="team-2")],
                             email="manager2@example.test")
    l1 = lines(running)[("L1", 2027)]
    with pytest.raises(DomainError, match="only add figures for interventions of the units you manage"):
        services.unit_execution_save(actor=other, line=l1, expected_version=l1.lock_version,
                                     took_place=TookPlace.FULLY, realised_participants=10)
    l1.refresh_from_db()
    assert l1.took_place == ""


def test_a_line_manager_cannot_write_organisation_wide_interventions(running, line_manager):
    l2 = lines(running)[("L2", 2027)]  # organisation level: the adviser's
    with pytest.raises(DomainError, match="only add figures for interventions of the units you manage"):
        services.unit_execution_save(actor=line_manager, line=l2, expected_version=l2.lock_version,
                                     took_place=TookPlace.FULLY, realised_participants=5)


def test_a_line_manager_cannot_record_costs(running, line_manager, sources):
    l1 = lines(running)[("L1", 2027)]
    with pytest.raises(DomainError, match="Only the L&D author records the realised costs"):
        services.execution_save(
            actor=line_manager, line=l1, expected_version=l1.lock_version, took_place=TookPlace.FULLY,
            realised_participants=10, fitted_objective=True, realised_funding={sources["overig"]: Decimal("1")},
        )


@pytest.mark.parametrize("persona", ["board_member", "or_member", "cr_member", "viewer"])
def test_councils_and_the_board_only_read(running, persona, request, sources):
    actor = request.getfixturevalue(persona)
    l1 = lines(running)[("L1", 2027)]
    assert actor.has_perm("plans.read_plan", running)
    with pytest.raises(DomainError, match="Only the L&D author records the realised costs"):
        services.execution_save(
            actor=actor, line=l1, expected_version=l1.lock_version, took_place=TookPlace.FULLY,
            realised_participants=10, fitted_objective=True, realised_funding={},
        )
    with pytest.raises(DomainError, match="only add figures for interventions of the units you manage"):
        services.unit_execution_save(actor=actor, line=l1, expected_version=l1.lock_version,
                                     took_place=TookPlace.FULLY, realised_participants=10)


def test_execution_is_closed_once_the_plan_is_evaluated(running, author):
    running.status = PlanStatus.EVALUATED
    running.save()
    l1 = lines(running)[("L1", 2027)]
    with pytest.raises(DomainError, match="Realised figures cannot be changed while the plan is"):
        services.execution_save(
            actor=author, line=l1, expected_version=l1.lock_version, took_place=TookPlace.FULLY,
            realised_participants=10, fitted_objective=True, realised_funding={},
        )
