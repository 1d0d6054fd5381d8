"""Journey: the error pages in the browser, under the Content-Security-Policy.

The shared checks of every journey (tests/e2e/conftest.py) look at each: no CSP violation in the
console, no serious accessibility problem, valid HTML. The 500 page carries its own inline style
(Django renders it without a request); the policy allows exactly that style by its hash.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@login_not_required
def _broken(request):
    raise RuntimeError("a defect")


urlpatterns = [path("kapot/", _broken)]  # only for the 500 below (settings.ROOT_URLCONF)


def test_a_viewer_meets_the_404_403_and_500_pages_styled_and_with_a_way_back(page, live_server, login, shot, viewer, plan, settings):
    login(page, viewer)
    response = page.goto(f"{live_server.url}/plannen/999999/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Pagina niet gevonden")
    shot(page, "error-404")

    response = page.goto(f"{live_server.url}/plannen/{plan.pk}/themas/nieuw/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Geen toegang")
    shot(page, "error-403")

    settings.ROOT_URLCONF = __name__
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    response = page.goto(f"{live_server.url}/kapot/")
    assert response.status == 500
    expect(page.locator("h1")).to_have_text("Er ging iets mis")
    # Its inline style applied: the policy allows it by its hash (a refused style is also a CSP
    # violation in the console, which fails the journey).
    expect(page.locator("header")).to_have_css("background-color", "rgb(255, 255, 255)")
    expect(page.get_by_role("link", name="Naar het overzicht")).to_be_visible()
    shot(page, "error-500")
