"""The load run's script (loadtest/, `make load`) stays in step with the app, without a network:
every page its behaviours visit resolves to the view it is named after, the seed builds logins
for every role the locustfile uses, and the form reader posts what a browser would."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import resolve, reverse

from loadtest import routes
from loadtest.forms import form_with, forms
from loadtest.seed import ROLES, organisation_spec, user_specs
from soplan import demo_content

LOCUSTFILE = Path(__file__).resolve().parents[1] / "loadtest" / "locustfile.py"
IDS = {"plan": 7, "theme": 3, "intervention": 11, "body": 2, "document": 5}


@pytest.mark.parametrize("page", sorted(routes.PAGES))
def test_every_page_of_the_load_run_resolves_to_its_view(page):
    url_name, template = routes.PAGES[page]
    wanted = {name: IDS[name] for name in IDS if "{" + name + "}" in template}
    path = routes.path(page, **wanted)
    assert resolve(path).view_name == url_name
    assert reverse(url_name, kwargs=wanted) == path


def _pages_named_in_locustfile() -> set[str]:
    """The string literals the locustfile passes as a page: to get/save/path/ids_on, or as the
    first element of a (page, plan) choice."""
    tree = ast.parse(LOCUSTFILE.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            on_self = isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "self"
            if (on_self and func.attr in {"get", "save", "ids_on"}) or getattr(func, "id", "") == "path":
                names |= {a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            if getattr(func, "attr", "") == "choice":
                for arg in node.args:
                    for element in getattr(arg, "elts", []):
                        if isinstance(element, ast.Tuple) and isinstance(element.elts[0], ast.Constant):
                            names.add(element.elts[0].value)
                        elif isinstance(element, ast.Constant) and isinstance(element.value, str):
                            names.add(element.value)
    return names


def test_the_locustfile_names_only_pages_the_routes_know():
    named = _pages_named_in_locustfile()
    # Would fail if the AST walk found nothing (a rename of the helpers), or a page were unknown.
    assert {"login", "theme (save)", "comment (save)", "consent (save)", "document request"} <= named
    assert named <= set(routes.PAGES), named - set(routes.PAGES)


def test_the_seed_gives_every_organisation_its_own_logins_and_slug():
    one, two = user_specs(1, demo_content.USERS), user_specs(2, demo_content.USERS)
    emails = [spec[1] for spec in one + two + list(demo_content.USERS)]
    assert len(emails) == len(set(emails))
    assert {spec[0] for spec in one} >= set(ROLES)
    assert organisation_spec(3, demo_content.ORGANISATION)["slug"] == "load-03"
    assert organisation_spec(3, demo_content.ORGANISATION)["name"] != demo_content.ORGANISATION["name"]


def test_the_form_reader_submits_what_a_browser_would():
    html = """
    <form method="get" action="/zoek/"><input name="q" value="x"></form>
    <form method="post" action="">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok">
      <input name="title" value="Thema &amp; doel">
      <textarea name="description">
Regel een</textarea>
      <select name="year"><option value="2027">2027</option><option value="2028" selected>2028</option></select>
      <select name="units" multiple><option value="1" selected>a</option><option value="2" selected>b</option></select>
      <input type="checkbox" name="flag" value="on">
      <input type="radio" name="decision" value="consented"><input type="radio" name="decision" value="refused">
      <input type="submit" name="go" value="Opslaan">
    </form>"""
    assert len(forms(html)) == 2
    form = form_with(html, "description")
    assert form.values() == {
        "csrfmiddlewaretoken": "tok",
        "title": "Thema & doel",
        "description": "Regel een",
        "year": "2028",
        "units": ["1", "2"],
    }
    assert form.has("decision")
    with pytest.raises(LookupError, match="no form with 'q'"):
        form_with(html, "q")  # a GET form, no CSRF token
