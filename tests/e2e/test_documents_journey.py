"""Journey: the L&D author prints the demo's adopted plan (the version the plan stands on; a
concept with the same content is not offered) as PDF, watches it become ready, downloads it.

Then a cover sheet waits for a worker: the page polls and shows it ready without reloading.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from plans.documents import services as documents
from plans.models import Document, DocumentKind, Plan
from soplan.demo import seed

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_cover_sheet(plan: Plan, version, author) -> Document:
    """A cover sheet as request_document leaves it while no worker has picked it up yet."""
    language = documents.document_language(plan)
    inputs, sha = documents._inputs(plan=plan, version=version, kind=DocumentKind.COVER)
    key = documents.document_key(plan=plan, version=version, kind=DocumentKind.COVER, language=language,
                                 sha=sha, inputs=inputs)
    from plans.documents import rendering

    return Document.objects.create(
        plan=plan, version=version, kind=DocumentKind.COVER, language=language, template_revision=rendering.template_revision(),
        snapshot_sha256=sha, key=key, inputs=inputs, requested_by=author,
    )


def test_author_requests_the_plan_pdf_sees_it_ready_and_downloads_it(page, live_server, login, shot):
    seed()
    author = get_user_model().objects.get(username="adviseur@soplan.example")
    plan = Plan.objects.get(organisation__slug="het-voorbeeld", previous__isnull=True)
    version = plan.versions.order_by("-number").first()
    slot_id = f"#slot-{version.pk}"
    login(page, author, settings.SOPLAN_DEMO_PASSWORD)

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Documenten (pdf)").click()
    expect(page.locator("h1")).to_have_text("Documenten")
    expect(page.locator(".document-group").first.locator("h2")).to_contain_text(f"Versie {version.number}")
    # The demo recorded 2027's realised figures after adoption, so the live plan differs from the
    # version and a concept of it is offered next to the version.
    expect(page.get_by_text("Concept: het plan zoals het nu is")).to_have_count(1)
    shot(page, "documents-01-page")

    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    slot = page.locator(f"{slot_id}-plan")
    slot.get_by_role("button", name="Pdf maken").click()
    expect(page.locator(f"{slot_id}-plan")).to_have_attribute("data-status", "ready", timeout=60_000)
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded"
    document = Document.objects.get(plan=plan, version=version, kind="plan")
    expect(page.locator(f"{slot_id}-plan")).to_contain_text(f"{document.page_count} pagina's")
    shot(page, "documents-02-ready")

    with page.expect_download() as download_info:
        page.locator(f"{slot_id}-plan").get_by_role("link", name="Pdf downloaden").click()
    download = download_info.value
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert download.suggested_filename == f"strategisch-opleidingsplan-2027-2030-v{version.number}.pdf"

    # A cover sheet waits for the worker: the page polls and flips to ready without a reload.
    waiting = waiting_cover_sheet(plan, version, author)
    page.reload()
    page.evaluate("window.__sameDocument = true")
    cover = page.locator(f"{slot_id}-cover")
    expect(cover).to_have_attribute("data-status", "queued")
    expect(cover).to_contain_text("In de wachtrij")
    shot(page, "documents-03-queued")
    documents.render_and_store(document_id=waiting.pk)  # what the worker does
    expect(page.locator(f"{slot_id}-cover")).to_have_attribute("data-status", "ready", timeout=15_000)
    expect(page.locator(f"{slot_id}-cover").get_by_role("link", name="Pdf downloaden")).to_be_visible()
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded"
    shot(page, "documents-04-cover-ready")
