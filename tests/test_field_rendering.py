"""partials/field.html renders a plain form field as crispy-forms does, so that the pages using it
for speed (the vision on learning: seventeen fields) look and behave like every other form."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.template import engines

from plans.forms import VisionForm

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


def render(source: str, form: VisionForm, name: str) -> str:
    # A fresh form per renderer: crispy-forms writes its classes into the widget it renders.
    return engines["django"].from_string(source).render({"field": form[name]})


FORMS = {
    "empty": lambda: VisionForm(initial={"lock_version": 1}),
    "with errors": lambda: VisionForm(data={"lock_version": "1", "mix_social": "abc", "mix_on_the_job": "500",
                                            "desired_now": "Teams leren samen."}),
}


@pytest.mark.parametrize("state", FORMS)
@pytest.mark.parametrize("name", ["desired_now", "desired_future", "mix_on_the_job", "mix_social"])
def test_a_vision_field_looks_as_crispy_forms_renders_it(state, name):
    crispy_form, our_form = FORMS[state](), FORMS[state]()
    for form in (crispy_form, our_form):
        form.is_bound and form.is_valid()
    ours = render(OURS, our_form, name)
    assert shape(ours) == shape(render(CRISPY, crispy_form, name))
    if state == "with errors" and name.startswith("mix_"):
        assert "is-invalid" in ours and 'class="invalid-feedback"' in ours  # the check means something
