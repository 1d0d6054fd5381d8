"""The plan editor pages: what each persona may see and do, and that refusals keep the input."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from plans.models import Intervention, Plan, PlanStatus, Theme, ThemeKind
from tests import factories


def url(name: str, plan, **kwargs) -> str:
    return reverse(name, kwargs={"plan": plan.pk, **kwargs})


def test_the_author_creates_a_plan_and_lands_on_its_overview(client_of, author, org):
    response = client_of(author).post(
        reverse("plans:plan_create", kwargs={"org": org.slug}),
        {"title": "Strategisch opleidingsplan", "start_year": 2027, "end_year": 2030},
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.vision_points.count() == 7
    assert plan.created_by == author


def test_a_plan_of_one_year_is_refused_with_the_input_kept_r1(client_of, author, org):
    response = client_of(author).post(
        reverse("plans:plan_create", kwargs={"org": org.slug}),
        {"title": "Mijn eenjarige titel", "start_year": 2027, "end_year": 2027},
    )
    assert response.status_code == 200
    assert "end_year" in response.context["form"].errors
    assert "Mijn eenjarige titel" in response.content.decode()
    assert not Plan.objects.exists()


def test_only_the_author_may_start_a_plan(client_of, viewer, org):
    response = client_of(viewer).post(
        reverse("plans:plan_create", kwargs={"org": org.slug}), {"title": "X", "start_year": 2027, "end_year": 2030}
    )
    assert response.status_code == 403


def test_a_picked_theme_takes_its_title_from_the_pick_list_in_the_users_language(client_of, author, plan):
    client_of(author).post(url("plans:theme_add", plan), {"kind": "digitalisation", "title": "", "description": "D"})
    with translation.override("nl"):  # the author's interface language, so the plan's text is Dutch
        expected = str(ThemeKind.DIGITALISATION.label)
    assert plan.themes.get(kind="digitalisation").title == expected


def test_two_people_editing_a_theme_the_second_save_is_refused_and_nothing_is_lost(client, author, plan):
    from tests import factories

    colleague = factories.person(plan.organisation, roles=["author"])
    theme = plan.themes.get()
    edit = url("plans:theme_edit", plan, theme=theme.pk)
    form = {"kind": "profession", "description": "Beschrijving.", "implications": "Gevolgen.",
            "lock_version": theme.lock_version}

    client.force_login(author)
    assert client.post(edit, {**form, "title": "Titel van de auteur"}).status_code == 302

    client.force_login(colleague)
    response = client.post(edit, {**form, "title": "Titel van de collega"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="conflict"' in page and "Titel van de auteur" in page  # the other person's version
    assert 'value="Titel van de collega"' in page  # the colleague's own input is kept
    assert Theme.objects.get(pk=theme.pk).title == "Titel van de auteur"

    # Having seen both, the colleague saves again on purpose and wins.
    response = client.post(edit, {**form, "title": "Titel van de collega", "lock_version": theme.lock_version + 1})
    assert response.status_code == 302
    assert Theme.objects.get(pk=theme.pk).title == "Titel van de collega"


def test_a_person_level_intervention_is_refused_with_an_explanation_r2(client_of, author, plan):
    response = client_of(author).post(
        url("plans:intervention_add", plan), {"title": "Coaching voor Jan", "level": "person", "years": [2027]}
    )
    assert response.status_code == 200
    assert "level" in response.context["form"].errors
    assert not Intervention.objects.filter(title="Coaching voor Jan").exists()


def test_a_new_intervention_starts_with_no_year_ticked_r3(client_of, author, plan):
    page = client_of(author).get(url("plans:intervention_add", plan)).content.decode()
    years = re.findall(r'<input[^>]*name="years"[^>]*>', page)
    assert len(years) == len(plan.years)
    assert not [box for box in years if "checked" in box]


def test_an_intervention_without_a_year_is_refused_in_dutch_with_the_input_kept_r3(client_of, author, plan):
    response = client_of(author).post(
        url("plans:intervention_add", plan), {"title": "Mijn jaarloze training", "level": "organisation"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["years"] == ["Vink het jaar of de jaren aan waarin deze interventie plaatsvindt (R3)."]
    assert "Mijn jaarloze training" in response.content.decode()
    assert not Intervention.objects.filter(title="Mijn jaarloze training").exists()


def test_an_intervention_keeps_only_the_years_ticked_r3(client_of, author, plan):
    response = client_of(author).post(
        url("plans:intervention_add", plan), {"title": "Eenmalige training", "level": "organisation", "years": [2028]}
    )
    assert response.status_code == 302
    assert Intervention.objects.get(title="Eenmalige training").years == [2028]


def test_the_formation_page_marks_a_unit_without_care_staff_r5_r20(client_of, author, plan, org):
    from stakeholders import services as org_services

    staff = org_services.unit_create(actor=author, organisation=org, code="staf", name="Stafbureau", is_care_staff=False)
    page = client_of(author).get(url("plans:formation", plan)).content.decode()
    marked = re.findall(r'<tr id="unit-(\d+)"[^>]*>\s*<th[^>]*>[^<]*<span class="[^"]*not-care-staff">([^<]*)<', page)
    assert marked == [(str(staff.pk), "geen zorgpersoneel: telt niet mee (R5, R20)")]


def test_the_vision_form_refuses_a_mix_that_does_not_add_up_and_keeps_the_texts_r15(client_of, author, plan):
    response = client_of(author).post(
        url("plans:vision", plan),
        {"lock_version": plan.lock_version, "desired_now": "Mijn zorgvuldig getypte tekst",
         "mix_on_the_job": 60, "mix_social": 20, "mix_formal": 10},
    )
    assert response.status_code == 200
    assert "Mijn zorgvuldig getypte tekst" in response.content.decode()
    plan.refresh_from_db()
    assert plan.mix_on_the_job is None


@pytest.mark.parametrize("persona", ["viewer", "or_member", "var_member", "cr_member", "board_member", "line_manager"])
def test_readers_see_the_plan_but_cannot_change_its_content(request, client_of, plan, persona):
    user = request.getfixturevalue(persona)
    client = client_of(user)
    theme = plan.themes.get()
    page = client.get(url("plans:themes", plan))
    assert page.status_code == 200
    assert url("plans:theme_add", plan) not in page.content.decode()
    for target in (url("plans:theme_add", plan), url("plans:theme_edit", plan, theme=theme.pk),
                   url("plans:theme_delete", plan, theme=theme.pk), url("plans:plan_edit", plan),
                   url("plans:intervention_add", plan)):
        assert client.post(target, {"title": "Overschreven", "kind": "custom"}).status_code == 403, target
    assert Theme.objects.get(pk=theme.pk).title == "Vakmanschap"


def test_a_line_manager_fills_in_the_formation_of_their_own_unit_only(client_of, line_manager, plan, org):
    client = client_of(line_manager)
    own, other = org.units.get(code="team-1a"), org.units.get(code="team-2")
    group = org.function_groups.get(code="vpk")
    figures = {f"g{group.pk}_current_fte": "4", f"g{group.pk}_turnover_per_year": "0.5",
               f"g{group.pk}_retirement_per_year": "0", f"g{group.pk}_growth_per_year": "-1",
               f"g{group.pk}_internship_places": "1"}
    response = client.post(url("plans:formation_unit", plan, unit=own.pk), figures)
    assert response.status_code == 302
    row = plan.formation_rows.get(unit=own, function_group=group)
    assert str(row.growth_per_year) == "-1.00"
    assert client.get(url("plans:formation_unit", plan, unit=other.pk)).status_code == 403
    assert client.post(url("plans:formation_unit", plan, unit=other.pk), figures).status_code == 403
    formation_page = client.get(url("plans:formation", plan)).content.decode()
    assert url("plans:formation_unit", plan, unit=own.pk) in formation_page
    assert url("plans:formation_unit", plan, unit=other.pk) not in formation_page


def test_the_qualification_mix_of_a_unit_is_saved_and_cleared_per_level_r4(client_of, author, plan, org):
    unit = org.units.get(code="team-1")
    client = client_of(author)
    existing = plan.qualification_rows.get(unit=unit, level="mbo3")
    response = client.post(url("plans:qualification_unit", plan, unit=unit.pk), {
        "target_year": 2030, "hbo_current": "1.5", "hbo_desired": "3", "mbo3_current": "", "mbo3_desired": "",
        "mbo3_version": existing.lock_version,
    })
    assert response.status_code == 302
    assert {r.level: (str(r.current_fte), str(r.desired_fte)) for r in plan.qualification_rows.all()} == {
        "hbo": ("1.50", "3.00")
    }


def test_nothing_can_be_edited_after_submission(client_of, author, plan):
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    client = client_of(author)
    assert client.get(url("plans:themes", plan)).status_code == 200
    assert client.post(url("plans:theme_add", plan), {"kind": "custom", "title": "Te laat"}).status_code == 403


def test_the_history_page_says_who_changed_what(client_of, author, plan):
    theme = plan.themes.get()
    client = client_of(author)
    client.post(url("plans:theme_edit", plan, theme=theme.pk),
                {"kind": "profession", "title": "Vakmanschap en trots", "lock_version": theme.lock_version})
    page = client.get(url("plans:history", plan)).content.decode()
    assert author.get_full_name() in page
    assert "Vakmanschap en trots" in page


def test_the_preview_renders_formatting_but_never_raw_html(client_of, author, plan):
    response = client_of(author).post(
        url("plans:preview", plan), {"text": "**vet** <script>alert(1)</script> [link](javascript:alert(1))"}
    )
    body = response.content.decode()
    assert "<strong>vet</strong>" in body
    assert "<script>" not in body
    assert "javascript:" not in body


def test_the_matrix_marks_objectives_without_interventions_r3(client_of, author, plan):
    from plans.content import services

    services.objective_create(actor=author, theme=plan.themes.get(), description="Zonder interventie")
    page = client_of(author).get(url("plans:interventions_matrix", plan)).content.decode()
    assert page.count('<tr class="matrix-gap">') == 1


def test_figures_come_back_into_the_number_inputs_unlocalised(client_of, author, plan, org):
    # A Dutch "10,00" in <input type=number> is dropped by the browser: the field would look empty.
    unit = org.units.get(code="team-1")
    client = client_of(author)
    formation = client.get(url("plans:formation_unit", plan, unit=unit.pk)).content.decode()
    qualification = client.get(url("plans:qualification_unit", plan, unit=unit.pk)).content.decode()
    assert 'value="10.00"' in formation and 'value="0.50"' in formation
    assert 'value="10.00"' in qualification and 'value="8.00"' in qualification
    assert 'value="10,00"' not in formation + qualification


def test_the_step_navigator_follows_every_change_although_it_is_cached(client_of, author, plan, monkeypatch):
    """The navigator is rendered once per state of the plan (plan_base.html); a change to the
    plan must show in it on the next page view."""
    from plans.content import services
    from plans.content.completeness import Report, evaluate

    client = client_of(author)
    url = reverse("plans:koers", kwargs={"plan": plan.pk})

    def navigator() -> str:
        return client.get(url).content.decode().split('class="step-nav', 1)[1].split("</nav>", 1)[0]

    def open_points() -> int:
        return len(evaluate(Plan.objects.get(pk=plan.pk)).findings)

    before, points_before = navigator(), open_points()
    built = []
    monkeypatch.setattr(Report, "navigator", lambda self: built.append(1) or [])
    assert navigator() == before and built == []  # the same state: the fragment from the cache
    services.objective_create(actor=author, theme=plan.themes.first(), description="Een doel zonder interventie")
    assert open_points() > points_before  # R3 among them: an objective no intervention serves
    monkeypatch.undo()
    assert navigator() != before


def test_the_matrix_shows_objectives_in_plan_order_against_the_interventions_with_gaps_marked(client_of, author, plan):
    from plans.content import services as content_services

    theme = plan.themes.get()
    second = content_services.theme_create(actor=author, plan=plan, kind="custom", title="Samen leren", description="x")
    d_new = content_services.objective_create(actor=author, theme=second, description="Iedereen leert mee.")
    d_late = content_services.objective_create(actor=author, theme=theme, description="Later toegevoegd doel.")
    response = client_of(author).get(reverse("plans:interventions_matrix", kwargs={"plan": plan.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    first = plan.objectives.filter(theme=theme).order_by("position").first()
    # Plan order: the objectives of T1 (also the one added last), then those of the second theme.
    assert html.index(f">{first.code}<") < html.index(f">{d_late.code}<") < html.index(f">{d_new.code}<")
    gaps = re.findall(r'<tr class="matrix-gap">\s*<th scope="row"[^>]*><span class="code-tag">(\w+)</span>', html)
    assert gaps == [d_late.code, d_new.code]
    assert html.count("<span aria-hidden=\"true\">●</span>") == plan.interventions.get().objectives.count()


def test_an_outsider_does_not_see_the_matrix(client_of, outsider, plan):
    response = client_of(outsider).get(reverse("plans:interventions_matrix", kwargs={"plan": plan.pk}))
    assert response.status_code == 404


def _approval_entry(html: str) -> str:
    start = html.index('href="/plannen/', html.index("step-nav"))
    entry = re.search(r'<a href="[^"]*/goedkeuring/"[^>]*>.*?</a>', html[start:], flags=re.S)
    return entry.group(0)


def test_guidance_follows_the_status_past_drafting(client_of, org, author, board_member, or_member, var_member):
    from plans.approval import services as lifecycle

    plan = factories.complete_plan(org, author)
    version = lifecycle.submit_plan(actor=author, plan=plan)
    lifecycle.approve_plan(actor=board_member, plan=plan, expected_sha256=version.sha256, consent_deadlines={})
    client = client_of(author)
    waiting = client.get(url("plans:plan", plan)).content.decode()
    # Step 6 shows that decisions are pending, not a tick, while a council has not decided.
    assert "bi-hourglass-split" in _approval_entry(waiting)
    assert "bi-check-circle-fill" not in _approval_entry(waiting)
    assert "voordat het plan kan worden ingediend" not in waiting  # it has suggestions, and was submitted
    assert "voorbij de conceptfase: deze punten zijn ter informatie" in waiting


def test_a_draft_says_what_stands_in_the_way_of_submitting(client_of, author, plan):
    html = client_of(author).get(url("plans:plan", plan)).content.decode()
    assert "voordat het plan kan worden ingediend" in html
    assert "bi-circle " in _approval_entry(html) or 'bi-circle"' in _approval_entry(html)
