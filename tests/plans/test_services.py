"""The plan services: codes, rules R1–R3 and R15, editability, conflicts and the audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans.content import figures, services
from plans.models import Plan, PlanStatus, Theme
from stakeholders.changes import ConflictError, DomainError
from stakeholders.models import AuditEvent
from tests import factories


def test_codes_are_handed_out_in_order_and_never_reused(plan, author):
    t2 = services.theme_create(actor=author, plan=plan, title="Tweede")
    t3 = services.theme_create(actor=author, plan=plan, title="Derde")
    assert (t2.code, t3.code) == ("T2", "T3")
    services.theme_delete(actor=author, theme=t3)
    t4 = services.theme_create(actor=author, plan=plan, title="Vierde")
    assert t4.code == "T4"  # T3 is gone but its code is not handed out again


def test_a_plan_must_span_several_years_r1(org, author):
    with pytest.raises(ValidationError) as caught:
        services.plan_create(actor=author, organisation=org, title="Eén jaar", start_year=2027, end_year=2027)
    assert "end_year" in caught.value.message_dict


def test_an_intervention_for_one_person_is_refused_r2(plan, author):
    with pytest.raises(ValidationError) as caught:
        services.intervention_create(actor=author, plan=plan, title="Coaching voor één medewerker", level="person")
    assert "operational year plan" in caught.value.message_dict["level"][0]


def test_an_organisation_wide_intervention_takes_no_units_r2(plan, author, org):
    with pytest.raises(DomainError, match="An organisation-wide intervention is not tied to units"):
        services.intervention_create(
            actor=author, plan=plan, title="Leiderschap", level="organisation", units=[org.units.first()]
        )


def test_an_objective_may_have_several_interventions_and_years_stay_in_the_period_r3(plan, author):
    objective = plan.objectives.get()
    second = services.intervention_create(
        actor=author, plan=plan, title="Intervisie", objectives=[objective], years=[2030, 2029, 2029]
    )
    assert second.years == [2029, 2030]  # sorted, without duplicates
    assert objective.interventions.count() == 2
    with pytest.raises(ValidationError) as caught:
        services.intervention_create(actor=author, plan=plan, title="Te laat", years=[2031])
    assert "years" in caught.value.message_dict


def test_references_to_another_organisation_are_refused(plan, author, other_org):
    foreign_unit = other_org.units.first()
    with pytest.raises(DomainError, match="A unit belongs to another organisation"):
        services.intervention_create(actor=author, plan=plan, title="X", level="unit", units=[foreign_unit])


def test_the_learning_mix_must_add_up_to_100_r15(plan, author):
    points = {"desired": ("nu", "straks")}
    with pytest.raises(DomainError, match="The learning mix must add up to 100 %"):
        services.vision_update(
            actor=author, plan=plan, expected_version=plan.lock_version, points=points,
            mix_on_the_job=70, mix_social=20, mix_formal=20,
        )
    services.vision_update(
        actor=author, plan=plan, expected_version=plan.lock_version, points=points,
        mix_on_the_job=70, mix_social=20, mix_formal=10,
    )
    plan.refresh_from_db()
    assert plan.mix_total == 100
    assert plan.vision_points.get(point="desired").future == "straks"


def test_a_stale_save_is_refused_and_nothing_is_overwritten(plan, author):
    theme = plan.themes.get()
    version_seen_by_both = theme.lock_version
    services.theme_update(actor=author, theme=theme, expected_version=version_seen_by_both, title="Eerste")
    stale = Theme.objects.get(pk=theme.pk)
    with pytest.raises(ConflictError, match="Somebody else saved") as caught:
        services.theme_update(actor=author, theme=stale, expected_version=version_seen_by_both, title="Tweede")
    assert caught.value.current.title == "Eerste"
    assert Theme.objects.get(pk=theme.pk).title == "Eerste"


def test_every_change_is_attributable(plan, author):
    theme = plan.themes.get()
    services.theme_update(actor=author, theme=theme, expected_version=theme.lock_version, title="Nieuwe titel")
    event = AuditEvent.objects.filter(scope=services.scope(plan), action="changed", object_type="theme").first()
    assert event.actor == author
    assert event.changes == {"title": ["Vakmanschap", "Nieuwe titel"]}


def test_nothing_changes_once_the_plan_is_past_drafting(plan, author):
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status"])
    with pytest.raises(DomainError, match="submitted to the board and can no longer be changed"):
        services.theme_create(actor=author, plan=plan, title="Te laat")


def test_shortening_the_period_is_refused_while_interventions_run_outside_it(plan, author):
    with pytest.raises(DomainError, match="run outside the new period") as caught:
        services.plan_update(actor=author, plan=plan, expected_version=plan.lock_version, start_year=2028)
    assert "L1" in caught.value.message


def test_deleting_a_theme_deletes_its_objectives_but_keeps_interventions(plan, author):
    theme = plan.themes.get()
    services.theme_delete(actor=author, theme=theme)
    assert plan.objectives.count() == 0
    assert plan.interventions.count() == 1


def test_moving_swaps_neighbours(plan, author):
    second = services.theme_create(actor=author, plan=plan, title="Tweede")
    services.move(actor=author, item=second, direction=-1)
    assert [t.code for t in plan.themes.all()] == ["T2", "T1"]
    services.move(actor=author, item=second, direction=-1)  # already first: nothing happens
    assert [t.code for t in plan.themes.all()] == ["T2", "T1"]


def test_line_managers_add_figures_only_for_their_own_units(plan, line_manager, org):
    own, other = org.units.get(code="team-1"), org.units.get(code="team-2")
    child = org.units.get(code="team-1a")  # below the managed unit: also theirs
    group = org.function_groups.get(code="vpk")
    values = dict(current_fte=Decimal("3"), retirement_per_year=Decimal("0"), turnover_per_year=Decimal("0.5"),
                  growth_per_year=Decimal("1"), internship_places=Decimal("1"))
    figures.formation_row_save(actor=line_manager, plan=plan, unit=own, function_group=group, **values)
    figures.formation_row_save(actor=line_manager, plan=plan, unit=child, function_group=group, **values)
    with pytest.raises(DomainError, match="You can only add figures for the units you manage"):
        figures.formation_row_save(actor=line_manager, plan=plan, unit=other, function_group=group, **values)


def test_a_council_member_cannot_add_figures(plan, or_member, org):
    with pytest.raises(DomainError, match="You can only add figures for the units you manage"):
        figures.qualification_row_save(
            actor=or_member, plan=plan, unit=org.units.first(), level="hbo",
            current_fte=Decimal("1"), desired_fte=Decimal("2"), target_year=2030,
        )


def test_training_need_counts_outflow_and_growth_but_not_below_zero(plan, author, org):
    group = org.function_groups.get(code="vpk")
    row = figures.formation_row_save(
        actor=author, plan=plan, unit=org.units.get(code="team-2"), function_group=group,
        current_fte=Decimal("10"), retirement_per_year=Decimal("1"), turnover_per_year=Decimal("0.5"),
        growth_per_year=Decimal("-3"), internship_places=Decimal("0"),
    )
    assert row.outflow_per_year == Decimal("1.5")
    assert row.training_need_per_year == Decimal("0")


def test_two_organisations_number_their_items_independently(plan, author, other_org, outsider):
    other = factories.plan(other_org, outsider)
    assert other.themes.get().code == "T1"


def test_an_edit_started_before_the_submission_is_refused_after_it(org, author):
    plan = factories.complete_plan(org, author)
    stale_theme = plan.themes.select_related("plan").get()  # with its plan, loaded while a draft
    assert stale_theme.plan.status == PlanStatus.DRAFT
    from plans.approval import services as lifecycle

    lifecycle.submit_plan(actor=author, plan=Plan.objects.get(pk=plan.pk))
    with pytest.raises(DomainError, match="submitted to the board and can no longer be changed"):
        services.theme_update(actor=author, theme=stale_theme, expected_version=stale_theme.lock_version,
                              title="Na het indienen")
    assert Theme.objects.get(pk=stale_theme.pk).title != "Na het indienen"


def test_the_services_themselves_refuse_anyone_but_the_author(plan, viewer, line_manager, board_member):
    theme = plan.themes.get()
    for persona in (viewer, line_manager, board_member):
        with pytest.raises(DomainError, match="Only the L&D author changes the plan"):
            services.theme_update(actor=persona, theme=theme, expected_version=theme.lock_version, title="X")
        with pytest.raises(DomainError, match="Only the L&D author changes the plan"):
            services.intervention_create(actor=persona, plan=plan, title="X")
    assert plan.themes.get().title == "Vakmanschap"
