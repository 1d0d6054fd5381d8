"""Hostile input: control characters are dropped on the way in, and text stored before that
cannot break the outputs (Excel, PDF, e-mail)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms
from django.urls import reverse

from soplan.fields import CleanInputMixin
from soplan.text import clean_text

CONTROL = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]))


def test_clean_text_drops_control_characters_and_keeps_the_layout():
    assert clean_text(f"Zorg{CONTROL} voor\telkaar\r\nen 😀 \u200fעברית") == "Zorg voor\telkaar\r\nen 😀 \u200fעברית"


def _project_forms():
    for app in ("soplan", "stakeholders", "plans", "budgets"):
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or info.name.endswith(("settings", "wsgi", "asgi")):
                continue
            module = importlib.import_module(info.name)
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == info.name:
                    yield value


def test_every_form_of_the_project_cleans_its_input():
    found = list(_project_forms())
    assert len(found) > 30
    assert [f.__qualname__ for f in found if not issubclass(f, CleanInputMixin)] == []


def test_a_control_character_typed_in_a_theme_title_is_not_stored(client_of, author, plan):
    response = client_of(author).post(
        reverse("plans:theme_add", kwargs={"plan": plan.pk}),
        {"kind": "custom", "title": "Zorg\x01 voor\x85 elkaar\x00", "description": "Regel\x0b één\nregel twee"},
    )
    assert response.status_code == 302
    theme = plan.themes.get(title__startswith="Zorg")
    assert (theme.title, theme.description) == ("Zorg voor elkaar", "Regel één\nregel twee")
