"""The evaluation report PDF ("Evaluatie 2027", issue 11): printed by the documents machinery
from a frozen snapshot of the closed evaluation, with its hash (R17; design.md "How data flows" 4)."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from plans.documents import services as documents
from plans.evaluation import report, services
from plans.interchange.format import canonical_bytes
from plans.models import Document, DocumentKind, DocumentStatus
from soplan.errors import DomainError
from tests.plans.pdf_support import flat, pages_text
from tests.plans.test_evaluation import IN_2028, _evaluate, adopted  # noqa: F401 - the fixture

RESULTS = ["realised", "partly", "not_realised"]


@pytest.fixture
def closed(adopted, author):  # noqa: F811
    return _evaluate(adopted, author, RESULTS[: adopted.objectives.count()])


@pytest.fixture
def ask(django_capture_on_commit_callbacks, queued_tasks):
    def go(**kwargs) -> tuple[Document, int]:
        before = len(queued_tasks)
        with django_capture_on_commit_callbacks(execute=True):
            document = report.request_report(**kwargs)
        document.refresh_from_db()
        return document, queued_tasks[before:].count(documents.RENDER_TASK)

    return go


def _text(document: Document) -> str:
    with document.file.open("rb") as handle:
        return flat(" ".join(pages_text(handle.read(), layout=False)))


def test_a_closed_evaluation_is_printed_as_its_report_with_the_hash_of_its_snapshot(ask, closed, author):
    document, renders = ask(actor=author, evaluation=closed)
    assert (document.status, renders, document.kind) == (DocumentStatus.READY, 1, DocumentKind.EVALUATION)
    snapshot = report.evaluation_snapshot(closed)
    assert document.snapshot_sha256 == hashlib.sha256(canonical_bytes(snapshot)).hexdigest()
    text = _text(document)
    assert "Evaluatie 2027" in text
    # Dutch labels, never the stored values.
    assert "Gerealiseerd" in text and "Deels gerealiseerd" in text
    assert "Medewerkerstevredenheidsonderzoek" in text or "MTO" in text
    for raw in ("not_realised", "partly", "year_plan", "survey", "appraisal"):
        assert raw not in text
    assert "De leergang liep goed." in text and "Planning van de scholing verschuift." in text
    assert "CONCEPT" not in text
    assert document.snapshot_sha256[:16] in text.replace(" ", "")
    assert document.filename.endswith("-evaluatie-2027.pdf")  # a Dutch file name, not "evaluation"


def test_the_report_lists_the_evidence_files_with_their_sha256(ask, adopted, author):  # noqa: F811
    from plans.evaluation import evidence_files

    evaluation = services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    record = evidence_files.upload(actor=author, evaluation=evaluation, filename="uitkomst-mto.pdf",
                                   content=b"%PDF-1.4\n%%EOF\n", objective_code="D2")
    closed = _evaluate(adopted, author, RESULTS[: adopted.objectives.count()])
    document, _ = ask(actor=author, evaluation=closed)
    text = _text(document)
    assert "Bewijsstukken" in text and "uitkomst-mto.pdf" in text
    assert record.sha256 in text.replace(" ", "")


def test_asking_again_returns_the_stored_report_without_rendering_again(ask, closed, author, viewer):
    first, _ = ask(actor=author, evaluation=closed)
    second, renders = ask(actor=viewer, evaluation=closed)
    assert (second.pk, renders) == (first.pk, 0)


def test_an_open_evaluation_has_no_report(adopted, author):  # noqa: F811
    evaluation = services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    with pytest.raises(DomainError, match="Close the evaluation of 2027 first"):
        report.request_report(actor=author, evaluation=evaluation)


def test_nobody_outside_the_organisation_may_ask_for_the_report(closed, outsider):
    with pytest.raises(DomainError, match="may not print"):
        report.request_report(actor=outsider, evaluation=closed)


def test_user_text_reaches_the_renderer_as_text_not_markup(ask, closed, author):
    closed.conclusions = '<img src="https://example.test/x.png"> <a href="file:///etc/passwd">lek</a> **vet**'
    closed.save(update_fields=["conclusions"])
    document, _ = ask(actor=author, evaluation=closed)
    assert document.status == DocumentStatus.READY, document.reason
    text = _text(document)
    assert '<img src="https://example.test/x.png">' in text  # printed as the characters typed
    assert "<a href=" in text


def test_a_changed_snapshot_is_not_printed_under_its_hash(ask, closed, author):
    document, _ = ask(actor=author, evaluation=closed)
    inputs = dict(document.inputs)
    inputs["snapshot"] = {**inputs["snapshot"], "evaluation": {**inputs["snapshot"]["evaluation"], "conclusions": "Anders."}}
    Document.objects.filter(pk=document.pk).update(inputs=inputs, status=DocumentStatus.QUEUED)
    documents.render_and_store(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "hash" in document.reason.lower()


def test_the_report_is_not_offered_among_the_plan_documents(author, plan):
    with pytest.raises(DomainError, match="Unknown kind of document"):
        documents.request_document(actor=author, plan=plan, kind=DocumentKind.EVALUATION)
    kinds = {row["kind"] for group in documents.document_slots(plan) for row in group["rows"]}
    assert DocumentKind.EVALUATION not in kinds


def test_the_page_offers_the_report_once_closed_and_a_member_downloads_it(
    closed, viewer, outsider, client_of, django_capture_on_commit_callbacks
):
    page = reverse("plans:evaluation", kwargs={"plan": closed.plan_id, "year": 2027})
    url = reverse("plans:evaluation_report", kwargs={"plan": closed.plan_id, "year": 2027})
    client = client_of(viewer)
    assert url in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    document = Document.objects.get(evaluation=closed)
    assert document.status == DocumentStatus.READY
    download = reverse("plans:document_download", kwargs={"plan": closed.plan_id, "document": document.pk})
    assert download in client.get(page).content.decode()
    got = client.get(download)
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    # Another organisation's user: 404 (the plan is not found for them), never the file.
    client = client_of(outsider)
    assert client.get(download).status_code == 404
    assert client.post(url).status_code == 404
