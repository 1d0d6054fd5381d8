"""The documents page of a plan: request a PDF, follow its progress (htmx polling), download it.

Downloads never go through a public media URL: :func:`document_download` checks that the user
may read the plan and sends the file with its SHA-256.
"""

from __future__ import annotations

import base64

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from plans.content.completeness import evaluate_for_page
from plans.content.models import Plan, PlanVersion
from plans.content.pages import plan_for, plan_page
from plans.documents import services as documents
from plans.documents.models import PLAN_KINDS, Document, DocumentKind, DocumentStatus
from soplan.fields import Form, ModelChoiceField
from stakeholders.access import get_for_user
from stakeholders.changes import DomainError

READ_DOCUMENT = "plans.read_document"
REQUEST_DOCUMENT = "plans.request_document"
POLL_SECONDS = 1


class DocumentRequestForm(Form):
    kind = forms.ChoiceField(label=gettext_lazy("document"), choices=[(k.value, k.label) for k in PLAN_KINDS])
    version = ModelChoiceField(queryset=PlanVersion.objects.none(), required=False)

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = plan.versions.all()


def _document(request: HttpRequest, plan_obj: Plan, pk: int) -> Document:
    return get_for_user(
        request.user,
        Document.objects.filter(plan=plan_obj).select_related("plan__organisation", "version", "evaluation"),
        READ_DOCUMENT,
        pk=pk,
    )


def _slot(request: HttpRequest, plan_obj: Plan, *, kind: str, version, document, current: bool = True):
    return render(
        request,
        "plans/partials/document_slot.html",
        {
            "plan": plan_obj,
            "row": {"kind": DocumentKind(kind), "version": version, "document": document, "current": current},
            "poll_seconds": POLL_SECONDS,
        },
    )


@require_GET
def documents_page(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    report = evaluate_for_page(plan_obj)  # the same state gives the same report; submitting checks afresh
    return plan_page(
        request,
        plan_obj,
        "plans/documents/documents.html",
        "documents",
        {
            "groups": documents.document_slots(plan_obj),
            "open_points": len(report.blocking),
            "poll_seconds": POLL_SECONDS,
            "may_request": request.user.has_perm(REQUEST_DOCUMENT, plan_obj),
        },
    )


@require_POST
def document_request(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan, REQUEST_DOCUMENT)
    form = DocumentRequestForm(request.POST, plan=plan_obj)
    if not form.is_valid():
        if request.htmx:
            return HttpResponse(_("This document cannot be requested."), status=400)
        messages.error(request, _("This document cannot be requested."))
        return redirect("plans:documents", plan=plan_obj.pk)
    kind, version = form.cleaned_data["kind"], form.cleaned_data["version"]
    try:
        document = documents.request_document(actor=request.user, plan=plan_obj, version=version, kind=kind)
    except DomainError as exc:
        if request.htmx:
            return HttpResponse(exc.message, status=400)
        messages.error(request, exc.message)
        return redirect("plans:documents", plan=plan_obj.pk)
    document.refresh_from_db()  # eagerly, the task already ran when the transaction committed
    if request.htmx:
        return _slot(request, plan_obj, kind=kind, version=version, document=document)
    if document.status == DocumentStatus.READY:
        messages.success(request, _("The document is ready."))
    elif document.status == DocumentStatus.FAILED:
        messages.error(request, document.reason)
    else:
        messages.info(request, _("The document is being made. This page shows when it is ready."))
    return redirect("plans:documents", plan=plan_obj.pk)


@require_GET
def document_status(request: HttpRequest, plan: int, document: int) -> HttpResponse:
    """htmx polls this while the document is queued or being made; it stops once it is done."""
    plan_obj = plan_for(request, plan)
    doc = documents.refresh_stale(_document(request, plan_obj, document))
    if doc.evaluation_id is not None:  # the evaluation report lives on its evaluation's page
        if not request.htmx:
            return redirect(doc.evaluation.get_absolute_url())
        return render(request, "plans/partials/evaluation_report_slot.html",
                      {"plan": plan_obj, "evaluation": doc.evaluation, "document": doc, "poll_seconds": POLL_SECONDS,
                       "may_request": request.user.has_perm(REQUEST_DOCUMENT, plan_obj)})
    if not request.htmx:
        return redirect("plans:documents", plan=plan_obj.pk)
    return _slot(request, plan_obj, kind=doc.kind, version=doc.version, document=doc)


@require_GET
def document_download(request: HttpRequest, plan: int, document: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    return pdf_response(_document(request, plan_obj, document))


def pdf_response(doc: Document) -> FileResponse:
    """A rendered document as a download, with its SHA-256 (the caller has checked who may have it)."""
    if doc.status != DocumentStatus.READY or not doc.file:
        raise Http404(_("This document is not ready."))
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This document is no longer stored; request it again.")) from exc
    response = FileResponse(handle, as_attachment=True, filename=doc.filename, content_type="application/pdf")
    response["X-Content-SHA256"] = doc.sha256
    # RFC 9530: lets a client check the bytes it received.
    response["Repr-Digest"] = "sha-256=:" + base64.b64encode(bytes.fromhex(doc.sha256)).decode() + ":"
    response["Cache-Control"] = "private, no-store"
    return response
