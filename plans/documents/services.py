"""Documents (plan PDF, cover sheet, board statement): request, render in the background, store.

design.md "How data flows" 4: documents are rendered from a frozen :class:`PlanVersion` (or,
for a draft, from the live plan as it was when the PDF was asked for, printed CONCEPT) by a
Celery task, stored with the SHA-256 of their bytes, and served only to people who may read
the plan (``plans.document_views``).

* :func:`request_document` is the one way in: it returns the stored document when the same
  thing was asked before (same snapshot, kind, template revision, language, status and
  decisions), else creates it and queues the task after the transaction commits.
* :func:`render_and_store` is what the task runs: claim, render inside the document's
  language, store. Transient errors (:data:`TRANSIENT_ERRORS`) are raised for the task to retry
  with backoff; anything else is recorded as a failure with a reason, so that a document is
  never left "queued" for ever. :func:`refresh_stale` marks a document whose task died as
  failed once the time limit has passed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, InterfaceError, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.approval import selectors as approval
from plans.approval.diff import diff
from plans.approval.versions import current_snapshot, verify
from plans.content.models import Plan, PlanVersion
from plans.content.services import scope
from plans.documents import rendering
from plans.documents.models import PLAN_KINDS, Document, DocumentKind, DocumentStatus
from plans.interchange.format import canonical_bytes
from soplan import queue
from stakeholders import changes
from stakeholders.changes import DomainError

logger = logging.getLogger(__name__)

# Worth another try: the disk, the database connection or the broker hiccuped. Everything else
# (a bug, bad data) fails the same way every time and is recorded at once.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OSError, InterfaceError)
_DB_TRANSIENT = ("database is locked", "could not connect", "server closed the connection", "deadlock")
RENDER_TASK = "plans.render_document"  # the Celery task (plans.documents.tasks)


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, TRANSIENT_ERRORS):
        return True
    return isinstance(exc, DatabaseError) and any(s in str(exc).lower() for s in _DB_TRANSIENT)


def queue_timeout() -> dt.timedelta:
    """How long a document may wait for a worker before the page calls it failed."""
    return dt.timedelta(seconds=settings.SOPLAN_DOCUMENT_QUEUE_TIMEOUT)


def render_timeout() -> dt.timedelta:
    """After the hard time limit the worker killed the task: it is not coming back. The broker's
    visibility timeout (settings) is longer, so a redelivered message may take the row over."""
    return dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 10)


# --- Decisions on a version (the approval flow, issue 5) ---------------------------------------

SIGNATURE_FIELDS = ("body_kind", "body_name", "person_name", "position", "decision", "conditions", "decided_at")


def _signature_dicts(rows) -> list[dict[str, Any]]:
    """plans.approval.SignatureRow → the plain values the renderer prints (and the key hashes)."""
    return [
        {
            "body_kind": row.body_kind,
            "body_name": row.body_name,
            "person_name": row.person_name,
            "position": row.position_label,
            "decision": row.decision,
            "conditions": row.text,
            "decided_at": row.decided_at.isoformat(),
        }
        for row in rows
    ]


def _signatures(plan: Plan, version: PlanVersion | None, kind: str) -> tuple[list[dict[str, Any]], Any]:
    """What the document prints as signed: ALL access to decisions goes through here.

    The cover sheet (and the plan's consent chapter) print the decisions on ``version``; the board
    statement prints the latest statement issued on it, with the councils' co-signatures (R11).
    Labels come in the organisation's document language, whoever asks for the document.
    Returns (rows, statement or None).
    """
    if version is None:
        return [], None
    with translation.override(document_language(plan)):
        if kind == DocumentKind.STATEMENT:
            statement = version.statements.order_by("-year", "-issued_at").first()
            if statement is None:
                return [], None
            return _signature_dicts(approval.statement_signatures(statement)), statement
        return _signature_dicts(approval.signatures(version)), None


# --- Requesting -----------------------------------------------------------------------------------


def _status(plan: Plan, version: PlanVersion | None) -> tuple[str, int | None]:
    """What the title page says: the plan's status, or that a newer version replaced this one."""
    if version is not None:
        latest = plan.versions.aggregate(n=Max("number"))["n"] or version.number
        if version.number < latest:
            return rendering.SUPERSEDED, latest
    return plan.status, None


def _inputs(
    *, plan: Plan, version: PlanVersion | None, kind: str, draft: tuple[dict, str] | None = None
) -> tuple[dict[str, Any], str]:
    """Everything printed besides a version's snapshot, as it is now; and the snapshot's hash.

    ``draft`` may pass the live snapshot and its hash when the caller has them already.
    """
    today = timezone.localdate()
    status, superseded_by = _status(plan, version)
    signatures, statement = _signatures(plan, version, kind)
    inputs: dict[str, Any] = {
        "status": status,
        "superseded_by": superseded_by,
        "signatures": signatures,
        "bodies": [{"kind": b.kind, "name": b.name} for b in plan.organisation.bodies.order_by("kind")],
        "statement_year": (
            statement.year if statement is not None
            else min(max(today.year, plan.start_year), plan.end_year) if kind == DocumentKind.STATEMENT
            else None
        ),
    }
    if version is None:
        snapshot, sha = draft or current_snapshot(plan)
        inputs["snapshot"] = snapshot
        inputs["date"] = today.isoformat()
    else:
        snapshot, sha = version.snapshot, version.sha256
        inputs["date"] = timezone.localtime(version.created_at).date().isoformat()
    if kind == DocumentKind.PLAN:
        inputs["changes"] = _changes(plan, version, snapshot)
    return inputs, sha


def _changes(plan: Plan, version: PlanVersion | None, snapshot: dict) -> dict[str, Any] | None:
    """The annex of a changed plan: the summary of what changed since the version it is compared
    with (the plan's previous version, or for a change the adopted version it started from), in
    the document's language; None for a first version."""
    if version is not None:
        base = approval.diff_base(version)
    else:
        base = plan.versions.order_by("-number").first() or approval.change_base(plan)
    if base is None:
        return None
    with translation.override(document_language(plan)):
        return {"base_number": base.number, "summary": [str(line) for line in diff(base.snapshot, snapshot).summary]}


def document_key(
    *, plan: Plan, version: PlanVersion | None, kind: str, language: str, sha: str, inputs: Mapping[str, Any]
) -> str:
    """Idempotency key: the same key means the same PDF (R-free: design.md "Runtime")."""
    printed = {k: v for k, v in inputs.items() if k not in {"snapshot", "date"}}
    material = {
        "plan": plan.pk,
        "version": version.pk if version is not None else None,
        "snapshot_sha256": sha,
        "kind": str(kind),
        "template_revision": rendering.template_revision(),
        "language": language,
        "printed": printed,
    }
    return hashlib.sha256(canonical_bytes(material)).hexdigest()


def document_language(plan: Plan) -> str:
    language = plan.organisation.document_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def request_document(*, actor, plan: Plan, version: PlanVersion | None = None, kind: str) -> Document:
    """Ask for a PDF of ``version`` (or of the live draft when None); returns the Document.

    A second request for the same thing returns the stored document at once, without
    rendering again. A failed document, or one whose task died, is queued again.
    """
    try:
        kind = DocumentKind(kind)
    except ValueError as exc:
        raise DomainError(_("Unknown kind of document.")) from exc
    if version is not None and version.plan_id != plan.pk:
        raise DomainError(_("That version belongs to another plan."))
    if actor is not None and not actor.has_perm("plans.request_document", plan):
        raise DomainError(_("You may not print this plan."))
    if kind not in PLAN_KINDS:
        raise DomainError(_("Unknown kind of document."))
    language = document_language(plan)
    inputs, sha = _inputs(plan=plan, version=version, kind=kind)
    key = document_key(plan=plan, version=version, kind=kind, language=language, sha=sha, inputs=inputs)
    return _request(actor=actor, plan=plan, key=key, fields={
        "version": version, "kind": kind, "language": language, "snapshot_sha256": sha, "inputs": inputs,
    })


def snapshot_sha256(snapshot: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(dict(snapshot))).hexdigest()


def request_evaluation_report(*, actor, evaluation, snapshot: Mapping[str, Any], labels: Mapping[str, Any]) -> Document:
    """Ask for the report of a closed evaluation ("Evaluatie 2027"), printed from ``snapshot``.

    The caller (plans.evaluation.documents) freezes the evaluation into ``snapshot`` and gives the
    labels of its values in the document's language; the document keeps both in its inputs and
    is keyed by the snapshot's hash like every other document, so asking twice renders once.
    """
    plan = evaluation.plan
    if actor is not None and not actor.has_perm("plans.request_document", plan):
        raise DomainError(_("You may not print this plan."))
    if not evaluation.is_closed:
        raise DomainError(_("Close the evaluation of %(year)s first.") % {"year": evaluation.year})
    language = document_language(plan)
    sha = snapshot_sha256(snapshot)
    inputs = {
        "snapshot": dict(snapshot),
        "labels": dict(labels),
        "status": "closed",
        "date": timezone.localtime(evaluation.closed_at).date().isoformat(),
        "year": evaluation.year,
    }
    material = {
        "plan": plan.pk,
        "evaluation": evaluation.pk,
        "snapshot_sha256": sha,
        "kind": str(DocumentKind.EVALUATION),
        "template_revision": rendering.template_revision(),
        "language": language,
        "labels": inputs["labels"],
    }
    key = hashlib.sha256(canonical_bytes(material)).hexdigest()
    return _request(actor=actor, plan=plan, key=key, fields={
        "evaluation": evaluation, "kind": DocumentKind.EVALUATION, "language": language,
        "snapshot_sha256": sha, "inputs": inputs,
    })


def request_regional_report(*, actor, region, year: int, snapshot: Mapping[str, Any]) -> Document:
    """Ask for a region's monitor ("Regionale monitor 2027"), printed from ``snapshot``.

    The caller (plans.regional.report) freezes only what the members share, with small groups
    already suppressed, into ``snapshot``; labels are in it, in the site's language (a region has
    no document language of its own). Keyed by the snapshot's hash like every other document:
    asking again while nothing changed returns the stored PDF; a withdrawal makes a new one.
    """
    if actor is not None and not actor.has_perm("plans.read_region", region):
        raise DomainError(_("Only a coordinator of %(region)s sees its figures.") % {"region": region.name},
                          code="forbidden")
    language = settings.LANGUAGE_CODE
    sha = snapshot_sha256(snapshot)
    inputs = {"snapshot": dict(snapshot), "status": "frozen", "date": timezone.localdate().isoformat(), "year": year}
    material = {
        "region": region.pk,
        "year": year,
        "snapshot_sha256": sha,
        "kind": str(DocumentKind.REGIONAL),
        "template_revision": rendering.template_revision(),
        "language": language,
    }
    key = hashlib.sha256(canonical_bytes(material)).hexdigest()
    return _request(actor=actor, plan=None, region=region, key=key, fields={
        "kind": DocumentKind.REGIONAL, "language": language, "snapshot_sha256": sha, "inputs": inputs,
    })


def _audit(actor, plan: Plan | None, document: Document) -> None:
    # A plan's documents are in its organisation's audit log; a region's monitor is a reading of
    # what members already share and changes nothing of theirs.
    if plan is not None:
        changes.record(actor=actor, organisation=plan.organisation, action="requested", obj=document, scope=scope(plan))


def _request(*, actor, plan: Plan | None, key: str, fields: dict[str, Any], region=None) -> Document:
    """The stored document with ``key``, or a new one queued for rendering (see request_document)."""
    user = actor if actor is not None and actor.pk else None
    with transaction.atomic():
        # Locked so that two people asking at once get one document and one render.
        document = Document.objects.select_for_update().filter(key=key).first()
        if document is None:
            try:
                with transaction.atomic():
                    document = Document.objects.create(
                        plan=plan, region=region, template_revision=rendering.template_revision(), key=key,
                        requested_by=user, **fields,
                    )
            except IntegrityError:
                document = Document.objects.select_for_update().get(key=key)
            else:
                _audit(actor, plan, document)
                _queue(document)
                return document
        refresh_stale(document)
        if document.status == DocumentStatus.QUEUED and document.requested_at < timezone.now() - outbox_grace():
            # Still queued after the grace: its hand-over may have been refused (broker down).
            # Hand it over again; the task claims the row, so a live first message renders nothing twice.
            Document.objects.filter(pk=document.pk).update(requested_at=timezone.now())
            document.refresh_from_db()
            _queue(document)
        elif document.status == DocumentStatus.FAILED or (
            document.status == DocumentStatus.READY and not _file_exists(document)
        ):
            Document.objects.filter(pk=document.pk).update(
                status=DocumentStatus.QUEUED, reason="", requested_at=timezone.now(),
                started_at=None, finished_at=None, requested_by=user,
            )
            document.refresh_from_db()
            _audit(actor, plan, document)
            _queue(document)
    return document


def outbox_grace() -> dt.timedelta:
    return dt.timedelta(seconds=settings.SOPLAN_OUTBOX_GRACE)


def requeue_stuck(*, now=None) -> list[int]:
    """The sweep (Celery beat, ``plans.hand_over_pending``): hand "queued" documents older than
    the grace to the broker again, and put back in the queue those left "rendering" past the
    hard time limit (their worker died). Returns the ids handed over."""
    now = now or timezone.now()
    stale_rendering = list(
        Document.objects.filter(status=DocumentStatus.RENDERING, started_at__lt=now - render_timeout())
        .values_list("pk", flat=True)
    )
    if stale_rendering:
        Document.objects.filter(pk__in=stale_rendering, status=DocumentStatus.RENDERING).update(
            status=DocumentStatus.QUEUED, requested_at=now, started_at=None
        )
    waiting = list(
        Document.objects.filter(status=DocumentStatus.QUEUED, requested_at__lt=now - outbox_grace())
        .exclude(pk__in=stale_rendering)
        .values_list("pk", flat=True)
    )
    if waiting:
        # A worker runs this sweep, so the queue is served: the wait restarts from now.
        Document.objects.filter(pk__in=waiting, status=DocumentStatus.QUEUED).update(requested_at=now)
    handed = []
    for document_id in [*stale_rendering, *waiting]:
        if queue.send(RENDER_TASK, document_id):
            handed.append(document_id)
    return handed


def _file_exists(document: Document) -> bool:
    return bool(document.file) and document.file.storage.exists(document.file.name)


def _queue(document: Document) -> None:
    document_id = document.pk
    # After commit: a worker must find the row (pretix's lesson); eagerly this runs right then.
    queue.send_on_commit(RENDER_TASK, document_id)


# --- Reading -------------------------------------------------------------------------------------


def document_slots(plan: Plan) -> list[dict[str, Any]]:
    """For the documents page: the versions and the concept, with per kind the latest document
    and whether it still shows the plan as it is now (else a new request makes a new one).

    While the plan is drafted the concept comes first; past drafting the version the plan stands
    on does. A concept with the same content as the newest version is not offered: it would
    only print that version again under CONCEPT.
    """
    language = document_language(plan)
    latest: dict[tuple[int | None, str], Document] = {}
    for document in Document.objects.filter(plan=plan, evaluation=None).select_related("version", "requested_by"):
        latest.setdefault((document.version_id, document.kind), document)  # newest first
    draft = current_snapshot(plan)
    versions = list(plan.versions.order_by("-number"))
    concept = [None] if not versions or versions[0].sha256 != draft[1] else []
    order = [*concept, *versions] if plan.is_editable else [*versions[:1], *concept, *versions[1:]]
    groups = []
    for version in order:
        rows = []
        for kind in PLAN_KINDS:
            document = latest.get((version.pk if version else None, kind.value))
            current = False
            if document is not None:
                inputs, sha = _inputs(plan=plan, version=version, kind=kind, draft=draft)
                key = document_key(plan=plan, version=version, kind=kind, language=language, sha=sha, inputs=inputs)
                current = key == document.key
                if document.status in (DocumentStatus.QUEUED, DocumentStatus.RENDERING):
                    refresh_stale(document)
            rows.append({"kind": kind, "document": document, "current": current, "version": version})
        groups.append({"version": version, "rows": rows, "sha256": version.sha256 if version else draft[1]})
    return groups


# --- Rendering (what the task runs) -------------------------------------------------------------


class TamperedVersionError(Exception):
    """The frozen snapshot no longer gives its hash: somebody changed it underneath."""


def document_source(document: Document) -> rendering.Source:
    inputs = document.inputs or {}
    if document.kind in (DocumentKind.EVALUATION, DocumentKind.REGIONAL):
        snapshot = inputs["snapshot"]
        if snapshot_sha256(snapshot) != document.snapshot_sha256:
            # The same rule as a version's: never print under a hash the content does not have.
            raise TamperedVersionError(document.pk)
        return rendering.Source(
            kind=document.kind, snapshot=snapshot, sha256=document.snapshot_sha256, version_number=None,
            status=inputs.get("status", ""), date=dt.date.fromisoformat(inputs["date"]),
            statement_year=inputs.get("year"), labels=inputs.get("labels", {}),
        )
    if document.version_id is not None:
        if not verify(document.version):
            # Never print a plan under a hash it does not have (the hash is what was signed).
            raise TamperedVersionError(document.version_id)
        snapshot = document.version.snapshot
        number = document.version.number
    else:
        snapshot = inputs["snapshot"]
        number = None
    return rendering.Source(
        kind=document.kind,
        snapshot=snapshot,
        sha256=document.snapshot_sha256,
        version_number=number,
        status=inputs.get("status", ""),
        superseded_by=inputs.get("superseded_by"),
        date=dt.date.fromisoformat(inputs["date"]) if inputs.get("date") else timezone.localdate(),
        signatures=inputs.get("signatures", []),
        statement_year=inputs.get("statement_year"),
        bodies=inputs.get("bodies", []),
        changes=inputs.get("changes"),
    )


def _claim(document_id: int, *, takeover: bool) -> bool:
    """Mark the document as being rendered by us; False when it is done or someone else has it."""
    now = timezone.now()
    candidates = Document.objects.filter(pk=document_id).exclude(status=DocumentStatus.READY)
    if not takeover:
        candidates = candidates.exclude(status=DocumentStatus.RENDERING, started_at__gt=now - render_timeout())
    return bool(
        candidates.update(status=DocumentStatus.RENDERING, started_at=now, finished_at=None,
                          attempts=F("attempts") + 1, reason="")
    )


def render_and_store(*, document_id: int, takeover: bool = False) -> Document | None:
    """Render the document and store its bytes; record a failure with its reason.

    Transient errors are raised (after putting the document back in the queue) so that the
    task can retry. Returns the document, or None when it no longer exists.
    """
    if not _claim(document_id, takeover=takeover):
        return Document.objects.filter(pk=document_id).first()
    document = Document.objects.select_related("plan__organisation", "version", "region").get(pk=document_id)
    if settings.SOPLAN_TEST_RENDER_DELAY:  # pragma: no cover - only the worker-kill test sets it
        import time

        time.sleep(settings.SOPLAN_TEST_RENDER_DELAY)
    try:
        with translation.override(document.language):
            rendered = rendering.render(document_source(document))
        digest = hashlib.sha256(rendered.content).hexdigest()
        document.file.save(rendered.filename, ContentFile(rendered.content), save=False)
        Document.objects.filter(pk=document_id).update(
            status=DocumentStatus.READY,
            reason="",
            file=document.file.name,
            filename=rendered.filename,
            sha256=digest,
            size=len(rendered.content),
            page_count=rendered.pages,
            finished_at=timezone.now(),
        )
    except Exception as exc:  # noqa: BLE001 - every failure is recorded; none may leave it "rendering"
        # Reasons are stored, so they are written in the document's (the organisation's) language.
        with translation.override(document.language):
            if is_transient(exc):
                logger.warning("document %s: transient error, will retry: %r", document_id, exc)
                Document.objects.filter(pk=document_id).update(
                    status=DocumentStatus.QUEUED,
                    reason=_("A temporary problem occurred (%(error)s); trying again.") % {"error": _short(exc)},
                )
                raise
            logger.exception("document %s could not be rendered", document_id)
            record_failure(document_id=document_id, reason=failure_reason(exc))
    document.refresh_from_db()
    return document


def _short(exc: BaseException) -> str:
    return type(exc).__name__


def failure_reason(exc: BaseException) -> str:
    """What the page says; the details (traceback, paths) stay in the log."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, TamperedVersionError):
        return _("The stored plan version no longer matches its hash, so it is not printed. "
                 "Ask the site administrator to look into it.")

    if isinstance(exc, SoftTimeLimitExceeded):
        return _("Making the document took longer than %(seconds)s seconds and was stopped.") % {
            "seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT
        }
    if is_transient(exc):
        return _("The document could not be made because of a problem that persisted after several "
                 "attempts (%(error)s). Try again later.") % {"error": _short(exc)}
    return _("The document could not be made because of an unexpected error (%(error)s). "
             "The administrator finds the details in the log.") % {"error": _short(exc)}


def give_up(*, document_id: int, exc: BaseException) -> None:
    """The task ran out of retries: record why, in the document's language."""
    language = Document.objects.filter(pk=document_id).values_list("language", flat=True).first()
    with translation.override(language or settings.LANGUAGE_CODE):
        record_failure(document_id=document_id, reason=failure_reason(exc))


def record_failure(*, document_id: int, reason: str) -> None:
    Document.objects.filter(pk=document_id).exclude(status=DocumentStatus.READY).update(
        status=DocumentStatus.FAILED, reason=reason[:2000], finished_at=timezone.now()
    )


def refresh_stale(document: Document) -> Document:
    """Call a document failed when its task can no longer be running (the page must not wait
    for ever on a worker that died or never came)."""
    now = timezone.now()
    reason = ""
    with translation.override(document.language):  # the stored reason, in the document's language
        reason = _stale_reason(document, now)
    if reason:
        record_failure(document_id=document.pk, reason=reason)
        document.refresh_from_db()
    return document


def _stale_reason(document: Document, now) -> str:
    reason = ""
    if document.status == DocumentStatus.QUEUED and document.requested_at < now - queue_timeout():
        reason = _("No worker picked up the document within %(minutes)s minutes. Check that the "
                   "background worker runs, then request the document again.") % {
            "minutes": int(queue_timeout().total_seconds() // 60)
        }
    elif document.status == DocumentStatus.RENDERING and document.started_at and (
        document.started_at < now - render_timeout()
    ):
        reason = _("Making the document stopped without a result (the worker may have been "
                   "restarted). Request the document again.")
    return reason
