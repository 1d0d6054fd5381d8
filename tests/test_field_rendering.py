"""partials/field.html renders a plain form field as crispy-forms does, so that the pages using it
for speed (the vision on learning with seventeen fields, the plan's own forms, Markdown fields)
look and behave like every other form."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.template import engines

from plans.content.forms import (
    ImprovementActionForm,
    KoersForm,
    ObjectiveForm,
    PlanGeneralForm,
    ThemeForm,
    VisionForm,
)
from plans.models import Plan

CRISPY = "{% load crispy_forms_tags %}{{ field|as_crispy_field }}"
OURS = '{% include "partials/field.html" %}'


class _Shape(HTMLParser):
    """Elements with their attributes (classes as a set, order ignored) and the text in them."""

    def __init__(self):
        super().__init__()
        self.items: list = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "class" in attrs:
            attrs["class"] = frozenset(attrs["class"].split())
        self.items.append(("start", tag, frozenset(attrs.items())))

    def handle_endtag(self, tag):
        self.items.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", " ".join(data.split())))


def shape(html: str) -> list:
    parser = _Shape()
    parser.feed(html)
    return parser.items


def render(source: str, form, name: str) -> str:
    # A fresh form per renderer: crispy-forms writes its classes into the widget it renders.
    return engines["django"].from_string(source).render({"field": form[name]})


# (form class, unbound initial, bound data with errors, fields to compare). The vision form has no
# crispy helper (errors in blocks), the others have one (errors inline); required fields, selects,
# number inputs and Markdown text areas with help text are among them.
CASES = {
    "vision": (VisionForm, {"lock_version": 1},
               {"lock_version": "1", "mix_social": "abc", "mix_on_the_job": "500", "desired_now": "Samen leren."},
               ["desired_now", "desired_future", "mix_on_the_job", "mix_social"]),
    "general": (PlanGeneralForm, {"lock_version": 1, "title": "Plan", "start_year": 2027, "end_year": 2030},
                {"lock_version": "1", "title": "", "start_year": "1990", "end_year": "2030"},
                ["title", "start_year", "end_year", "preface"]),
    "koers": (KoersForm, {"lock_version": 1, "vision": "Wij bieden zorg dichtbij."},
              {"lock_version": "x", "vision": "Wij bieden zorg dichtbij."}, ["vision"]),
    "theme": (ThemeForm, {}, {"kind": "no-such-kind", "title": ""}, ["kind", "title", "description", "implications"]),
    # Through item_form.html (versioned_form.html): a required text area with help text, a select
    # of years, a date input.
    "objective": (ObjectiveForm, {}, {"description": "", "target_year": "1900"}, ["description", "indicator", "target_year"]),
    "action": (ImprovementActionForm, {}, {"description": "", "due": "morgen"}, ["description", "responsible", "due"]),
}
KWARGS = {"objective": lambda: {"plan": Plan(start_year=2027, end_year=2030)}}
PARAMS = [(case, state, name) for case, (_form, _initial, _data, names) in CASES.items()
          for state in ("empty", "with errors") for name in names]


@pytest.mark.parametrize(("case", "state", "name"), PARAMS)
def test_a_field_looks_as_crispy_forms_renders_it(case, state, name):
    form_class, initial, data, _names = CASES[case]

    def make():
        extra = KWARGS.get(case, dict)()
        form = form_class(data=data, **extra) if state == "with errors" else form_class(initial=initial, **extra)
        form.is_bound and form.is_valid()
        return form

    crispy_form, our_form = make(), make()  # crispy-forms writes its classes into the widget it renders
    ours = render(OURS, our_form, name)
    assert shape(ours) == shape(render(CRISPY, crispy_form, name))
    if our_form.errors.get(name):
        assert "is-invalid" in ours and 'class="invalid-feedback"' in ours  # the comparison covered errors


def test_a_stored_date_comes_back_in_the_date_picker_for_editing():
    # A browser's date input only takes ISO dates: a localised "31-03-2027" shows an empty field,
    # and saving the form would then clear the date (found by the crawl of every page).
    import datetime as dt

    from django.utils import translation

    form = ImprovementActionForm(initial={"lock_version": 1, "description": "Evalueren", "due": dt.date(2027, 3, 31)})
    with translation.override("nl"):  # the pages are Dutch: dates are 31-03-2027 elsewhere
        html = str(form["due"])
    assert 'type="date"' in html and 'value="2027-03-31"' in html, html
