"""What a council reads before it consents, in Dutch: the demo's change of its adopted plan.

The comparison, the consent page and the history show the plan's own words and values: no raw
key, list index, Python value or English word (art. 27 WOR, R9).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse

from plans.approval import selectors as approval
from plans.models import Plan
from soplan import demo

PASSWORD = "demo-password-for-tests"
RAW = [
    r"\{'", r"\['", r"\w\[\d+\]", r"\bNone\b", r"\bTrue\b", r"\bFalse\b",
    r"cost_per_participant", r"other_costs", r"by_theme", r"calculations", r"summary\.", r"_fte\b",
    r"\bhandled by\b", r"\bfunding\b", r"\badded\b", r"\bchanged\b", r"\bremoved\b",
    r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b",
]


@pytest.fixture
def change(db):
    demo.seed(password=PASSWORD)
    adopted = Plan.objects.get(previous=None, status="in_execution")
    return Plan.objects.get(previous=adopted, transitions__action="change_started")


def text_of(html: str) -> str:
    """The text a person reads: no tags, scripts or attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def main_of(html: str) -> str:
    match = re.search(r"<main\b.*?</main>", html, flags=re.S)
    return match.group(0) if match else html


def test_the_consent_page_of_the_var_shows_the_summary_then_the_form_in_dutch(client, change):
    client.login(request=HttpRequest(), username="var@soplan.example", password=PASSWORD)
    var = change.organisation.bodies.get(kind="var")
    html = client.get(reverse("plans:record_consent", kwargs={"plan": change.pk, "body": var.pk})).content.decode()
    text = text_of(main_of(html))
    version = change.versions.get()
    base = approval.diff_base(version)
    assert version.number == base.number + 1  # the change of version 1 is version 2
    assert "Leerinterventies: 1 toegevoegd (" in text
    assert "Opleidingsjaarplan: " in text and "kosten 2029 + € 21.540 (Organisatiebudget + € 21.540)" in text.replace("\u00a0", " ")
    assert "Verder is niets gewijzigd." in text
    # The summary and the decision form come first; the details unfold on request.
    assert html.index("diff-summary-list") < html.index('id="consent-form"') < html.index("version-box") \
        if "version-box" in html else html.index("diff-summary-list") < html.index('id="consent-form"')
    assert '<details class="plan-diff-details">' in html
    for pattern in RAW:
        assert not re.search(pattern, text), (pattern, re.search(pattern, text).group(0))


@pytest.mark.parametrize("page", ["version", "history", "adopted_history", "approval"])
def test_the_comparison_and_history_pages_show_no_raw_values_or_english(client, change, page):
    client.login(request=HttpRequest(), username="adviseur@soplan.example", password=PASSWORD)
    url = {
        "version": reverse("plans:version", kwargs={"plan": change.pk, "version": change.versions.get().pk}),
        "history": reverse("plans:history", kwargs={"plan": change.pk}),
        "adopted_history": reverse("plans:history", kwargs={"plan": change.previous_id}),
        "approval": reverse("plans:approval", kwargs={"plan": change.pk}),
    }[page]
    response = client.get(url)
    assert response.status_code == 200
    text = text_of(main_of(response.content.decode()))
    for pattern in RAW:
        assert not re.search(pattern, text), (pattern, re.search(pattern, text).group(0))


def test_the_history_reads_in_dutch_and_filters_by_part_and_person(client, change):
    client.login(request=HttpRequest(), username="adviseur@soplan.example", password=PASSWORD)
    url = reverse("plans:history", kwargs={"plan": change.previous_id})
    everything = text_of(main_of(client.get(url).content.decode()))
    assert re.search(r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}", everything)
    budget = text_of(main_of(client.get(url, {"deel": "budget"}).content.decode()))
    assert "Financiering" in budget and "€" in budget
    assert "Leerinterventie:" not in budget
    author = get_user_model().objects.get(username="adviseur@soplan.example")
    by_author = client.get(url, {"persoon": str(author.pk)})
    assert by_author.status_code == 200
    nobody = text_of(main_of(client.get(url, {"persoon": "999999"}).content.decode()))
    assert "Nog geen wijzigingen." in nobody


def test_the_history_is_read_page_by_page(client, change, django_assert_max_num_queries):
    from plans.overview import history

    client.login(request=HttpRequest(), username="adviseur@soplan.example", password=PASSWORD)
    adopted = change.previous
    total = history.plan_events(adopted).count()
    assert total > history.PER_PAGE  # the demo's plan has a long history
    url = reverse("plans:history", kwargs={"plan": adopted.pk})
    first = client.get(url).content.decode()
    assert f"Pagina 1 van {-(-total // history.PER_PAGE)}" in text_of(first)
    assert first.count('class="py-2 border-bottom"') == history.PER_PAGE
    last = client.get(url, {"pagina": 999}).content.decode()
    assert last.count('class="py-2 border-bottom"') == total - history.PER_PAGE * (-(-total // history.PER_PAGE) - 1)
