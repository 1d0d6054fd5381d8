"""Every page as every role: a crawl of the demo from each persona's dashboard (issue 13).

Each persona of the demo signs in and follows every link it is shown, once per kind of page
(`pagechecks.kind_of`: the path with its ids left out), as a user clicking around would. What it
finds must answer without an HTTP error; the journey checks (tests/e2e/conftest.py) add axe-core
on each kind of page, the console (CSP violations, script errors) and, at the end, the Nu HTML
Checker on all the HTML served. Each page's text must hold no English message of the interface
and no raw value (a Python value, a decimal point). The dashboard of each persona is kept as a screenshot at 1280 and
390 px.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
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
    "coordinator": "coordinator@soplan.example",
}

# Not pages: signing out ends the crawl, downloads are files (their own tests read them), the
# Django admin is the site administrator's tool with Django's own pages.
PO = Path(__file__).resolve().parents[2] / "locale/nl/LC_MESSAGES/django.po"
# What a page shows that no user should read: a Python value, or a decimal with a point.
RAW = re.compile(r"\b(None|True|False)\b|Decimal\(|<QuerySet|\{'|\b\d+\.\d{1,2}\b(?![.\d])")
# "/bewijs/": an evaluation's evidence files (tests/plans/test_evidence_files.py reads them);
# "/planbestand/": the plan as a JSON file (its own tests read it).
NOT_PAGES = ("/account/uitloggen/", "/admin/", "/static/", "/media/", "/pdf/", "/excel/", "/sjabloon/", "/bewijs/",
             "/planbestand/")
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


@cache
def english() -> frozenset[str]:
    """The English texts of the interface (msgids of three words or more without placeholders,
    translated differently): one of them on a Dutch page is a message that was not translated."""
    entries: list[dict[str, list[str]]] = []
    field = None
    for line in PO.read_text(encoding="utf-8").splitlines():
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgstr"):
            if keyword == "msgid":
                entries.append({})
            field = keyword
            entries[-1][field] = [rest[1:-1]]
        elif line.startswith('"') and field and entries:
            entries[-1][field].append(line[1:-1])
        else:
            field = None
    texts = set()
    for entry in entries:
        msgid, msgstr = ("".join(entry.get(k, [])).replace('\\"', '"') for k in ("msgid", "msgstr"))
        if msgstr and msgstr != msgid and len(msgid.split()) >= 3 and not any(c in msgid for c in "%{<\\"):
            texts.add(msgid)
    return frozenset(texts)


def words_on(page, path: str) -> list[str]:
    text = page.inner_text("body")
    problems = [f"{path}: English: {t!r}" for t in english() if t in text]
    problems += [f"{path}: raw value {m.group(0)!r} in …{text[max(0, m.start() - 40):m.end() + 20]!r}…"
                 for m in RAW.finditer(text)]
    return problems


def crawl(page, base: str) -> tuple[list[str], list[str]]:
    """Breadth first from the dashboard, each kind of page once: (pages visited, problems)."""
    queue, kinds, visited, errors = ["/"], {pagechecks.kind_of("GET", "/", 200)}, [], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        response = page.goto(base + path)
        visited.append(path)
        if response is None or response.status >= 400:
            errors.append(f"{path}: HTTP {response.status if response else 'no response'}")
            continue
        errors += words_on(page, path)
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
    elif persona == "coordinator":  # the region's pages, and no plan of any member
        assert any("/doe-agenda/" in p for p in visited) and not any("/plannen/" in p for p in visited), visited
    else:
        assert len(visited) > 10 and any("/plannen/" in p for p in visited), f"{persona} reached only {visited}"


def test_the_word_check_finds_an_untranslated_message_and_a_raw_value(page):
    page.set_content(
        '<!doctype html><html lang="nl"><head><title>t</title></head><body><main>'
        "<p>A closed evaluation can no longer be changed; the board draws its statement from it.</p>"
        "<p>Opleidingsquotum 9.9 per 100 fte, bedrag € 1.234,50, status None</p></main></body></html>"
    )
    problems = words_on(page, "/x/")
    assert len(problems) == 3, problems
    assert "English: 'A closed evaluation can no longer be changed" in problems[0]
    assert [p.split("raw value ")[1].split(" ")[0] for p in problems[1:]] == ["'9.9'", "'None'"]  # not 1.234,50
