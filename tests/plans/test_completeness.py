"""The completeness check for steps 1–3: each rule with a case that passes and one that fails."""

from __future__ import annotations

from decimal import Decimal

from plans.content import figures, services
from plans.content.completeness import evaluate
from plans.models import Topic, VisionPoint
from tests import factories


def rules(plan) -> set[tuple[str, str]]:
    return {(f.rule, f.severity) for f in evaluate(plan).findings}


def messages(plan) -> str:
    return "\n".join(f.message for f in evaluate(plan).findings)


def complete(plan, author):
    """Fill the parts the fixture plan leaves open, so that a single gap can be tested."""
    services.vision_update(
        actor=author, plan=plan, expected_version=plan.lock_version,
        points={p.value: ("nu", "straks") for p in VisionPoint},
        mix_on_the_job=70, mix_social=20, mix_formal=10,
    )
    services.intervention_create(
        actor=author, plan=plan, title="Vier onderwerpen", objectives=list(plan.objectives.all()),
        topics=[t.value for t in Topic], years=[2027], work_forms=["intervision"], horizon="short",
    )
    org = plan.organisation
    for code in ("team-2", "team-1a"):
        figures.formation_row_save(
            actor=author, plan=plan, unit=org.units.get(code=code), function_group=org.function_groups.get(code="vig"),
            current_fte=Decimal("10"), retirement_per_year=Decimal("0"), turnover_per_year=Decimal("1"),
            growth_per_year=Decimal("0"), internship_places=Decimal("2"),
        )
    factories.budget(plan, author)  # step 5, so that only the gap under test remains
    factories.consult(plan, author)  # step 4 (R6): discussed in a consultation round
    plan.refresh_from_db()
    return plan


def test_a_complete_plan_has_no_findings(plan, author):
    complete(plan, author)
    assert evaluate(plan).findings == []


def test_an_empty_plan_lists_what_is_missing_per_step(org, author):
    plan = services.plan_create(actor=author, organisation=org, title="Leeg", start_year=2027, end_year=2030)
    report = evaluate(plan)
    sections = {f.section for f in report.blocking}
    assert sections == {"general", "koers", "themes", "vision", "interventions", "qualification", "formation", "actions"}
    assert report.current_step() == "1"


def test_an_objective_without_intervention_is_a_gap_r3(plan, author):
    complete(plan, author)
    theme = plan.themes.get()
    services.objective_create(actor=author, theme=theme, description="Nog zonder interventie", indicator="x", target_year=2028)
    assert ("R3", "blocking") in rules(plan)
    assert "has no learning intervention yet" in messages(plan)


def test_the_four_mandatory_topics_must_each_be_addressed_r12(plan, author):
    complete(plan, author)
    last = plan.interventions.order_by("-pk").first()
    services.intervention_update(
        actor=author, intervention=last, expected_version=last.lock_version,
        topics=["disease", "communication", "own_direction"],
    )
    assert ("R12", "blocking") in rules(plan)
    assert "Team reflection" in messages(plan)


def test_a_mix_that_does_not_add_up_blocks_r15(plan, author):
    complete(plan, author)
    plan.mix_formal = 20  # as an import of an old file could leave it
    plan.save(update_fields=["mix_formal"])
    assert ("R15", "blocking") in rules(plan)


def test_a_unit_level_intervention_needs_units_r2(plan, author):
    complete(plan, author)
    intervention = plan.interventions.first()
    intervention.units.clear()
    assert ("R2", "blocking") in rules(plan)


def test_an_intervention_without_horizon_is_a_suggestion_r23(plan, author):
    complete(plan, author)
    intervention = plan.interventions.first()
    services.intervention_update(actor=author, intervention=intervention, expected_version=intervention.lock_version, horizon="")
    assert rules(plan) == {("R23", "warning")}


def test_the_training_quota_below_the_regional_reference_is_a_suggestion_r20(plan, author):
    complete(plan, author)
    for row in plan.formation_rows.all():
        figures.formation_row_save(
            actor=author, plan=plan, unit=row.unit, function_group=row.function_group,
            current_fte=row.current_fte, retirement_per_year=row.retirement_per_year,
            turnover_per_year=row.turnover_per_year, growth_per_year=row.growth_per_year,
            internship_places=Decimal("0.5"), expected_version=row.lock_version,
        )
    assert rules(plan) == {("R20", "warning")}


def staff_department(plan, author, *, fte: str = "100", places: str = "0"):
    """A unit without care staff (a staff department) with formation figures of a care group."""
    from stakeholders import services as org_services

    org = plan.organisation
    unit = org_services.unit_create(
        actor=author, organisation=org, code="staf", name="Stafbureau", fte=Decimal("6"), is_care_staff=False
    )
    figures.formation_row_save(
        actor=author, plan=plan, unit=unit, function_group=org.function_groups.get(code="vig"),
        current_fte=Decimal(fte), retirement_per_year=Decimal("1"), turnover_per_year=Decimal("2"),
        growth_per_year=Decimal("0"), internship_places=Decimal(places),
    )
    return unit


def test_the_training_quota_ignores_units_without_care_staff_r20(plan, author):
    complete(plan, author)
    staff_department(plan, author)  # 100 FTE without places would bring the quota to 4.6
    assert evaluate(plan).findings == []


def test_a_unit_without_care_staff_needs_no_formation_figures_r5(plan, author):
    from stakeholders import services as org_services

    complete(plan, author)
    org_services.unit_create(
        actor=author, organisation=plan.organisation, code="staf", name="Stafbureau", fte=Decimal("6"),
        is_care_staff=False,
    )
    assert "Stafbureau has staff" not in messages(plan)
    assert evaluate(plan).findings == []


def test_formation_figures_of_units_without_care_staff_alone_do_not_describe_the_formation_r5(plan, author):
    complete(plan, author)
    plan.formation_rows.all().delete()
    staff_department(plan, author)
    assert ("R5", "blocking") in rules(plan)


def test_the_formation_summary_counts_care_staff_of_care_units_only_r5_r20(plan, author):
    from plans.content.selectors import formation_summary
    from stakeholders import services as org_services

    org = plan.organisation
    support = org_services.function_group_create(
        actor=author, organisation=org, code="facilitair", name="Facilitair", qualification_level="mbo2",
        is_care_staff=False,
    )
    figures.formation_row_save(  # a care unit, a group that is no care staff: FTE yes, care FTE no
        actor=author, plan=plan, unit=org.units.get(code="team-1"), function_group=support,
        current_fte=Decimal("4"), retirement_per_year=Decimal("0"), turnover_per_year=Decimal("0.5"),
        growth_per_year=Decimal("0"), internship_places=Decimal("0"),
    )
    staff_department(plan, author, fte="50", places="3")  # counts for nothing
    summary = formation_summary(list(plan.formation_rows.select_related("unit", "function_group")))
    # The fixture's row: team-1, vig, 10 FTE, outflow 1.5, 2 places.
    assert summary.current_fte == Decimal("14")
    assert summary.care_fte == Decimal("10")
    assert summary.outflow_per_year == Decimal("2")
    assert summary.internship_places == Decimal("2")
    assert summary.quota == Decimal("20.0")


def test_missing_formation_and_qualification_block_r4_r5(plan, author):
    complete(plan, author)
    plan.qualification_rows.all().delete()
    plan.formation_rows.all().delete()
    assert {("R4", "blocking"), ("R5", "blocking")} <= rules(plan)


def test_a_team_without_formation_figures_is_a_suggestion_but_a_division_is_not(plan, author, org):
    complete(plan, author)
    plan.formation_rows.filter(unit__code="team-2").delete()
    assert "Team Twee has staff" in messages(plan)
    assert "Team Een has staff" not in messages(plan)  # it has sub-units; its teams carry the figures


def test_the_page_report_is_reused_until_the_plan_changes(plan, author, django_assert_num_queries):
    from plans.content.completeness import evaluate_for_page

    first = evaluate_for_page(plan)
    with django_assert_num_queries(0):  # the state comes from the cache's marks; no check runs again
        again = evaluate_for_page(plan, content=object())  # content would break the checks if used
    assert again.findings == first.findings
    theme = plan.themes.get()
    services.theme_update(actor=author, theme=theme, expected_version=theme.lock_version, description="")
    changed = evaluate_for_page(plan)
    assert len(changed.blocking) == len(first.blocking) + 1  # the empty description is found at once


def test_a_change_marks_the_plan_state_again_when_it_commits(plan, author, django_capture_on_commit_callbacks):
    """Another process may compute the report between a write and its commit, from the data
    before the write, and cache it under the mark it then reads. The mark set after the commit
    makes that entry unreachable."""
    from django.core.cache import cache

    from plans.content.completeness import plan_state

    before = plan_state(plan)
    theme = plan.themes.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.theme_update(actor=author, theme=theme, expected_version=theme.lock_version, title="Nieuw")
        during = plan_state(plan)
        cache.set(f"soplan:report:{during}", ["computed from the data before the commit"])
    assert during != before  # the writer's own request sees its change at once
    for callback in callbacks:
        callback()
    after = plan_state(plan)
    assert after not in (before, during)


def test_a_lost_mark_gives_a_new_state_never_an_old_one(plan):
    from django.core.cache import cache

    from plans.content.completeness import plan_state

    first = plan_state(plan)
    cache.delete(f"soplan:mark:organisation:{plan.organisation_id}")  # evicted, or Redis restarted
    assert plan_state(plan) != first


def test_reference_data_saved_in_the_admin_changes_every_plan_state(client, plan, other_org):
    from django.contrib.auth import get_user_model

    from budgets.models import FundingSource
    from plans.content.completeness import plan_state
    from tests import factories

    other_plan = factories.plan(other_org, factories.person(other_org, roles=["author"]))
    source = FundingSource.objects.first()
    admin = get_user_model().objects.create_superuser("beheer@example.test", "beheer@example.test", "x-Beheer-2027")
    client.force_login(admin)
    before = plan_state(plan), plan_state(other_plan)
    response = client.post(
        f"/admin/budgets/fundingsource/{source.pk}/change/",
        {**_admin_form(client, f"/admin/budgets/fundingsource/{source.pk}/change/"), "name": "Opleidingsbudget (nieuw)"},
    )
    assert response.status_code == 302, response.content[:2000]
    assert plan_state(plan) != before[0]
    assert plan_state(other_plan) != before[1]


def _admin_form(client, url: str) -> dict:
    """The values an admin change form shows, as its POST would send them unchanged."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    return data
