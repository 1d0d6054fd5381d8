"""Every page as every role: a crawl of the demo from each persona's dashboard (issue 13).

Each persona of the demo signs in and follows every link it is shown, once per kind of page
(`pagechecks.kind_of`: the path with its ids left out), as a user clicking around would. What it
finds must answer without an HTTP error; the journey checks (tests/e2e/conftest.py) add axe-core
on each kind of page, the console (CSP violations, script errors) and, at the end, the Nu HTML
Checker on all the HTML served. The dashboard of each persona is kept as a screenshot at 1280 and
390 px.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model

from soplan import demo
from tests.e2e import pagechecks
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PERSONAS = {
    "author": "adviseur@soplan.example",
    "line-manager": "manager@soplan.example",
    "board": "bestuurder@soplan.example",
    "or": "or@soplan.example",
    "var": "var@soplan.example",
    "cr": "cr@soplan.example",
    "viewer": "lezer@soplan.example",
    "operator": "admin@soplan.example",
}

# Not pages: signing out ends the crawl, downloads are files (their own tests read them), the
# Django admin is the site administrator's tool with Django's own pages.
NOT_PAGES = ("/account/uitloggen/", "/admin/", "/static/", "/media/", "/pdf/", "/excel/", "/sjabloon/")
MAX_PAGES = 200


def links_on(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    paths = []
    for href in hrefs:
        url = urlsplit(urljoin(page.url, href))
        if f"{url.scheme}://{url.netloc}" != base or any(part in url.path for part in NOT_PAGES):
            continue
        paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def crawl(page, base: str) -> tuple[list[str], list[str]]:
    """Breadth first from the dashboard, each kind of page once: (pages visited, HTTP errors)."""
    queue, kinds, visited, errors = ["/"], {pagechecks.kind_of("GET", "/", 200)}, [], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        response = page.goto(base + path)
        visited.append(path)
        if response is None or response.status >= 400:
            errors.append(f"{path}: HTTP {response.status if response else 'no response'}")
            continue
        for link in links_on(page, base):
            kind = pagechecks.kind_of("GET", link, 200)
            if kind not in kinds:
                kinds.add(kind)
                queue.append(link)
    return visited, errors


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_page_a_persona_can_reach_answers(persona, page, live_server, login, shot):
    demo.seed(password=PASSWORD)
    user = get_user_model().objects.get(username=PERSONAS[persona])
    login(page, user, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, f"crawl-{persona}-dashboard-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, f"crawl-{persona}-dashboard-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    visited, errors = crawl(page, live_server.url)

    assert not errors, f"{persona}: " + "\n".join(errors)
    # The crawl went somewhere: the site operator to starting an organisation, everybody else
    # past the dashboard into the plans.
    if persona == "operator":
        assert "/beheer/organisatie-starten/" in visited, visited
    else:
        assert len(visited) > 10 and any("/plannen/" in p for p in visited), f"{persona} reached only {visited}"
