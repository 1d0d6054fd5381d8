"""Journey (R17, R11): the L&D author evaluates 2027 in the browser and closes the evaluation;
the board draws the statement 2028 from it, explaining the objective not met; the works
council reads the evaluation. Then the demo's evaluation as a council member reads it on a phone.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from plans.content import services as content
from plans.evaluation import services
from plans.models import BoardStatement, Plan
from soplan.demo import seed
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_author_evaluates_and_the_board_explains_what_was_not_met(
    page, live_server, login, shot, org, author, board_member, or_member, var_member, cr_member
):
    plan = factories.complete_plan(org, author)
    objective = content.objective_create(
        actor=author, theme=plan.themes.first(), description="Verzuim onder de 5 %.", indicator="verzuimcijfer",
        target_year=2028,
    )
    plan.interventions.first().objectives.add(objective)
    factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member, cr_member])
    # 2027 has begun in this story (the service takes the date; the pages do not care).
    services.evaluation_start(actor=author, plan=plan, year=2027, today=dt.date(2028, 1, 15))
    first, second = plan.objectives.order_by("theme__position", "position", "pk")[:2]

    login(page, author)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/evaluatie/")
    expect(page.locator("h1")).to_have_text("Uitvoering en evaluatie")
    page.get_by_role("link", name="Evaluatie 2027").click()
    expect(page.locator("h1")).to_contain_text("Evaluatie 2027")
    block = page.locator(f"#objective-{first.code}")
    block.get_by_label("Gerealiseerd", exact=True).check()
    block.get_by_label("Gemeten waarde").fill("4 van de 5 teams")
    block.get_by_label("Medewerkerstevredenheidsonderzoek (MTO)").check()
    other = page.locator(f"#objective-{second.code}")
    other.get_by_label("Niet gerealiseerd").check()
    other.get_by_label("Gemeten waarde").fill("7,1 %")
    other.get_by_label("Verzuimcijfers").check()
    page.get_by_label("Conclusies", exact=True).fill("De meeste doelen liggen op koers.")
    page.get_by_label("Alleen het opleidingsjaarplan wijzigt").check()
    shot(page, "evaluation-01-form")
    page.get_by_role("button", name="Evaluatie opslaan").click()
    expect(page.locator(".alert-success")).to_contain_text("De evaluatie is opgeslagen.")
    page.get_by_role("button", name="Evaluatie afsluiten").click()
    expect(page.locator(".alert-success").first).to_contain_text("De evaluatie van 2027 is afgesloten.")
    expect(page.get_by_role("button", name="Evaluatie opslaan")).to_have_count(0)
    shot(page, "evaluation-02-closed")

    page.context.clear_cookies()
    login(page, board_member)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/evaluatie/2027/")
    page.get_by_role("link", name="Bestuursverklaring 2028 opstellen").click()
    expect(page.locator("#met-title + ul")).to_contain_text(first.code)
    page.get_by_label("Verklaring").fill("Het plan wordt in 2028 uitgevoerd zoals vastgesteld.")
    page.get_by_role("button", name="De bestuursverklaring afgeven").click()
    # Refused with the input kept: the objective not met needs the board's explanation (R11).
    expect(page.locator("#form-errors")).to_contain_text("Alles wat u hebt ingevuld, is bewaard.")
    expect(page.locator(".invalid-feedback").first).to_contain_text("Licht dit doel toe (R11).")
    expect(page.get_by_label("Verklaring")).to_have_value("Het plan wordt in 2028 uitgevoerd zoals vastgesteld.")
    page.get_by_label(f"{second.code}: waarom niet gehaald").fill("Coaching op de werkplek start in 2028.")
    shot(page, "evaluation-03-statement")
    page.get_by_role("button", name="De bestuursverklaring afgeven").click()
    expect(page.locator("h1")).to_contain_text("Bestuursverklaring 2028")
    statement = BoardStatement.objects.get(plan=plan, year=2028)
    assert statement.objectives_met is False
    assert statement.explanation == f"{second.code}: Coaching op de werkplek start in 2028."
    shot(page, "evaluation-04-statement-issued")

    # The author starts the next cycle from the evaluation page and lands on the carried objectives.
    page.context.clear_cookies()
    login(page, author)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/evaluatie/")
    page.get_by_role("button", name="Volgende cyclus starten").click()
    expect(page.locator(".alert-success").first).to_contain_text("De volgende cyclus is gestart")
    expect(page.locator(f"#objective-{plan.successors.get().objectives.get(code=second.code).pk}")).to_contain_text(
        "Niet gerealiseerd in het vorige plan"
    )
    shot(page, "evaluation-05-next-cycle")

    page.context.clear_cookies()
    login(page, or_member)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/evaluatie/2027/")
    expect(page.locator(f"#objective-{second.code}")).to_contain_text("Niet gerealiseerd")
    expect(page.get_by_role("button", name="Evaluatie opslaan")).to_have_count(0)


def test_a_council_member_reads_the_demo_evaluation_on_a_phone(page, live_server, login, shot):
    seed()
    member = get_user_model().objects.get(username="or@soplan.example")
    plan = Plan.objects.get(organisation__slug="het-voorbeeld", previous__isnull=True)
    login(page, member, settings.SOPLAN_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/evaluatie/")
    expect(page.locator("li.list-group-item", has_text="2027")).to_contain_text("geëvalueerd")
    page.get_by_role("link", name="Evaluatie 2027").click()
    expect(page.locator("main .badge.text-bg-danger").first).to_contain_text("niet gerealiseerd")
    shot(page, "evaluation-06-demo-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "evaluation-07-demo-390")
    # The plan over the years, from the organisation's page.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/o/{plan.organisation.slug}/")
    page.get_by_role("link", name="Het plan door de jaren").click()
    expect(page.locator("#plan-years tbody tr")).to_have_count(4)
    expect(page.locator("#plan-years tbody tr").first).to_contain_text("Evaluatie 2027")
    shot(page, "evaluation-08-over-the-years-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "evaluation-09-over-the-years-390")
