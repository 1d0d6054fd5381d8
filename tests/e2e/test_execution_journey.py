"""Journey (issue 11): the execution of 2027 in the demo. The L&D author opens "Uitvoering 2027"
from the year plan, reads planned vs realised per intervention, theme and funding source, is
refused in Dutch with the input kept, and records an intervention per funding source. A line
manager sees only the interventions of their own units and records took place and participants.
Screenshots at 1280 and 390 px."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from budgets.models import YearPlanLine
from plans.models import Plan
from soplan.demo import seed

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_author_and_a_line_manager_record_the_execution_of_2027(page, live_server, login, shot):
    seed()
    users = get_user_model().objects
    author, manager = users.get(username="adviseur@soplan.example"), users.get(username="manager@soplan.example")
    plan = Plan.objects.get(organisation__slug="het-voorbeeld", previous__isnull=True)
    lines = list(YearPlanLine.objects.filter(plan=plan, year=2027).select_related("intervention", "plan__organisation")
                 .order_by("intervention__position"))
    own = [line for line in lines if manager.has_perm("plans.record_unit_execution", line)]
    assert own and len(own) < len(lines)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, author, settings.SOPLAN_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/begroting/jaarplan/2027/")
    page.get_by_role("link", name="Uitvoering 2027").click()
    expect(page.locator("h1")).to_have_text("Uitvoering 2027")
    expect(page.locator(".execution-table tbody tr")).to_have_count(len(lines))
    expect(page.locator("#by-theme tbody tr").first).to_contain_text("€")
    expect(page.locator("#by-source")).to_contain_text("Organisatiebudget")
    expect(page.locator("svg.chart")).to_have_count(2)
    shot(page, "execution-01-year-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "execution-02-year-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    target = lines[0]
    page.locator(f"#line-{target.intervention_id}").get_by_role("link", name="Vastleggen").click()
    expect(page.locator("h1")).to_contain_text("uitvoering 2027")
    page.get_by_label("Heeft plaatsgevonden").select_option(label="Niet")
    page.get_by_label("Deelnemers bereikt").fill("12")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#form-errors")).to_contain_text("Een interventie die niet heeft plaatsgevonden")
    expect(page.get_by_label("Deelnemers bereikt")).to_have_value("12")
    shot(page, "execution-03-refused-1280")
    page.get_by_label("Heeft plaatsgevonden").select_option(label="Gedeeltelijk")
    page.get_by_label("Organisatiebudget").fill("1234.50")
    page.get_by_label("Paste bij het doel").select_option(label="Ja")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "execution-04-form-390")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".alert-success")).to_contain_text(f"De uitvoering van {target.intervention.code} in 2027 is opgeslagen.")
    target.refresh_from_db()
    assert (target.took_place, target.realised_participants, target.fitted_objective) == ("partly", 12, True)
    assert target.realised_amount >= 1234

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, manager, settings.SOPLAN_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/begroting/uitvoering/2027/")
    expect(page.locator(".alert-info")).to_contain_text("U ziet de interventies van de eenheden die u aanstuurt")
    expect(page.locator(".execution-table tbody tr")).to_have_count(len(own))
    shot(page, "execution-05-line-manager-1280")
    mine = own[0]
    page.locator(f"#line-{mine.intervention_id}").get_by_role("link", name="Vastleggen").click()
    expect(page.get_by_label("Organisatiebudget")).to_have_count(0)  # the costs stay the author's
    page.get_by_label("Heeft plaatsgevonden").select_option(label="Volledig")
    page.get_by_label("Deelnemers bereikt").fill("7")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "execution-06-line-manager-form-390")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".alert-success")).to_contain_text("is opgeslagen")
    shot(page, "execution-07-line-manager-saved-390")
    mine.refresh_from_db()
    assert (mine.took_place, mine.realised_participants) == ("fully", 7)
