"""Hostile input: control characters are dropped on the way in, and text stored before that
cannot break the outputs (Excel, PDF, e-mail)."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re

import pytest
from django import forms
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.content.models import Plan
from plans.documents import rendering
from plans.interchange import services as interchange
from plans.interchange.format import InterchangeError
from plans.notifications import services as notifications
from plans.notifications.models import Notification, NotificationKind
from soplan.fields import CleanInputMixin
from soplan.text import clean_text
from tests.plans import pdf_support

CONTROL = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]))
# What can have been stored before the cleaning: PostgreSQL refuses NUL in text and JSON outright.
STORABLE_CONTROL = CONTROL.replace("\x00", "")


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


# --- The importer ------------------------------------------------------------------------


def _document(plan) -> dict:
    document = interchange.export_plan(plan)
    document["organisation"]["slug"] = "elders"
    return document


def _nested(depth: int) -> list:
    node: list = []
    for _level in range(depth):
        node = [node]
    return node


def test_the_importer_drops_control_characters_from_the_texts(plan):
    document = _document(plan)
    document["plan"]["themes"][0]["title"] = "Zorg\x1b[31m voor\x9b elkaar"
    document["plan"]["themes"][0]["objectives"][0]["indicator"] = "Tab\tblijft,\x07 bel niet"
    imported = interchange.import_plan(document)
    theme = imported.themes.get()
    assert theme.title == "Zorg[31m voor elkaar"
    assert imported.objectives.get().indicator == "Tab\tblijft, bel niet"


def test_the_importer_refuses_a_nul_character_and_names_the_field(plan):
    document = _document(plan)
    document["plan"]["themes"][0]["title"] = "Zorg\x00voor elkaar"
    with pytest.raises(InterchangeError, match=r"plan\.themes\[0\]\.title: contains a NUL character") as caught:
        interchange.import_plan(document)
    assert caught.value.errors == ["plan.themes[0].title: contains a NUL character"]
    assert not Plan.objects.filter(organisation__slug="elders").exists()


def test_the_importer_refuses_a_deeply_nested_document_without_recursing(plan):
    document = _document(plan)
    document["plan"]["themes"] = _nested(10_000)
    with pytest.raises(InterchangeError, match=r"plan\.themes(\[0\])+: nested more than 32 levels deep"):
        interchange.import_plan(document)
    with pytest.raises(InterchangeError, match="nested more than 32 levels deep"):
        interchange.import_plan({"plan": _nested(10_000)})


def _write(tmp_path, content: str | bytes):
    path = tmp_path / "plan.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def test_the_import_command_names_a_nul_character_instead_of_crashing(plan, tmp_path, capsys):
    document = _document(plan)
    document["plan"]["preface"] = "Voorwoord\x00"
    with pytest.raises(CommandError, match=r"was not imported: 1 problem\(s\)"):
        call_command("import_plan", _write(tmp_path, json.dumps(document)))
    assert "plan.preface: contains a NUL character" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[" * 10_000 + "]" * 10_000, "(document): nested more than 32 levels deep"),
        ('{"plan": ' + "[" * 500 + "]" * 500 + "}", "plan" + "[0]" * 32 + ": nested more than 32 levels deep"),
        (b"\xff\xfe\x00garbage", "(document): not"),
        ("{", "(document): not valid JSON: line 1, column 2"),
    ],
)
def test_the_import_command_refuses_unreadable_files_with_a_named_problem(db, tmp_path, capsys, content, problem):
    with pytest.raises(CommandError, match=r"was not imported: 1 problem\(s\)"):
        call_command("import_plan", _write(tmp_path, content))
    assert problem in capsys.readouterr().err


# --- Text stored before the cleaning, on its way out -------------------------------------------


def test_a_pdf_of_text_with_control_characters_prints_no_missing_glyphs(caplog):
    document = pdf_support.snapshot(interventions=2, budget=False, preface=f"Voor{CONTROL}woord")
    document["plan"]["themes"][0]["title"] = f"Zorg{CONTROL} voor elkaar"
    document["organisation"]["name"] = f"Zorggroep{CONTROL} Oost"
    with translation.override("nl"):
        rendered = rendering.render(pdf_support.source(document))
    text = "".join(pdf_support.pages_text(rendered.content, layout=False))
    assert "Zorg voor elkaar" in text and "Voorwoord" in text and "Zorggroep Oost" in text
    assert clean_text(text) == text
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]


def test_notification_mails_carry_no_control_characters(plan, board_member):
    Plan.objects.filter(pk=plan.pk).update(title=f"Plan{STORABLE_CONTROL} 2027")
    plan.refresh_from_db()
    notification = Notification.objects.create(
        user=board_member, plan=plan, kind=NotificationKind.RETURNED, url="/", context={"reasons": "Te\x01 duur\x1b[2J"}
    )
    mail.outbox.clear()

    assert notifications.send_emails([notification.pk]) == 1

    sent = mail.outbox[0]
    assert "Plan 2027" in sent.subject and "Te duur[2J" in sent.body
    assert clean_text(sent.subject) == sent.subject and clean_text(sent.body) == sent.body
    assert b"\x01" not in sent.message().as_bytes() and b"\x1b" not in sent.message().as_bytes()


def test_a_pdf_of_a_deeply_nested_list_renders():
    document = pdf_support.snapshot(interventions=1, budget=False, preface="- " * 300 + "diep")
    with translation.override("nl"):
        rendered = rendering.render(pdf_support.source(document))
    assert "diep" in "".join(pdf_support.pages_text(rendered.content, layout=False))


# --- Properties: whatever comes in, no server error, and every refusal names its field ---------

FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

hostile_piece = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(CONTROL + "\t\r\n"), min_size=1, max_size=10),
    st.sampled_from([
        "\x00", "\u202eevil\u202c", "\u200f", "עברית ותרגום", "العربية", "😀", "👩🏽‍⚕️", "\ufeff", "\u0301" * 50,
        "x" * 5000, "😀" * 2000, "- " * 3000 + "diep", "1. " * 500 + "diep", "[" * 2000 + "]" * 2000,
        "<script>alert(1)</script>", "=HYPERLINK(\"https://evil.example\")", "%(plan)s {{ plan }} %s",
    ]),
)
hostile_text = st.lists(hostile_piece, min_size=1, max_size=4).map("".join)


def _forms(plan) -> dict[str, tuple[str, dict, list[str], str]]:
    """Each main form of the plan: its address, what a valid post holds, its text fields, and the
    page that shows what it stored."""
    plan.refresh_from_db()
    kwargs = {"plan": plan.pk}
    return {
        "plan_edit": (reverse("plans:plan_edit", kwargs=kwargs),
                      {"start_year": plan.start_year, "end_year": plan.end_year, "lock_version": plan.lock_version},
                      ["title", "preface"], "plans:plan"),
        "theme_add": (reverse("plans:theme_add", kwargs=kwargs), {"kind": "custom"},
                      ["title", "description", "implications"], "plans:themes"),
        "objective_add": (reverse("plans:objective_add", kwargs={**kwargs, "theme": plan.themes.first().pk}),
                          {"target_year": plan.end_year}, ["description", "indicator"], "plans:themes"),
        "intervention_add": (reverse("plans:intervention_add", kwargs=kwargs),
                             {"level": "organisation", "years": [plan.start_year]},
                             ["title", "description", "learning_outcome"], "plans:interventions"),
        "action_add": (reverse("plans:action_add", kwargs=kwargs), {}, ["description", "responsible"], "plans:actions"),
    }


def _texts(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


@pytest.mark.parametrize("form", ["plan_edit", "theme_add", "objective_add", "intervention_add", "action_add"])
@FUZZ
@given(data=st.data())
def test_the_plan_forms_store_hostile_text_cleaned_or_refuse_it_by_field(client_of, author, plan, form, data):
    client = client_of(author)
    path, valid, fields, page = _forms(plan)[form]
    payload = {**valid, **{field: data.draw(hostile_text, label=field) for field in fields}}

    response = client.post(path, payload)

    assert response.status_code in {200, 302}
    if response.status_code == 200:
        errors = response.context["form"].errors
        assert errors, "a page without a redirect is a refusal"
        assert set(errors) <= set(response.context["form"].fields), errors.as_json()
    assert all(clean_text(text) == text for text in _texts(interchange.export_plan(plan)))
    assert client.get(reverse(page, kwargs={"plan": plan.pk})).status_code == 200


NAMED = re.compile(r"^(\(import\) )?(\(document\)|[a-z_]+(\.[a-z_]+|\[\d+\]|\[\])*): \S")
TEXT_FIELDS = [
    ("plan", "title"), ("plan", "preface"), ("plan", "vision"),
    ("plan", "themes", 0, "title"), ("plan", "themes", 0, "description"),
    ("plan", "themes", 0, "objectives", 0, "description"), ("plan", "themes", 0, "objectives", 0, "indicator"),
    ("plan", "interventions", 0, "title"), ("plan", "interventions", 0, "learning_outcome"),
    ("plan", "improvement_actions", 0, "description"), ("organisation", "name"), ("organisation", "units", 0, "name"),
]
nested = st.recursive(hostile_text, lambda children: st.lists(children, max_size=2), max_leaves=4)


@FUZZ
@given(data=st.data())
def test_the_importer_stores_hostile_text_cleaned_or_refuses_it_by_field(plan, data):
    document = _document(plan)
    document["plan"]["improvement_actions"] = [
        {"code": "A1", "description": "Actie", "responsible": "", "due": None, "position": 1}
    ]
    for path in data.draw(st.lists(st.sampled_from(TEXT_FIELDS), min_size=1, max_size=4, unique=True), label="fields"):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = data.draw(st.one_of(hostile_text, nested, st.builds(_nested, st.integers(30, 2000))),
                                     label=".".join(map(str, path)))
    try:
        imported = interchange.import_plan(document)
    except InterchangeError as exc:
        assert exc.errors
        assert [e for e in exc.errors if not NAMED.match(e)] == []
        return
    assert all(clean_text(text) == text for text in _texts(interchange.export_plan(imported)))
