"""Journey: the demo's main pages at 1280 px (a laptop) and 390 px (a phone).

At 1280 px the year plan shows every column, "Gerealiseerd" included, without scrolling. At
390 px no page is wider than the screen: a wide table scrolls inside its own wrapper, which the
keyboard can reach (tabindex) and a screen reader can name (a labelled region). The screenshots
are for a human to look at; the shared checks (axe, HTML, CSP) run on every one.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from plans.models import Plan, PlanStatus
from soplan import demo
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}

# Scroll wrappers that scroll but cannot be reached or named (what axe's rule misses: the name).
UNREACHABLE_SCROLLERS = """() => [...document.querySelectorAll('.table-responsive')]
  .filter(el => el.scrollWidth > el.clientWidth + 1)
  .filter(el => el.getAttribute('tabindex') !== '0' || el.getAttribute('role') !== 'region'
                || !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
  .map(el => el.outerHTML.slice(0, 120))"""


# What sticks out of the page (outside any scroll wrapper), to name in the failure.
STICKING_OUT = """(width) => [...document.body.querySelectorAll('*')]
  .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-responsive'))
  .filter(el => ![...el.children].some(child => child.getBoundingClientRect().right > width + 1))
  .slice(0, 3).map(el => el.outerHTML.slice(0, 100))"""


def pages(plan: Plan, change: Plan) -> dict[str, str]:
    p = {"plan": plan.pk}
    return {
        "dashboard": reverse("plans:dashboard"),
        "plan": reverse("plans:plan", kwargs=p),
        "themes": reverse("plans:themes", kwargs=p),
        "interventions": reverse("plans:interventions", kwargs=p),
        "qualification": reverse("plans:qualification", kwargs=p),
        "formation": reverse("plans:formation", kwargs=p),
        "budget": reverse("budgets:overview", kwargs=p),
        "estimates": reverse("budgets:estimates", kwargs=p),
        "yearplan": reverse("budgets:yearplan", kwargs=p),
        "yearplan-2027": reverse("budgets:yearplan_year", kwargs={**p, "year": 2027}),
        "costs": reverse("budgets:costs", kwargs=p),
        "approval": reverse("plans:approval", kwargs=p),
        "consent": reverse("plans:approval", kwargs={"plan": change.pk}),
        "organisation": plan.organisation.get_absolute_url(),
    }


def test_the_main_pages_fit_a_laptop_and_a_phone(page, live_server, login, shot):
    demo.seed(password=PASSWORD)
    plan = Plan.objects.get(previous=None, status=PlanStatus.IN_EXECUTION)
    change = Plan.objects.get(previous=plan, transitions__action="change_started")
    login(page, get_user_model().objects.get(username="adviseur@soplan.example"), PASSWORD)

    problems = []
    for name, path in pages(plan, change).items():
        page.set_viewport_size(WIDE)
        page.goto(f"{live_server.url}{path}")
        if name == "yearplan-2027":
            realised = page.get_by_role("columnheader", name="Gerealiseerd")
            expect(realised).to_be_visible()
            # Not cut off: the table fits its wrapper, nothing to scroll sideways at 1280 px.
            wrapper = page.locator(".table-responsive", has=realised)
            if wrapper.evaluate("el => el.scrollWidth > el.clientWidth + 1"):
                problems.append("the year plan table does not fit at 1280 px: Gerealiseerd is cut off")
        shot(page, f"layout-{name}-1280")

        page.set_viewport_size(PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            sticking_out = page.evaluate(STICKING_OUT, PHONE["width"])
            problems.append(f"{name} is {width} px wide on a 390 px phone: {sticking_out}")
        problems += [f"{name}: a scrolling table the keyboard cannot reach: {html}" for html in page.evaluate(UNREACHABLE_SCROLLERS)]
        shot(page, f"layout-{name}-390")
    assert not problems, "\n".join(problems)
