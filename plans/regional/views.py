"""The region's pages: the coordinator's dashboard, and the board's page where it chooses what
its organisation shares (design.md "Roles", "How data flows" 6)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from plans.documents import services as documents
from plans.documents.models import Document, DocumentKind, DocumentStatus
from plans.documents.views import pdf_response
from plans.regional import excel, report, selectors, services
from plans.regional.forms import ActionForm, LinkForm, MonitorForm, SharingForm
from plans.regional.models import Contribution, RegionalAction
from soplan.ui import run_form_service
from stakeholders.access import get_for_user
from stakeholders.models import Organisation, Region, Sharing


def region_for(request: HttpRequest, slug: str, perm: str = "plans.read_region") -> Region:
    """The region, for one of its coordinators; not found for everybody else (we do not even
    confirm that it exists)."""
    region = Region.objects.filter(slug=slug).first()
    if region is None or not request.user.has_perm(perm, region):
        raise Http404
    return region


@require_safe
def regions(request: HttpRequest) -> HttpResponse:
    """The regions the user coordinates."""
    mine = Region.objects.filter(coordinators__user=request.user).order_by("name")
    return render(request, "plans/regional/regions.html", {"regions": mine})


@require_safe
def region_dashboard(request: HttpRequest, region: str) -> HttpResponse:
    board = selectors.dashboard(region_for(request, region))
    monitor = report.latest_monitor(board.region)
    if monitor is not None and not monitor.is_done:
        documents.refresh_stale(monitor)
    return render(
        request,
        "plans/regional/dashboard.html",
        {"board": board, "region": board.region, "sections": report.sections(board), "monitor": monitor,
         "monitor_form": MonitorForm(initial={"year": timezone.localdate().year}), "poll_seconds": POLL_SECONDS},
    )


# --- The regional monitor as PDF (rendered by the worker through plans.documents) ---------------

POLL_SECONDS = 1


def _monitor_slot(request: HttpRequest, region_obj: Region, document: Document | None, form=None) -> HttpResponse:
    return render(request, "plans/regional/monitor_slot.html", {
        "region": region_obj, "monitor": document, "poll_seconds": POLL_SECONDS,
        "monitor_form": form or MonitorForm(initial={"year": timezone.localdate().year}),
    })


@require_POST
def region_monitor(request: HttpRequest, region: str) -> HttpResponse:
    """The coordinator asks for "Regionale monitor <year>": frozen now, made by the worker."""
    region_obj = region_for(request, region)
    form = MonitorForm(request.POST)
    document = None
    if form.is_valid():
        ok, document = run_form_service(
            request, form,
            lambda: report.request_monitor(actor=request.user, region=region_obj, year=form.cleaned_data["year"]),
        )
        if ok:
            document.refresh_from_db()  # eagerly, the task already ran when the transaction committed
    if request.htmx:
        return _monitor_slot(request, region_obj, document or report.latest_monitor(region_obj), form)
    if document is None:
        messages.error(request, " ".join(str(e) for e in form.errors.get("__all__", form.errors.get("year", []))))
    elif document.status == DocumentStatus.READY:
        messages.success(request, _("The document is ready."))
    elif document.status == DocumentStatus.FAILED:
        messages.error(request, document.reason)
    else:
        messages.info(request, _("The document is being made. This page shows when it is ready."))
    return redirect(region_obj.get_absolute_url() + "#monitor")


def _monitor(region_obj: Region, pk: int) -> Document:
    document = Document.objects.filter(region=region_obj, kind=DocumentKind.REGIONAL, pk=pk).first()
    if document is None:
        raise Http404
    return document


@require_GET
def region_monitor_status(request: HttpRequest, region: str, document: int) -> HttpResponse:
    """htmx polls this while the monitor is queued or being made; it stops once it is done."""
    region_obj = region_for(request, region)
    doc = documents.refresh_stale(_monitor(region_obj, document))
    if not request.htmx:
        return redirect(region_obj.get_absolute_url() + "#monitor")
    return _monitor_slot(request, region_obj, doc)


@require_GET
def region_monitor_download(request: HttpRequest, region: str, document: int) -> HttpResponse:
    """Only the region's own coordinators download its monitor (everybody else: not found)."""
    return pdf_response(_monitor(region_for(request, region), document))


@require_safe
def region_excel(request: HttpRequest, region: str) -> HttpResponse:
    """The dashboard's figures and the doe-agenda as an Excel workbook."""
    region_obj = region_for(request, region)
    data = excel.workbook(selectors.dashboard(region_obj), selectors.agenda(region_obj))
    response = HttpResponse(data, content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="regio-{region_obj.slug}.xlsx"'
    return response


def sharing(request: HttpRequest, org: str) -> HttpResponse:
    """The board chooses, per kind of figure, what the organisation shares with its regions."""
    organisation = get_for_user(request.user, Organisation, "plans.manage_sharing", slug=org)
    current = sorted(Sharing.objects.filter(organisation=organisation).values_list("kind", flat=True))
    form = SharingForm(request.POST or None, initial={"kinds": current})
    if request.method == "POST" and form.is_valid():
        ok, _result = run_form_service(
            request,
            form,
            lambda: services.set_sharing(actor=request.user, organisation=organisation, kinds=set(form.cleaned_data["kinds"])),
        )
        if ok:
            messages.success(request, _("What your organisation shares with its region was saved."))
            return redirect("plans:region_sharing", org=organisation.slug)
    return render(
        request,
        "plans/regional/sharing.html",
        {"organisation": organisation, "form": form, "regions": organisation.regions.order_by("name")},
    )


# --- The doe-agenda ---------------------------------------------------------------------------


def agenda(request: HttpRequest, region: str) -> HttpResponse:
    """The region's doe-agenda: its actions with the members' contributions; the coordinator
    adds actions here."""
    region_obj = region_for(request, region, "plans.manage_agenda")
    form = ActionForm(request.POST or None, region=region_obj)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "lock_version"}
        ok, _result = run_form_service(
            request, form, lambda: services.action_create(actor=request.user, region=region_obj, **data)
        )
        if ok:
            messages.success(request, _("The action was added to the doe-agenda."))
            return redirect("plans:region_agenda", region=region_obj.slug)
    return render(
        request,
        "plans/regional/agenda.html",
        {"region": region_obj, "actions": selectors.agenda(region_obj), "form": form},
    )


def action_edit(request: HttpRequest, region: str, regional_action: int) -> HttpResponse:
    region_obj = region_for(request, region, "plans.manage_agenda")
    action = RegionalAction.objects.filter(region=region_obj, pk=regional_action).first()
    if action is None:
        raise Http404
    initial = {
        "title": action.title, "description": action.description, "owner": action.owner, "horizon": action.horizon,
        "status": action.status, "participants": list(action.participants.all()), "lock_version": action.lock_version,
    }
    form = ActionForm(request.POST or None, region=region_obj, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("lock_version")
        ok, _result = run_form_service(
            request, form,
            lambda: services.action_update(actor=request.user, action=action, expected_version=version, **data),
        )
        if ok:
            messages.success(request, _("The action was saved."))
            return redirect("plans:region_agenda", region=region_obj.slug)
    return render(request, "plans/regional/action_form.html", {"region": region_obj, "action": action, "form": form})


def member_agenda(request: HttpRequest, org: str) -> HttpResponse:
    """A member's author links interventions of the adopted plan to the regional actions the
    organisation takes part in."""
    organisation = get_for_user(request.user, Organisation, "plans.link_regional_action", slug=org)
    interventions = selectors.linkable_interventions(organisation)
    if request.method == "POST":
        action = RegionalAction.objects.filter(participants=organisation, pk=request.POST.get("regional_action") or 0).first()
        unlink = request.POST.get("unlink")
        if unlink:
            contribution = Contribution.objects.filter(organisation=organisation, pk=unlink if unlink.isdigit() else 0).first()
            if contribution is None:
                raise Http404
            services.contribution_unlink(actor=request.user, contribution=contribution)
            messages.success(request, _("The link was removed."))
            return redirect("plans:member_agenda", org=organisation.slug)
        if action is None:
            raise Http404
        form = LinkForm(request.POST, interventions=interventions, prefix=f"a{action.pk}")
        if form.is_valid():
            ok, _result = run_form_service(
                request, form,
                lambda: services.contribution_link(actor=request.user, action=action, organisation=organisation,
                                                   intervention_code=form.cleaned_data["intervention"]),
            )
            if ok:
                messages.success(request, _("The intervention was linked to the regional action."))
                return redirect("plans:member_agenda", org=organisation.slug)
        messages.error(request, _("Choose an intervention of your adopted plan."))
    actions = list(
        RegionalAction.objects.filter(participants=organisation)
        .select_related("region", "owner")
        .prefetch_related("contributions")
        .order_by("region__name", "title")
    )
    rows = [
        (action, [c for c in action.contributions.all() if c.organisation_id == organisation.pk],
         LinkForm(interventions=interventions, prefix=f"a{action.pk}"))
        for action in actions
    ]
    return render(request, "plans/regional/member_agenda.html",
                  {"organisation": organisation, "rows": rows, "has_interventions": bool(interventions)})
