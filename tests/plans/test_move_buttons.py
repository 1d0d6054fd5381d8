"""The move buttons on the list pages: rendered for the author only, posting with a valid CSRF
token to the move URL of their own row, disabled at the ends of the list."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from plans.content import services

pytestmark = pytest.mark.django_db

FORM = re.compile(
    r'<form method="post" action="(?P<action>[^"]+)" class="d-inline">'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="(?P<token>[^"]+)">'
    r'<button class="btn btn-sm btn-link p-0 px-1"(?P<disabled> disabled)? aria-label="(?P<label>[^"]+)"'
)


def forms(html: str) -> list[dict]:
    return [m.groupdict() for m in FORM.finditer(html)]


@pytest.fixture
def csrf_client(author):
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    return client


def test_the_author_moves_an_action_down_with_the_button_on_the_page(csrf_client, author, plan):
    second = services.improvement_action_create(actor=author, plan=plan, description="Tweede actie.")
    first = plan.improvement_actions.exclude(pk=second.pk).get()
    page = reverse("plans:actions", kwargs={"plan": plan.pk})
    buttons = forms(csrf_client.get(page).content.decode())

    assert len(buttons) == 4  # up and down for each of the two actions
    first_up, first_down, second_up, second_down = buttons
    assert first_up["disabled"] and second_down["disabled"]  # nothing above the first, below the last
    assert not first_down["disabled"] and not second_up["disabled"]
    assert first_down["action"] == reverse(
        "plans:move", kwargs={"plan": plan.pk, "kind": "action", "pk": first.pk, "direction": "down"}
    )
    assert first_down["label"].endswith(f": {first.code}")

    response = csrf_client.post(first_down["action"], {"csrfmiddlewaretoken": first_down["token"]})
    assert response.status_code == 302
    assert list(plan.improvement_actions.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_themes_and_objectives_get_buttons_in_the_active_language(client_of, author, plan):
    services.theme_create(actor=author, plan=plan, title="Digitalisering")
    html = client_of(author).get(reverse("plans:themes", kwargs={"plan": plan.pk})).content.decode()
    labels = [b["label"] for b in forms(html)]
    # two themes and one objective, each with up and down, labelled in Dutch (the default)
    assert len(labels) == 6
    assert sum(label.startswith("Omhoog") for label in labels) == 3, labels


def test_readers_get_no_move_buttons(client_of, viewer, plan):
    for name in ("plans:themes", "plans:interventions", "plans:actions"):
        html = client_of(viewer).get(reverse(name, kwargs={"plan": plan.pk})).content.decode()
        assert forms(html) == [], name
        assert "/verplaats/" not in html
