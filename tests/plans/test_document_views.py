"""The documents page: request (htmx and plain), progress polling, download with checks."""

from __future__ import annotations

import base64
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.approval.versions import freeze
from plans.content import services as plan_services
from plans.documents import services as documents
from plans.models import Document, DocumentStatus
from tests import factories


def url(name: str, plan, **kwargs) -> str:
    return reverse(f"plans:{name}", kwargs={"plan": plan.pk, **kwargs})


@pytest.fixture
def ready(author, plan, django_capture_on_commit_callbacks) -> Document:
    with django_capture_on_commit_callbacks(execute=True):
        document = documents.request_document(actor=author, plan=plan, kind="plan")
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    return document


def test_the_documents_page_offers_the_concept_and_each_version(client_of, author, plan):
    freeze(actor=author, plan=plan)
    theme = plan.themes.get()  # the concept differs from version 1 from here on
    plan_services.theme_update(actor=author, theme=theme, expected_version=theme.lock_version, title="Samen leren")
    response = client_of(author).get(url("documents", plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Concept: het plan zoals het nu is" in html and "Versie 1" in html
    assert html.count('name="kind" value="plan"') == 2  # draft and version 1
    assert html.count('name="kind" value="cover"') == 2 and html.count('name="kind" value="statement"') == 2
    assert 'href="' + url("documents", plan) + '"' in html  # the navigator links to it


def test_the_page_says_when_there_is_no_version_yet(client_of, viewer, plan):
    html = client_of(viewer).get(url("documents", plan)).content.decode()
    assert "Er is nog geen vastgelegde versie" in html


# As in production, the request commits before it answers; eagerly, the task has run by then.
@pytest.mark.django_db(transaction=True)
def test_an_htmx_request_answers_with_the_slot_of_the_ready_document(client_of, author, plan):
    response = client_of(author).post(url("document_request", plan), {"kind": "plan"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    document = Document.objects.get()
    html = response.content.decode()
    assert 'id="slot-draft-plan"' in html and 'data-status="ready"' in html
    assert url("document_download", plan, document=document.pk) in html
    assert "data-hx-trigger" not in html  # done: no more polling


@pytest.mark.django_db(transaction=True)
def test_a_plain_post_redirects_back_with_a_message(client_of, author, plan):
    response = client_of(author).post(url("document_request", plan), {"kind": "cover"}, follow=True)
    assert response.redirect_chain[-1][0] == url("documents", plan)
    assert "Het document is klaar." in response.content.decode()


def test_a_bad_request_is_refused_with_a_message(client_of, author, plan, org):
    other = factories.plan(org, author, title="Ander plan", rich=False)
    foreign = freeze(actor=author, plan=other)
    client = client_of(author)
    response = client.post(url("document_request", plan), {"kind": "plan", "version": foreign.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    response = client.post(url("document_request", plan), {"kind": "poster"}, follow=True)
    assert "kan niet worden aangevraagd" in response.content.decode()
    assert not Document.objects.exists()


def test_the_status_keeps_polling_while_queued_and_stops_when_ready(client_of, author, plan):
    document = documents.request_document(actor=author, plan=plan, kind="plan")  # no commit: stays queued
    client = client_of(author)
    status_url = url("document_status", plan, document=document.pk)
    html = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="queued"' in html and 'data-hx-trigger="every 1s"' in html and f'data-hx-get="{status_url}"' in html
    assert "In de wachtrij" in html
    documents.render_and_store(document_id=document.pk)  # what the worker does
    html = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="ready"' in html and "hx-trigger" not in html
    assert "Pdf downloaden" in html


def test_the_status_shows_a_failure_and_offers_to_try_again(client_of, author, plan):
    document = documents.request_document(actor=author, plan=plan, kind="plan")
    documents.record_failure(document_id=document.pk, reason="Het ging mis.")
    html = client_of(author).get(url("document_status", plan, document=document.pk), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="failed"' in html and "Het ging mis." in html and "Opnieuw proberen" in html
    assert "data-hx-trigger" not in html


def test_the_status_without_htmx_goes_to_the_page(client_of, author, plan, ready):
    response = client_of(author).get(url("document_status", plan, document=ready.pk))
    assert response.status_code == 302 and response["Location"] == url("documents", plan)


def test_the_download_sends_the_pdf_with_its_hash(client_of, viewer, plan, ready):
    response = client_of(viewer).get(url("document_download", plan, document=ready.pk))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{ready.filename}"'
    assert response["X-Content-SHA256"] == hashlib.sha256(content).hexdigest() == ready.sha256
    assert response["Repr-Digest"] == "sha-256=:" + base64.b64encode(hashlib.sha256(content).digest()).decode() + ":"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("persona", ["line_manager", "board_member", "or_member", "var_member", "cr_member"])
def test_every_member_may_download(request, client_of, plan, ready, persona):
    user = request.getfixturevalue(persona)
    assert client_of(user).get(url("document_download", plan, document=ready.pk)).status_code == 200


def test_an_outsider_gets_no_document(client_of, outsider, plan, ready):
    client = client_of(outsider)
    assert client.get(url("document_download", plan, document=ready.pk)).status_code == 404
    assert client.get(url("documents", plan)).status_code == 404
    assert client.post(url("document_request", plan), {"kind": "plan"}).status_code == 404


def test_a_document_is_not_reachable_through_another_plans_address(client_of, author, plan, ready, org):
    other = factories.plan(org, author, title="Ander plan", rich=False)
    response = client_of(author).get(url("document_download", other, document=ready.pk))
    assert response.status_code == 404


def test_a_document_that_is_not_ready_cannot_be_downloaded(client_of, author, plan):
    document = documents.request_document(actor=author, plan=plan, kind="plan")
    assert client_of(author).get(url("document_download", plan, document=document.pk)).status_code == 404


def test_the_file_is_not_served_under_a_media_address(client_of, author, ready):
    client = client_of(author)
    assert client.get("/media/" + ready.file.name).status_code == 404
    assert client.get("/" + ready.file.name).status_code == 404


def test_the_documents_page_does_not_query_more_for_a_bigger_plan(client_of, author, org):
    small = factories.plan(org, author, title="Klein plan")
    big = factories.plan(org, author, title="Groot plan")
    objective = big.objectives.first()
    for n in range(15):
        plan_services.intervention_create(actor=author, plan=big, title=f"Extra {n}", objectives=[objective])
    client = client_of(author)
    counts = []
    for plan in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("documents", plan)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_past_drafting_the_current_version_comes_first_and_an_identical_concept_is_not_offered(
    client_of, org, author, board_member, or_member, var_member
):
    from plans.documents.services import document_slots

    plan = factories.complete_plan(org, author)
    assert [g["version"] for g in document_slots(plan)] == [None]  # a draft: only the concept
    version = factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member])
    plan.refresh_from_db()
    assert [g["version"] for g in document_slots(plan)] == [version]  # the concept would be the same
    html = client_of(author).get(reverse("plans:documents", kwargs={"plan": plan.pk})).content.decode()
    assert 'id="documents-draft"' not in html
    assert html.index(f'id="documents-{version.pk}"') > 0
