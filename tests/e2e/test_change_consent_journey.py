"""Journey (art. 27 WOR, R9): the VAR chair opens the demo's pending change, reads in one minute
what changed, and consents; the change is adopted as version 2."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from plans.models import Plan, PlanStatus
from soplan import demo

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo-password-for-tests"


def test_the_var_reads_the_summary_of_the_change_and_consents(page, live_server, login, shot):
    demo.seed(password=PASSWORD)
    adopted = Plan.objects.get(previous=None, status=PlanStatus.IN_EXECUTION)
    change = Plan.objects.get(previous=adopted, transitions__action="change_started")
    var = get_user_model().objects.get(username="var@soplan.example")

    login(page, var, PASSWORD)
    page.goto(f"{live_server.url}/plannen/{change.pk}/goedkeuring/")
    page.locator("#record-var").click()

    summary = page.locator(".diff-summary-list")
    expect(summary).to_contain_text("Leerinterventies: 1 toegevoegd (L15 Valpreventie")
    expect(summary).to_contain_text("Verder is niets gewijzigd.")
    # The summary and the decision form are on the first screen; the details wait for a click.
    form = page.locator("#consent-form")
    assert form.bounding_box()["y"] < page.viewport_size["height"]
    details = page.locator(".plan-diff-details")
    expect(details.locator(".plan-diff")).not_to_be_visible()
    shot(page, "change-consent-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    # On a phone the steps of the plan fold away: the summary and the form come first.
    expect(page.locator("#plan-steps")).not_to_be_visible()
    assert summary.bounding_box()["y"] < 844
    shot(page, "change-consent-390")
    details.locator("summary").click()
    expect(details.locator(".plan-diff")).to_be_visible()
    expect(details).to_contain_text("Jaren")
    shot(page, "change-consent-details-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.check('input[name="decision"][value="consented"]')
    page.locator("#confirm-consent").click()
    expect(page.locator("#plan-status")).to_have_text("Vastgesteld")
    change.refresh_from_db()
    assert change.status == PlanStatus.ADOPTED
    assert change.versions.get().number == 2
    shot(page, "change-consent-adopted")
