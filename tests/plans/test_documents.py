"""Requesting, rendering and storing documents (plans.documents, plans.tasks), eagerly."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from plans.approval import statements
from plans.approval.versions import freeze
from plans.content import services
from plans.documents import services as documents
from plans.interchange import format as plan_format
from plans.models import Document, DocumentStatus, PlanVersion
from stakeholders import services as org_services
from stakeholders.changes import DomainError
from stakeholders.models import AuditEvent
from tests import factories
from tests.plans.pdf_support import flat, pages_text


@pytest.fixture
def request_now(django_capture_on_commit_callbacks, queued_tasks):
    """Request a document and run what was queued after commit (the eager Celery task); with
    the number of render tasks that were queued."""

    def go(**kwargs) -> tuple[Document, int]:
        before = len(queued_tasks)
        with django_capture_on_commit_callbacks(execute=True):
            document = documents.request_document(**kwargs)
        document.refresh_from_db()
        return document, queued_tasks[before:].count(documents.RENDER_TASK)

    return go


def text_of(document: Document) -> str:
    with document.file.open("rb") as handle:
        return flat(" ".join(pages_text(handle.read(), layout=False)))


def test_a_requested_plan_pdf_is_rendered_and_stored_with_its_sha256(request_now, author, plan):
    document, queued = request_now(actor=author, plan=plan, kind="plan")
    assert queued == 1
    assert document.status == DocumentStatus.READY
    assert document.reason == ""
    with document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.page_count == len(pages_text(content)) > 10
    assert document.filename == "opleidingsplan-2027-2030-concept.pdf"
    assert document.version is None and document.requested_by == author
    assert document.file.name.startswith(f"documents/plan-{plan.pk}/")
    assert AuditEvent.objects.filter(scope=services.scope(plan), action="requested").count() == 1


def test_a_second_request_returns_the_same_document_without_rendering_again(request_now, author, viewer, plan):
    first, _queued = request_now(actor=author, plan=plan, kind="plan")
    second, queued = request_now(actor=viewer, plan=plan, kind="plan")
    assert second.pk == first.pk
    assert queued == 0  # nothing was queued the second time
    assert second.attempts == 1
    assert second.finished_at == first.finished_at and second.sha256 == first.sha256
    assert Document.objects.count() == 1


def test_each_kind_is_its_own_document(request_now, author, plan):
    kinds = {kind: request_now(actor=author, plan=plan, kind=kind)[0] for kind in ("plan", "cover", "statement")}
    assert len({d.pk for d in kinds.values()}) == 3
    assert all(d.status == DocumentStatus.READY for d in kinds.values())
    assert kinds["cover"].page_count == 1 and kinds["statement"].page_count == 1
    assert "Voorblad strategisch opleidingsplan" in text_of(kinds["cover"])
    year = min(max(timezone.localdate().year, plan.start_year), plan.end_year)
    assert f"Bestuursverklaring {year}" in text_of(kinds["statement"])


def test_a_changed_draft_gets_a_new_document(request_now, author, plan):
    before, _ = request_now(actor=author, plan=plan, kind="plan")
    services.plan_update(actor=author, plan=plan, expected_version=plan.lock_version, title="Nieuw plan")
    after, queued = request_now(actor=author, plan=plan, kind="plan")
    assert after.pk != before.pk and queued == 1
    assert after.snapshot_sha256 != before.snapshot_sha256
    assert "Nieuw plan" in text_of(after)
    assert "CONCEPT" in text_of(after)


def test_a_version_is_printed_from_its_frozen_snapshot_not_the_live_plan(request_now, author, plan):
    version = freeze(actor=author, plan=plan)
    services.plan_update(actor=author, plan=plan, expected_version=plan.lock_version, title="Later gewijzigd")
    document, _ = request_now(actor=author, plan=plan, version=version, kind="plan")
    text = text_of(document)
    assert "Opleidingsplan 2027–2030" in text and "Later gewijzigd" not in text
    assert "Versie 1" in text and version.sha256 in text
    assert "CONCEPT" not in text
    assert document.snapshot_sha256 == version.sha256
    assert document.filename == "opleidingsplan-2027-2030-v1.pdf"


def test_an_older_version_says_which_version_replaced_it(request_now, author, plan):
    first = freeze(actor=author, plan=plan)
    freeze(actor=author, plan=plan)
    document, _ = request_now(actor=author, plan=plan, version=first, kind="plan")
    assert "Vervangen door versie 2" in text_of(document)


def test_documents_follow_the_organisations_language(request_now, author, plan, org):
    dutch, _ = request_now(actor=author, plan=plan, kind="plan")
    org_services.organisation_update(actor=author, organisation=org, document_language="en")
    plan.refresh_from_db()
    english, queued = request_now(actor=author, plan=plan, kind="plan")
    assert english.pk != dutch.pk and queued == 1
    assert (dutch.language, english.language) == ("nl", "en")
    assert "Inhoud" in text_of(dutch) and "Contents" in text_of(english)
    assert "Table of contents" not in text_of(dutch)


def test_the_cover_sheet_names_the_organisations_bodies_before_they_decide(request_now, author, plan, or_member, org):
    works_council = org.bodies.get(kind="or")
    org_services.body_rename(actor=author, body=works_council, name="Ondernemingsraad Zorggroep A")
    document, _ = request_now(actor=author, plan=plan, version=freeze(actor=author, plan=plan), kind="cover")
    text = text_of(document)
    assert "Ondernemingsraad Zorggroep A" in text and "Ondernemingsraad (OR)" in text
    assert "Raad van bestuur" in text and "Cliëntenraad (CR)" in text  # required, not yet in the organisation
    assert "Concept" in text  # the plan's status, in the document's language


def test_a_failure_is_recorded_with_a_reason(request_now, author, plan):
    snapshot = {"plan": {"themes": "kapot"}}  # frozen intact (its hash fits), but unprintable
    broken = PlanVersion.objects.create(plan=plan, number=1, snapshot=snapshot, sha256=plan_format.sha256(snapshot))
    document, _ = request_now(actor=author, plan=plan, version=broken, kind="plan")
    assert document.status == DocumentStatus.FAILED
    assert "onverwachte fout" in document.reason and "TypeError" in document.reason
    assert not document.file and document.finished_at is not None


def test_a_transient_error_is_retried_then_recorded(request_now, author, plan, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(blocked)
    document, _ = request_now(actor=author, plan=plan, kind="plan")
    assert document.status == DocumentStatus.FAILED
    assert document.attempts == 4  # the first try and three retries
    assert "meerdere pogingen" in document.reason


def test_a_failed_document_is_queued_again_on_the_next_request(request_now, author, plan, settings, tmp_path):
    media = settings.MEDIA_ROOT
    blocked = tmp_path / "blocked"
    blocked.write_text("x")
    settings.MEDIA_ROOT = str(blocked)
    failed, _ = request_now(actor=author, plan=plan, kind="plan")
    assert failed.status == DocumentStatus.FAILED
    settings.MEDIA_ROOT = media
    again, queued = request_now(actor=author, plan=plan, kind="plan")
    assert again.pk == failed.pk and queued == 1
    assert again.status == DocumentStatus.READY and again.reason == ""


def test_a_document_no_worker_picked_up_is_shown_failed_after_the_time_limit(author, plan, settings):
    settings.SOPLAN_DOCUMENT_QUEUE_TIMEOUT = 60
    document = documents.request_document(actor=author, plan=plan, kind="plan")  # never committed: no task
    assert documents.refresh_stale(document).status == DocumentStatus.QUEUED
    Document.objects.filter(pk=document.pk).update(requested_at=timezone.now() - dt.timedelta(seconds=61))
    document.refresh_from_db()
    documents.refresh_stale(document)
    assert document.status == DocumentStatus.FAILED
    assert "Binnen 1 minuten" in document.reason


def test_a_render_whose_worker_died_is_shown_failed(author, plan, settings):
    document = documents.request_document(actor=author, plan=plan, kind="plan")
    started = timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 31)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.RENDERING, started_at=started)
    document.refresh_from_db()
    documents.refresh_stale(document)
    assert document.status == DocumentStatus.FAILED
    assert "zonder resultaat gestopt" in document.reason


def test_a_running_render_is_not_taken_over_but_a_redelivered_task_may(author, plan):
    document = documents.request_document(actor=author, plan=plan, kind="plan")
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.RENDERING, started_at=timezone.now())
    documents.render_and_store(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.RENDERING and document.attempts == 0
    documents.render_and_store(document_id=document.pk, takeover=True)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY and document.attempts == 1


def test_a_task_for_a_deleted_document_does_nothing(db):
    assert documents.render_and_store(document_id=987654) is None


def test_nobody_outside_the_organisation_may_request(outsider, plan):
    with pytest.raises(DomainError, match="You may not print this plan"):
        documents.request_document(actor=outsider, plan=plan, kind="plan")
    assert not Document.objects.exists()


def test_a_version_of_another_plan_is_refused(author, plan, org):
    other = services.plan_create(actor=author, organisation=org, title="Ander plan", start_year=2027, end_year=2028)
    version = freeze(actor=author, plan=other)
    with pytest.raises(DomainError, match="That version belongs to another plan"):
        documents.request_document(actor=author, plan=plan, version=version, kind="plan")


def test_an_unknown_kind_is_refused(author, plan):
    with pytest.raises(DomainError, match="Unknown kind of document"):
        documents.request_document(actor=author, plan=plan, kind="poster")


# --- Signatures from the approval flow -------------------------------------------------------------


def test_the_cover_sheet_prints_the_recorded_decisions_of_board_and_councils(
    request_now, org, author, board_member, or_member, var_member, cr_member
):
    from plans.approval import services as lifecycle
    from plans.models import DecisionKind

    plan = factories.complete_plan(org, author)
    version = lifecycle.submit_plan(actor=author, plan=plan)
    before, _ = request_now(actor=author, plan=plan, version=version, kind="cover")
    assert "Nog geen besluit vastgelegd" in text_of(before)

    lifecycle.approve_plan(actor=board_member, plan=plan, expected_sha256=version.sha256,
                           note="Past binnen de begroting.", consent_deadlines={})
    or_body = org.bodies.get(kind="or")
    lifecycle.record_consent(actor=or_member, plan=plan, body=or_body, expected_sha256=version.sha256,
                             decision=DecisionKind.CONSENTED_WITH_CONDITIONS, text="Jaarlijks evalueren met de OR.")
    after, queued = request_now(actor=author, plan=plan, version=version, kind="cover")
    assert after.pk != before.pk and queued == 1  # new decisions: a new cover sheet
    text = text_of(after)
    assert board_member.get_full_name() in text and "Goedgekeurd" in text
    assert or_member.get_full_name() in text and "Jaarlijks evalueren met de OR." in text
    assert version.sha256 in text.replace(" ", "")
    assert after.page_count == 1  # R10: one sheet for the zorgkantoor
    # Labels in the organisation's language (Dutch), also when an English-speaking user asks.
    assert after.inputs["signatures"][0]["position"] == "Voorzitter"


def test_the_board_statement_prints_the_statement_and_its_co_signatures_r11(
    request_now, org, author, board_member, or_member, var_member, cr_member
):
    from plans.models import SignatureKind

    plan = factories.complete_plan(org, author)
    version = factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member, cr_member])
    statement = statements.issue_statement(actor=board_member, plan=plan, year=2028,
                                          text="De raad van bestuur verklaart het plan in 2028 uit te voeren.",
                                          objectives_met=True)
    statements.sign_statement(actor=or_member, statement=statement, body=org.bodies.get(kind="or"),
                             decision=SignatureKind.COSIGNED)
    document, _ = request_now(actor=author, plan=plan, version=version, kind="statement")
    text = text_of(document)
    assert "2028" in text and "in 2028 uit te voeren" in text
    assert or_member.get_full_name() in text
    assert [row["decision"] for row in document.inputs["signatures"]] == ["issued", "cosigned"]
    assert document.page_count == 1


# --- manage.py render_document ---------------------------------------------------------------------


# The command runs outside any transaction, as on the command line: the task runs at commit.
@pytest.mark.django_db(transaction=True)
def test_render_document_writes_a_version_to_a_file(author, plan, tmp_path):
    version = freeze(actor=author, plan=plan)
    target = tmp_path / "plan.pdf"
    call_command("render_document", str(version.pk), "--kind", "cover", "-o", str(target))
    document = Document.objects.get(version=version, kind="cover")
    assert target.read_bytes().startswith(b"%PDF-")
    assert hashlib.sha256(target.read_bytes()).hexdigest() == document.sha256


@pytest.mark.django_db(transaction=True)
def test_render_document_renders_a_draft_with_draft_option(plan, tmp_path):
    target = tmp_path / "concept.pdf"
    call_command("render_document", "--draft", str(plan.pk), "--kind", "plan", "-o", str(target))
    assert "CONCEPT" in pages_text(target.read_bytes())[0]


def test_render_document_explains_bad_arguments(plan):
    with pytest.raises(CommandError, match="either a version id or --draft"):
        call_command("render_document", "--kind", "plan")
    with pytest.raises(CommandError, match="No plan version"):
        call_command("render_document", "99999", "--kind", "plan")


def test_the_pdf_of_a_change_carries_the_summary_of_what_changed_as_an_annex(
    request_now, org, author, board_member, or_member, var_member
):
    from plans.approval import selectors as approval
    from plans.approval import services as lifecycle

    adopted = factories.complete_plan(org, author)
    factories.adopt(adopted, author=author, board=board_member, councils=[or_member, var_member])
    change = lifecycle.start_change(actor=author, plan=adopted)
    theme = change.themes.get()
    services.theme_update(actor=author, theme=theme, expected_version=theme.lock_version, title="Samen leren in de wijk")
    version = factories.submit(change, author)
    document, _ = request_now(actor=author, plan=change, version=version, kind="plan")
    text = text_of(document)
    base = approval.adopted_version(adopted).number
    assert f"Bijlage: wijzigingen ten opzichte van versie {base}" in text  # the organisation's language
    assert "Strategische thema's: 1 gewijzigd (T1 Samen leren in de wijk)" in text
    assert "Verder is niets gewijzigd." in text
