"""Journeys through steps 1–3: the author drafts a plan; a line manager adds figures; two
authors edit the same theme at once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from plans.models import Plan
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def save(page) -> None:
    """Press the page's primary button (not the language or log-out buttons of the menu)."""
    page.locator("#main form button.btn-primary[type=submit]").click()


def test_the_author_drafts_a_plan_through_steps_1_to_3(page, live_server, login, shot, author, org):
    login(page, author)
    page.click(f"a[href='/o/{org.slug}/plannen/nieuw/']")
    page.fill("#id_title", "Strategisch opleidingsplan")
    page.select_option("#id_start_year", "2027")
    page.select_option("#id_end_year", "2030")
    shot(page, "10-plan-create")
    save(page)

    plan = Plan.objects.get()
    base = f"{live_server.url}/plannen/{plan.pk}"
    expect(page).to_have_url(f"{base}/")
    initial_findings = page.locator(".finding").count()
    assert initial_findings >= 8  # every step still has open points
    shot(page, "11-plan-overview-empty")

    # The plan itself: preface, with a preview of the formatting.
    page.click(f"nav.step-nav a[href='/plannen/{plan.pk}/algemeen/']")
    page.fill("#id_preface", "Dit plan is **samen** met de teams gemaakt.")
    page.click(".markdown-field button")
    expect(page.locator(".markdown-preview strong")).to_have_text("samen")
    save(page)
    expect(page.locator(".alert-success").first).to_be_visible()

    page.click(f"nav.step-nav a[href='/plannen/{plan.pk}/koers/']")
    page.fill("#id_vision", "Wij bieden zorg dichtbij huis en investeren in vakmanschap.")
    save(page)
    expect(page.locator(".alert-success").first).to_be_visible()

    # Step 1: a theme from the pick list, with an objective.
    page.goto(f"{base}/themas/nieuw/")
    page.select_option("#id_kind", "profession")
    page.fill("#id_description", "Meer verpleegkundige deskundigheid dichtbij de cliënt.")
    page.fill("#id_implications", "Meer mbo-4 en hbo; klinisch redeneren voor VIG.")
    save(page)
    expect(page.locator(".theme-card .code-tag").first).to_have_text("T1")
    page.locator(".theme-card a[href$='/doelstellingen/nieuw/']").click()
    page.fill("#id_description", "Elk team heeft een hbo-verpleegkundige.")
    page.fill("#id_indicator", "Aantal teams met hbo-verpleegkundige")
    page.select_option("#id_target_year", "2029")
    save(page)
    expect(page.locator(".objectives .code-tag").first).to_have_text("D1")
    shot(page, "12-themes")

    # Step 2: the learning mix must add up to 100 (R15); the typed texts survive the refusal.
    page.click(f"nav.step-nav a[href='/plannen/{plan.pk}/visie-op-leren/']")
    page.fill("#id_desired_now", "Leren gebeurt vooral in de klas.")
    page.fill("#id_desired_future", "Leren gebeurt vooral op de werkplek.")
    page.fill("#id_mix_on_the_job", "70")
    page.fill("#id_mix_social", "20")
    page.fill("#id_mix_formal", "20")
    expect(page.locator("#mix-total")).to_have_text("110")
    save(page)
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#id_desired_now")).to_have_value("Leren gebeurt vooral in de klas.")
    shot(page, "13-vision-refused")
    page.fill("#id_mix_formal", "10")
    save(page)
    expect(page.locator(".alert-success").first).to_be_visible()

    # Step 3: an intervention; one person is refused with an explanation (R2).
    page.goto(f"{base}/interventies/nieuw/")
    page.fill("#id_title", "Klinisch redeneren voor verzorgenden IG")
    page.check("input[name=level][value=person]")
    save(page)
    expect(page.locator("#div_id_level .invalid-feedback, #div_id_level .text-danger").first).to_contain_text("R2")
    shot(page, "14-intervention-person-refused")
    page.check("input[name=level][value=unit]")
    expect(page.locator("#div_id_units")).to_be_visible()
    page.get_by_label("Team Een", exact=True).check()
    page.locator("#div_id_objectives input[type=checkbox]").first.check()
    for topic in ("disease", "communication", "own_direction", "reflection"):
        page.check(f"input[name=topics][value={topic}]")
    page.check("input[name=work_forms][value=workshop]")
    # R3: no year is ticked in advance; this one runs in the first two years.
    expect(page.locator("input[name=years]:checked")).to_have_count(0)
    page.check("input[name=years][value='2027']")
    page.check("input[name=years][value='2028']")
    page.select_option("#id_horizon", "medium")
    save(page)
    expect(page.locator(".intervention .code-tag").first).to_have_text("L1")
    page.click("#matrix-link")
    expect(page.locator(".matrix-grid tbody tr:not(.matrix-theme)")).to_have_count(1)
    expect(page.locator(".matrix-gap")).to_have_count(0)
    expect(page.locator("#matrix-gaps")).to_contain_text("Elke doelstelling heeft een interventie")
    shot(page, "15-interventions-matrix")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "15-interventions-matrix-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    # R4 and R5: figures per unit, with the chart and the training quota.
    page.goto(f"{base}/kwalificatiemix/")
    page.locator(f"a[href$='/kwalificatiemix/{org.units.get(code='team-1').pk}/']").click()
    page.fill("#id_mbo3_current", "12")
    page.fill("#id_mbo3_desired", "10")
    page.fill("#id_hbo_current", "1")
    page.fill("#id_hbo_desired", "3")
    save(page)
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("#qualification-summary tbody tr")).to_have_count(2)
    shot(page, "16-qualification")

    page.goto(f"{base}/formatie/")
    vig = org.function_groups.get(code="vig")
    page.locator(f"a[href$='/formatie/{org.units.get(code='team-2').pk}/']").click()
    page.fill(f"#id_g{vig.pk}_current_fte", "15")
    page.fill(f"#id_g{vig.pk}_retirement_per_year", "0.8")
    page.fill(f"#id_g{vig.pk}_turnover_per_year", "1.5")
    page.fill(f"#id_g{vig.pk}_growth_per_year", "0.5")
    page.fill(f"#id_g{vig.pk}_internship_places", "3")
    save(page)
    expect(page.locator("#training-quota .stat-value")).to_have_text(re.compile(r"20[,.]0"))
    shot(page, "17-formation")

    page.goto(f"{base}/verbeteracties/nieuw/")
    page.fill("#id_description", "Nulmeting opleidingsniveau per team afronden.")
    save(page)
    expect(page.locator("#main .list-group-item").first).to_contain_text("Nulmeting")

    page.goto(f"{base}/")
    assert page.locator(".finding").count() < initial_findings
    shot(page, "18-plan-overview-progress")


def test_a_line_manager_fills_in_the_formation_of_their_own_unit(page, live_server, login, shot, line_manager, plan, org):
    login(page, line_manager)
    page.locator(f".next-actions a[href='/plannen/{plan.pk}/formatie/']").click()
    own, other = org.units.get(code="team-1"), org.units.get(code="team-2")
    expect(page.locator(f"a[href$='/formatie/{other.pk}/']")).to_have_count(0)
    page.locator(f"a[href$='/formatie/{own.pk}/']").click()
    vpk = org.function_groups.get(code="vpk")
    page.fill(f"#id_g{vpk.pk}_current_fte", "2")
    page.fill(f"#id_g{vpk.pk}_growth_per_year", "1")
    save(page)
    expect(page.locator(".alert-success").first).to_be_visible()
    assert plan.formation_rows.filter(unit=own, function_group=vpk).exists()
    page.goto(f"{live_server.url}/plannen/{plan.pk}/themas/")
    expect(page.locator(f"a[href='/plannen/{plan.pk}/themas/nieuw/']")).to_have_count(0)
    shot(page, "19-line-manager-formation")


def test_two_authors_editing_the_same_theme_do_not_overwrite_each_other(
    browser, live_server, login, shot, author, plan
):
    colleague = factories.person(plan.organisation, roles=["author"])
    theme = plan.themes.get()
    edit = f"{live_server.url}/plannen/{plan.pk}/themas/{theme.pk}/"
    first, second = browser.new_context().new_page(), browser.new_context().new_page()
    login(first, author)
    login(second, colleague)
    first.goto(edit)
    second.goto(edit)
    first.fill("#id_title", "Vakmanschap en trots")
    save(first)
    expect(first.locator(".alert-success").first).to_be_visible()

    second.fill("#id_title", "Vakmanschap in de wijk")
    save(second)
    expect(second.locator("#conflict")).to_contain_text("Vakmanschap en trots")
    expect(second.locator("#conflict")).not_to_contain_text("profession")  # labels, not codes
    expect(second.locator("#id_title")).to_have_value("Vakmanschap in de wijk")
    shot(second, "20-conflict")
    theme.refresh_from_db()
    assert theme.title == "Vakmanschap en trots"
