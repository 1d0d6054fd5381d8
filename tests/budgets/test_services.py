"""The budget services: the rules enforced at entry, the history they write, conflicts, copying."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from budgets import services
from budgets.models import (
    BudgetYear,
    CostEstimate,
    FundingSchemeYear,
    LineFunding,
    YearPlanLine,
    planning_label,
)
from plans.models import PlanStatus
from stakeholders.changes import ConflictError, DomainError
from stakeholders.models import AuditEvent

from .conftest import line


@pytest.fixture
def l1(plan):
    return plan.interventions.get(code="L1")


def test_a_line_is_saved_with_its_split_and_recorded_in_the_history(plan, author, sources, l1):
    org, extra = sources["organisatiebudget"], sources["extra-middelen-wlz"]
    saved = line(plan, author, l1, 2027, {org: Decimal("900.00"), extra: Decimal("2000.00")})
    assert saved.total == Decimal("2900.00")
    assert {f.source.code: f.amount for f in saved.funding.all()} == {
        "organisatiebudget": Decimal("900.00"),
        "extra-middelen-wlz": Decimal("2000.00"),
    }
    events = AuditEvent.objects.filter(scope=f"plan:{plan.pk}", object_type="yearplanline")
    assert [e.action for e in events.order_by("pk")] == ["created", "changed"]
    assert events.order_by("pk").last().changes["funding"] == [
        {}, {"extra-middelen-wlz": "2000.00", "organisatiebudget": "900.00"}
    ]


def test_a_split_that_does_not_add_up_is_refused_and_nothing_is_saved(plan, author, sources, l1):
    with translation.override("en"), pytest.raises(DomainError, match="must add up to the total") as refused:
        line(plan, author, l1, 2027, {sources["organisatiebudget"]: Decimal("2800.00")})
    assert "must add up to the total" in refused.value.message
    assert not YearPlanLine.objects.exists()
    assert not LineFunding.objects.exists()


def test_an_empty_split_may_wait(plan, author, l1):
    saved = line(plan, author, l1, 2027, {})
    assert saved.total == Decimal("2900.00")
    assert not saved.funding.exists()


def test_big_training_on_the_extra_middelen_is_refused_at_entry(plan, author, sources, l1):
    l1.is_big_training = True
    l1.save()
    with translation.override("en"), pytest.raises(DomainError, match="may not be funded from Extra middelen Wlz") as refused:
        line(plan, author, l1, 2027, {sources["extra-middelen-wlz"]: Decimal("2900.00")})
    assert "BIG" in refused.value.message and "(R13)" in refused.value.message
    assert not YearPlanLine.objects.exists()


def test_big_training_on_the_own_budget_is_accepted(plan, author, sources, l1):
    l1.is_big_training = True
    l1.save()
    assert line(plan, author, l1, 2027, {sources["organisatiebudget"]: Decimal("2900.00")}).pk


def test_the_sectorplan_funds_at_most_half_and_not_beside_another_subsidy(plan, author, sources, l1):
    with pytest.raises(DomainError, match="Sectorplan funds at most 50 %"):
        line(plan, author, l1, 2027, {sources["sectorplan"]: Decimal("1500.00"), sources["organisatiebudget"]: Decimal("1400.00")})
    with pytest.raises(DomainError, match="may not come from another subsidy"):
        line(plan, author, l1, 2027, {sources["sectorplan"]: Decimal("1450.00"), sources["praktijkleren"]: Decimal("1450.00")})
    assert line(plan, author, l1, 2027, {sources["sectorplan"]: Decimal("1450.00"), sources["organisatiebudget"]: Decimal("1450.00")}).pk


def test_a_source_outside_its_years_is_refused(plan, author, sources, l1):
    stagefonds = sources["stagefonds"]
    stagefonds.available_until = 2026
    stagefonds.save()
    with pytest.raises(DomainError, match="is not available in 2027"):
        line(plan, author, l1, 2027, {stagefonds: Decimal("2900.00")})


def test_figures_for_a_year_the_intervention_does_not_run_are_refused(plan, author, l1):
    with pytest.raises(DomainError, match="does not run in 2029"):
        line(plan, author, l1, 2029, {})


def test_a_stale_save_is_refused_as_a_conflict(plan, author, sources, l1):
    first = line(plan, author, l1, 2027, {})
    line(plan, author, l1, 2027, {}, expected_version=first.lock_version, participants=12)
    with pytest.raises(ConflictError, match="Somebody else saved"):
        line(plan, author, l1, 2027, {}, expected_version=first.lock_version, participants=8)
    assert YearPlanLine.objects.get().participants == 12


def test_saving_new_figures_over_figures_somebody_else_entered_is_a_conflict(plan, author, l1):
    line(plan, author, l1, 2027, {})
    with pytest.raises(ConflictError, match="Somebody else saved"):
        line(plan, author, l1, 2027, {}, participants=3)  # the form started without figures


def test_the_budget_cannot_change_once_the_plan_is_submitted(plan, author, sources, l1):
    saved = line(plan, author, l1, 2027, {})
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    with pytest.raises(DomainError, match="submitted to the board and can no longer be changed"):
        line(plan, author, l1, 2027, {}, expected_version=saved.lock_version, participants=1)
    with pytest.raises(DomainError, match="submitted to the board and can no longer be changed"):
        services.budget_year_save(actor=author, plan=plan, year=2027, wage_bill=Decimal("1"))
    saved.refresh_from_db()
    saved.plan = plan
    with pytest.raises(DomainError, match="Realised figures cannot be changed while the plan is submitted"):
        services.realised_save(actor=author, line=saved, expected_version=saved.lock_version,
                               realised_participants=9, realised_amount=Decimal("2500"))


def test_realised_figures_are_entered_during_execution(plan, author, l1):
    saved = line(plan, author, l1, 2027, {})
    plan.status = PlanStatus.IN_EXECUTION
    plan.save()
    saved.plan = plan
    services.realised_save(actor=author, line=saved, expected_version=saved.lock_version,
                           realised_participants=9, realised_amount=Decimal("2612.345"))
    saved.refresh_from_db()
    assert (saved.realised_participants, saved.realised_amount) == (9, Decimal("2612.35"))


def test_a_year_is_copied_to_the_next_with_its_splits(plan, author, sources, l1):
    org = sources["organisatiebudget"]
    line(plan, author, l1, 2027, {org: Decimal("2900.00")}, note="Eerste groep", realised_amount=Decimal("100"))
    result = services.year_copy(actor=author, plan=plan, from_year=2027, to_year=2028)
    assert (result.copied, result.kept, result.not_running, result.without_funding) == (1, 0, 0, 0)
    copy = YearPlanLine.objects.get(year=2028)
    assert (copy.participants, copy.total, copy.note, copy.realised_amount) == (10, Decimal("2900.00"), "Eerste groep", None)
    assert [(f.source.code, f.amount) for f in copy.funding.all()] == [("organisatiebudget", Decimal("2900.00"))]


def test_copying_keeps_figures_already_in_the_target_year(plan, author, sources, l1):
    line(plan, author, l1, 2027, {})
    line(plan, author, l1, 2028, {}, participants=4)
    result = services.year_copy(actor=author, plan=plan, from_year=2027, to_year=2028)
    assert (result.copied, result.kept) == (0, 1)
    assert YearPlanLine.objects.get(year=2028).participants == 4


def test_copying_skips_interventions_that_do_not_run_in_the_target_year(plan, author, l1):
    line(plan, author, l1, 2027, {})
    result = services.year_copy(actor=author, plan=plan, from_year=2027, to_year=2029)
    assert (result.copied, result.not_running) == (0, 1)


def test_copying_drops_a_split_that_no_longer_fits_the_rules(plan, author, sources, l1):
    stagefonds = sources["stagefonds"]
    line(plan, author, l1, 2027, {stagefonds: Decimal("2900.00")})
    stagefonds.available_until = 2027
    stagefonds.save()
    result = services.year_copy(actor=author, plan=plan, from_year=2027, to_year=2028)
    assert (result.copied, result.without_funding) == (1, 1)
    assert not YearPlanLine.objects.get(year=2028).funding.exists()


def test_estimates_are_created_changed_and_removed(plan, author):
    theme = plan.themes.get()
    objective = plan.objectives.get()
    services.estimates_save(actor=author, plan=plan, values=[
        services.EstimateValue(theme, None, 2027, Decimal("1000.004")),
        services.EstimateValue(theme, objective, 2027, Decimal("500")),
    ])
    assert sorted(CostEstimate.objects.values_list("amount", flat=True)) == [Decimal("500.00"), Decimal("1000.00")]
    general = CostEstimate.objects.get(objective=None)
    services.estimates_save(actor=author, plan=plan, values=[
        services.EstimateValue(theme, None, 2027, Decimal("1200"), general.lock_version),
        services.EstimateValue(theme, objective, 2027, None),
    ])
    assert list(CostEstimate.objects.values_list("amount", flat=True)) == [Decimal("1200.00")]


def test_budget_year_inputs_and_production_are_replaced(plan, author):
    saved = services.budget_year_save(
        actor=author, plan=plan, year=2027, wage_bill=Decimal("1000000"),
        production=[services.ProductionRow("ZZP VV5", 100, Decimal("250.00"))],
    )
    services.budget_year_save(
        actor=author, plan=plan, year=2027, expected_version=saved.lock_version, day_activities_amount=Decimal("10"),
        production=[services.ProductionRow("ZZP VV6", 50, Decimal("300.00")), services.ProductionRow("VPT VV4", 10, Decimal("100"))],
    )
    stored = BudgetYear.objects.get()
    assert (stored.wage_bill, stored.day_activities_amount, stored.norm_percentage) == (
        Decimal("1000000.00"), Decimal("10.00"), Decimal("2.00"))
    assert [(p.package, p.base) for p in stored.production.all()] == [("ZZP VV6", Decimal("15000.00")), ("VPT VV4", Decimal("1000.00"))]
    assert AuditEvent.objects.filter(object_type="budgetyear", changes__has_key="production").count() == 2


def test_a_year_outside_the_plan_period_is_refused(plan, author):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.budget_year_save(actor=author, plan=plan, year=2031, wage_bill=Decimal("1"))


def test_scheme_values_carry_forward_from_the_latest_year(sources):
    scheme = sources["extra-middelen-wlz"].scheme
    assert [(y.year, y.training_share) for y in scheme.years.all()] == [
        (2016, Decimal("36.00")), (2017, Decimal("38.00")), (2018, Decimal("38.00")),
        (2019, Decimal("41.00")), (2020, Decimal("56.00")),
    ]
    assert [y.national_envelope for y in scheme.years.all()] == [
        Decimal("185.0"), Decimal("160.0"), Decimal("160.0"), Decimal("165.0"), Decimal("210.0")]
    assert scheme.structural_envelope == Decimal("210.0")
    assert all(y.tariff_percentage == Decimal("1.30") for y in scheme.years.all())
    assert scheme.values_for(2027).year == 2020
    assert scheme.values_for(2018).year == 2018
    assert scheme.values_for(2015) is None
    FundingSchemeYear.objects.create(scheme=scheme, year=2028, tariff_percentage=Decimal("1.50"),
                                     training_share=Decimal("60"), day_activities_share=Decimal("40"))
    assert scheme.values_for(2027).year == 2020
    assert scheme.values_for(2029).tariff_percentage == Decimal("1.50")


def test_the_seeded_sources_carry_their_rules_as_data(sources):
    assert set(sources) == {
        "organisatiebudget", "stagefonds", "praktijkleren", "nza-beschikbaarheidsbijdrage",
        "extra-middelen-wlz", "sectorplan", "overig",
    }
    assert sources["extra-middelen-wlz"].excludes_big_training
    assert sources["extra-middelen-wlz"].requires_client_council_consent
    assert sources["sectorplan"].max_share_percent == Decimal("50.00")
    assert sources["sectorplan"].own_share_not_from_subsidy
    assert [s.code for s in sources.values() if s.counts_towards_wage_bill_norm] == ["organisatiebudget"]
    assert not sources["organisatiebudget"].is_subsidy


def test_shares_of_a_scheme_year_must_add_up_to_100(sources):
    from django.core.exceptions import ValidationError

    row = FundingSchemeYear(scheme=sources["extra-middelen-wlz"].scheme, year=2030, tariff_percentage=Decimal("1"),
                            training_share=Decimal("50"), day_activities_share=Decimal("40"))
    with pytest.raises(ValidationError):
        row.full_clean()


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [(1, 12, "whole year"), (4, 6, "Q2"), (7, 12, "Q3–Q4"), (3, 3, "March"), (3, 6, "mar–jun")],
)
def test_the_planning_is_shown_as_quarter_or_months(start, end, label):
    with translation.override("en"):
        assert planning_label(start, end) == label
