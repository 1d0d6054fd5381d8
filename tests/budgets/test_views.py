"""The budget pages: who may read and edit, the inline year-plan editor, and the other forms."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import BudgetYear, CostEstimate, YearPlanLine
from plans.models import PlanStatus

READERS = ["line_manager", "viewer", "board_member", "or_member", "var_member", "cr_member"]
HTMX = {"HTTP_HX_REQUEST": "true"}


def pages(plan):
    intervention = plan.interventions.get(code="L1")
    kw = {"plan": plan.pk}
    return [
        reverse("budgets:overview", kwargs=kw),
        reverse("budgets:estimates", kwargs=kw),
        reverse("budgets:yearplan", kwargs=kw),
        reverse("budgets:yearplan_year", kwargs={**kw, "year": 2027}),
        reverse("budgets:line_row", kwargs={**kw, "year": 2027, "intervention": intervention.pk}),
        reverse("budgets:funding", kwargs=kw),
        reverse("budgets:funding_year", kwargs={**kw, "year": 2027}),
        reverse("budgets:costs", kwargs=kw),
        reverse("budgets:excel", kwargs=kw),
    ]


def line_url(plan, year=2027, code="L1"):
    intervention = plan.interventions.get(code=code)
    return reverse("budgets:line_edit", kwargs={"plan": plan.pk, "year": year, "intervention": intervention.pk})


def line_post(sources, **changes):
    data = {
        "start_month": "3", "end_month": "6", "participants": "10", "profile": "Verzorgende IG",
        "learning_outcome": "Kan het.", "cost_per_participant": "100.00", "replacement_hours": "4",
        "hourly_rate": "35.00", "other_costs": "500.00", "note": "", "realised_participants": "",
        "realised_amount": "", "lock_version": "",
        f"f_{sources['organisatiebudget'].pk}": "2900.00",
    }
    data.update(changes)
    return data


# Reading ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["author", *READERS])
def test_everyone_in_the_organisation_reads_the_budget(client_of, request, budget_plan, persona):
    client = client_of(request.getfixturevalue(persona))
    for url in pages(budget_plan):
        assert client.get(url).status_code == 200, url


def test_an_outsider_sees_nothing_of_the_budget(client_of, budget_plan, outsider):
    client = client_of(outsider)
    for url in [*pages(budget_plan), line_url(budget_plan)]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("perm", ["budgets.read_budget", "budgets.edit_budget", "budgets.edit_realised"])
def test_outsiders_have_no_budget_permission(plan, outsider, perm):
    assert not outsider.has_perm(perm, plan)


# Editing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_readers_cannot_edit_anything(client_of, request, budget_plan, sources, persona):
    user = request.getfixturevalue(persona)
    assert user.has_perm("budgets.read_budget", budget_plan)
    assert not user.has_perm("budgets.edit_budget", budget_plan)
    assert not user.has_perm("budgets.edit_realised", budget_plan)
    client = client_of(user)
    kw = {"plan": budget_plan.pk}
    before = YearPlanLine.objects.get(intervention__code="L1", year=2027).lock_version
    assert client.get(line_url(budget_plan)).status_code == 403
    assert client.post(line_url(budget_plan), line_post(sources, participants="1")).status_code == 403
    assert client.post(reverse("budgets:estimates", kwargs=kw), {}).status_code == 403
    assert client.post(reverse("budgets:funding_year", kwargs={**kw, "year": 2027}), {}).status_code == 403
    assert client.get(reverse("budgets:year_copy", kwargs={**kw, "year": 2027})).status_code == 403
    assert YearPlanLine.objects.get(intervention__code="L1", year=2027).lock_version == before
    page = client.get(reverse("budgets:yearplan_year", kwargs={**kw, "year": 2027})).content.decode()
    assert "data-hx-get" not in page  # no edit buttons


def test_the_author_edits_while_the_plan_is_drafted(author, budget_plan):
    assert author.has_perm("budgets.edit_budget", budget_plan)
    budget_plan.status = PlanStatus.CONSULTATION
    assert author.has_perm("budgets.edit_budget", budget_plan)
    budget_plan.status = PlanStatus.SUBMITTED
    assert not author.has_perm("budgets.edit_budget", budget_plan)
    assert not author.has_perm("budgets.edit_realised", budget_plan)
    budget_plan.status = PlanStatus.IN_EXECUTION
    assert not author.has_perm("budgets.edit_budget", budget_plan)
    assert author.has_perm("budgets.edit_realised", budget_plan)


def test_a_submitted_plan_cannot_be_edited_by_its_author(client_of, author, budget_plan, sources):
    budget_plan.status = PlanStatus.SUBMITTED
    budget_plan.save()
    client = client_of(author)
    assert client.get(line_url(budget_plan)).status_code == 403
    assert client.post(line_url(budget_plan), line_post(sources)).status_code == 403


def test_during_execution_the_year_plan_sends_the_author_to_the_execution_page(client_of, author, budget_plan):
    """After adoption the realised figures are recorded per funding source on the execution page
    (issue 11), so the year plan's editor hands over to it: one place, one realised total."""
    budget_plan.status = PlanStatus.IN_EXECUTION
    budget_plan.save()
    row = YearPlanLine.objects.get(intervention__code="L1", year=2027)
    client = client_of(author)
    target = reverse("budgets:execution_line", kwargs={"plan": budget_plan.pk, "year": 2027, "intervention": row.intervention_id})
    assert client.get(line_url(budget_plan), **HTMX)["HX-Redirect"] == target
    response = client.post(line_url(budget_plan), {"realised_amount": "2750.50", "participants": "99"})
    assert response.status_code == 302 and response["Location"] == target
    row.refresh_from_db()
    assert (row.participants, row.realised_amount) == (10, None)
    page = client.get(reverse("budgets:yearplan_year", kwargs={"plan": budget_plan.pk, "year": 2027})).content.decode()
    assert target in page


# The inline editor (htmx) ---------------------------------------------------------------------------


def test_the_editor_opens_inline_with_defaults_from_the_intervention(client_of, author, budget_plan):
    YearPlanLine.objects.filter(intervention__code="L1", year=2028).delete()
    intervention = budget_plan.interventions.get(code="L1")
    intervention.learning_outcome = "Herkent dementie."
    intervention.save()
    page = client_of(author).get(line_url(budget_plan, 2028), **HTMX).content.decode()
    assert page.lstrip().startswith('<tr id="line-')
    assert "<html" not in page
    assert "Herkent dementie." in page  # learning outcome from the intervention
    assert 'value="Verzorgende IG"' in page  # profile from its function groups


def test_a_split_that_does_not_add_up_is_refused_with_the_input_kept(client_of, author, budget_plan, sources):
    YearPlanLine.objects.filter(intervention__code="L1", year=2028).delete()
    client = client_of(author)
    response = client.post(
        line_url(budget_plan, 2028),
        line_post(sources, participants="7", **{f"f_{sources['organisatiebudget'].pk}": "1000.00"}),
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="line-editor"' in page and "form-errors" in page
    assert 'value="7"' in page and 'value="1000.00"' in page  # nothing typed was lost
    assert not YearPlanLine.objects.filter(intervention__code="L1", year=2028).exists()


def test_a_forced_post_of_big_training_on_the_extra_middelen_is_refused_not_dropped_r13(
    client_of, author, budget_plan, sources
):
    YearPlanLine.objects.filter(intervention__code="L2", year=2027).delete()
    extra = f"f_{sources['extra-middelen-wlz'].pk}"
    client = client_of(author)
    editor = client.get(line_url(budget_plan, 2027, "L2"), **HTMX).content.decode()
    assert re.search(rf'<input[^>]*name="{extra}"[^>]*disabled', editor)  # the browser sends nothing
    response = client.post(
        line_url(budget_plan, 2027, "L2"),
        line_post(sources, participants="5", other_costs="250.00",
                  **{f"f_{sources['organisatiebudget'].pk}": "", extra: "1450.00"}),
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and "mag niet uit Extra middelen Wlz worden betaald" in errors[0] and "(R13)" in errors[0]
    assert re.search(rf'<input[^>]*name="{extra}"[^>]*value="1450.00"', page)  # nothing typed was lost
    assert not YearPlanLine.objects.filter(intervention__code="L2", year=2027).exists()


def test_a_valid_row_is_saved_and_the_totals_and_open_points_are_refreshed(client_of, author, budget_plan, sources):
    YearPlanLine.objects.filter(intervention__code="L1", year=2028).delete()
    response = client_of(author).post(line_url(budget_plan, 2028), line_post(sources), **HTMX)
    page = response.content.decode()
    saved = YearPlanLine.objects.get(intervention__code="L1", year=2028)
    assert (saved.start_month, saved.end_month, saved.total) == (3, 6, Decimal("2900.00"))
    assert saved.profile == ""  # unchanged default: follows the intervention
    assert saved.learning_outcome == "Kan het."
    assert page.lstrip().startswith(f'<tr id="line-{saved.intervention_id}"')
    assert 'id="yearplan-totals" data-hx-swap-oob="true"' in page
    assert 'id="page-findings" data-hx-swap-oob="true"' in page
    assert "2.900,00" in page


def test_without_htmx_the_editor_is_a_page_and_saving_redirects(client_of, author, budget_plan, sources):
    YearPlanLine.objects.filter(intervention__code="L1", year=2028).delete()
    client = client_of(author)
    page = client.get(line_url(budget_plan, 2028))
    assert b"<html" in page.content and b'data-line-form' in page.content
    refused = client.post(line_url(budget_plan, 2028), line_post(sources, participants="8"))
    assert refused.status_code == 200 and b"form-errors" in refused.content
    response = client.post(line_url(budget_plan, 2028), line_post(sources))
    intervention = budget_plan.interventions.get(code="L1")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/jaarplan/2028/#line-{intervention.pk}")


def test_a_conflicting_save_keeps_the_input_and_says_so(client_of, author, budget_plan, sources):
    row = YearPlanLine.objects.get(intervention__code="L1", year=2028)
    data = line_post(sources, participants="10", lock_version=str(row.lock_version - 1))
    response = client_of(author).post(line_url(budget_plan, 2028), data, **HTMX)
    assert b'id="conflict"' in response.content
    assert b'value="3" selected' in response.content or b'<option value="3" selected>' in response.content
    row.refresh_from_db()
    assert row.start_month == 1


def test_the_row_is_shown_again_on_cancel(client_of, author, budget_plan):
    intervention = budget_plan.interventions.get(code="L1")
    url = reverse("budgets:line_row", kwargs={"plan": budget_plan.pk, "year": 2027, "intervention": intervention.pk})
    page = client_of(author).get(url, **HTMX).content.decode()
    assert page.lstrip().startswith(f'<tr id="line-{intervention.pk}" class="line-row')


def test_figures_of_a_year_the_intervention_left_are_deleted_after_confirmation(client_of, author, budget_plan):
    from plans.content import services as plan_services

    l1 = budget_plan.interventions.get(code="L1")
    plan_services.intervention_update(actor=author, intervention=l1, expected_version=l1.lock_version, years=[2027, 2028, 2029])
    row = YearPlanLine.objects.get(intervention=l1, year=2030)
    url = reverse("budgets:line_delete", kwargs={"plan": budget_plan.pk, "year": 2030, "intervention": l1.pk})
    client = client_of(author)
    page = client.get(reverse("budgets:yearplan_year", kwargs={"plan": budget_plan.pk, "year": 2030})).content.decode()
    assert f'id="line-{l1.pk}" class="line-row table-warning' in page and url in page
    assert client.get(url).status_code == 200
    assert client.post(url, {"lock_version": row.lock_version}).status_code == 302
    assert not YearPlanLine.objects.filter(pk=row.pk).exists()


def test_a_year_is_copied_from_its_page(client_of, author, budget_plan):
    YearPlanLine.objects.filter(year=2028).delete()
    url = reverse("budgets:year_copy", kwargs={"plan": budget_plan.pk, "year": 2027})
    client = client_of(author)
    assert b'value="2028" selected' in client.get(url).content
    response = client.post(url, {"to_year": "2028"})
    assert response.status_code == 302
    assert YearPlanLine.objects.filter(year=2028).count() == 1  # L2 does not run in 2028


# Estimates and the wage-bill / extra-middelen inputs --------------------------------------------------


def test_the_estimate_grid_saves_and_refuses_negative_amounts_keeping_the_input(client_of, author, budget_plan):
    theme = budget_plan.themes.get()
    objective = budget_plan.objectives.get()
    url = reverse("budgets:estimates", kwargs={"plan": budget_plan.pk})
    client = client_of(author)
    data = {}
    for year in budget_plan.years:
        estimate = CostEstimate.objects.get(year=year)
        data[f"e_{theme.pk}_0_{year}"] = "3000.00"
        data[f"ve_{theme.pk}_0_{year}"] = str(estimate.lock_version)
    data[f"e_{theme.pk}_{objective.pk}_2029"] = "-5"
    refused = client.post(url, data)
    assert refused.status_code == 200 and b'value="-5"' in refused.content
    data[f"e_{theme.pk}_{objective.pk}_2029"] = "1234.56"
    data[f"e_{theme.pk}_0_2030"] = ""
    assert client.post(url, data).status_code == 302
    assert sorted((e.year, e.objective_id or 0, e.amount) for e in CostEstimate.objects.all()) == [
        (2027, 0, Decimal("3000.00")), (2028, 0, Decimal("3000.00")),
        (2029, 0, Decimal("3000.00")), (2029, objective.pk, Decimal("1234.56")),
    ]


def test_the_wage_bill_and_production_of_a_year_are_saved(client_of, author, plan, sources):
    url = reverse("budgets:funding_year", kwargs={"plan": plan.pk, "year": 2028})
    data = {
        "wage_bill": "18600000.00", "norm_percentage": "2.00", "day_activities_amount": "90000",
        "note": "Toelichting", "lock_version": "",
        "production-TOTAL_FORMS": "3", "production-INITIAL_FORMS": "0",
        "production-MIN_NUM_FORMS": "0", "production-MAX_NUM_FORMS": "40",
        "production-0-package": "ZZP VV5 incl. behandeling", "production-0-days": "18980", "production-0-max_tariff": "300.00",
        "production-1-package": "VPT VV5", "production-1-days": "", "production-1-max_tariff": "",
    }
    client = client_of(author)
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert b"is-invalid" in refused.content and b'value="VPT VV5"' in refused.content
    assert not BudgetYear.objects.exists()
    data["production-1-days"], data["production-1-max_tariff"] = "3650", "210.00"
    assert client.post(url, data).status_code == 302
    stored = BudgetYear.objects.get(year=2028)
    assert stored.wage_bill == Decimal("18600000.00")
    assert [(p.package, p.days) for p in stored.production.all()] == [("ZZP VV5 incl. behandeling", 18980), ("VPT VV5", 3650)]
    page = client.get(reverse("budgets:funding", kwargs={"plan": plan.pk})).content.decode()
    assert "€\u00a0372.000" in page  # 2 % of 18.6 million


def test_the_landing_page_says_what_to_do_next(client_of, author, plan, sources):
    page = client_of(author).get(reverse("budgets:overview", kwargs={"plan": plan.pk})).content.decode()
    assert 'id="next-step"' in page
    assert reverse("budgets:estimates", kwargs={"plan": plan.pk}) in page


def test_the_excel_download_is_a_workbook(client_of, viewer, budget_plan):
    response = client_of(viewer).get(reverse("budgets:excel", kwargs={"plan": budget_plan.pk}))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="begroting-org-a-2027-2030.xlsx"' in response["Content-Disposition"]
    assert response.content[:2] == b"PK"


def test_stored_figures_are_shown_in_the_inputs_unlocalised(client_of, author, budget_plan, sources):
    # A Dutch page formats 1444.00 as "1.444,00", which a number input does not accept.
    client = client_of(author)
    editor = client.get(line_url(budget_plan), **HTMX).content.decode()
    assert f'name="f_{sources["organisatiebudget"].pk}"' in editor
    assert 'value="1444.00"' in editor and 'value="1456.00"' in editor
    grid = client.get(reverse("budgets:estimates", kwargs={"plan": budget_plan.pk})).content.decode()
    assert grid.count('value="3000.00"') == 4
    year = client.get(reverse("budgets:funding_year", kwargs={"plan": budget_plan.pk, "year": 2027})).content.decode()
    assert 'value="200"' in year and 'value="1000.00"' in year and 'value="100000.00"' in year
