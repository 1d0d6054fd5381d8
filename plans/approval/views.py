"""Step 6 pages: approval, consent, versions, timeline, board statements and notifications.

Thin views (style.md): fetch through ``get_for_user``; GET shows a confirmation page or form,
POST calls one service of :mod:`plans.lifecycle`; a refusal becomes a message or a form error.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from plans.approval import selectors, statements
from plans.approval import services as lifecycle
from plans.approval.diff import diff
from plans.approval.forms import (
    ApproveForm,
    ConsentForm,
    MarkSentForm,
    RequestConsentForm,
    ReturnForm,
    SignStatementForm,
    StartChangeForm,
    StatementForm,
)
from plans.approval.models import BoardStatement
from plans.approval.versions import current_snapshot, present, verify
from plans.content.completeness import evaluate
from plans.content.models import Plan, PlanStatus, PlanVersion
from plans.content.pages import READ, check_perm, plan_for, plan_page
from plans.content.selectors import current_version
from plans.rules import COUNCILS
from soplan.ui import run_action, run_form_service
from stakeholders.access import get_for_user, recording_kinds_of
from stakeholders.models import Body, BodyKind
from stakeholders.second_factor import ask_for_second_factor


def _origin(request: HttpRequest) -> dict:
    """Where a decision was recorded from: the client's address and browser, as evidence."""
    return {"ip": request.META.get("REMOTE_ADDR") or None, "user_agent": request.META.get("HTTP_USER_AGENT", "")}



def _back(plan: Plan) -> HttpResponse:
    return redirect("plans:approval", plan=plan.pk)


def _wrong_status(request: HttpRequest, plan: Plan, allowed) -> HttpResponse | None:
    """A confirmation page opened when the step is not (or no longer) possible."""
    if plan.status in allowed:
        return None
    messages.info(
        request,
        _("This step is not possible now: the plan is %(status)s.") % {"status": plan.get_status_display().lower()},
    )
    return _back(plan)


def _body_names(plan: Plan, kinds: list[str]) -> list[tuple[str, str]]:
    names = {b.kind: b.name for b in plan.organisation.bodies.all()}
    return [(k, names.get(k, str(BodyKind(k).label))) for k in kinds]


# --- The approval page ----------------------------------------------------------------------

STAGES = (
    ((PlanStatus.DRAFT, PlanStatus.CONSULTATION), gettext_lazy("Draft")),
    ((PlanStatus.SUBMITTED,), gettext_lazy("Board decides")),
    ((PlanStatus.APPROVED_BY_BOARD,), gettext_lazy("Approved by the board")),
    ((PlanStatus.AWAITING_CONSENT,), gettext_lazy("Councils consent")),
    ((PlanStatus.ADOPTED,), gettext_lazy("Adopted")),
    ((PlanStatus.SENT_TO_ZORGKANTOOR, PlanStatus.IN_EXECUTION, PlanStatus.EVALUATED), gettext_lazy("Sent and in execution")),
)


def _stages(plan: Plan) -> list[tuple[str, str]]:
    """(label, done | current | todo) for the progress bar on the approval page."""
    index = next((i for i, (statuses, _label) in enumerate(STAGES) if plan.status in statuses), 0)
    return [
        (str(label), "done" if i < index else ("current" if i == index else "todo"))
        for i, (_statuses, label) in enumerate(STAGES)
    ]



@require_safe
def approval(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    snapshot = None
    change_diff = None
    if plan_obj.is_editable:
        snapshot, _hash = current_snapshot(plan_obj)
    state = selectors.approval_state(plan_obj, snapshot)
    if plan_obj.is_editable and state.change_base is not None:
        change_diff = diff(state.change_base.snapshot, snapshot)
    user = request.user
    statement_states = selectors.statement_states(plan_obj) if plan_obj.status in lifecycle.STATEMENT_STATUSES else []
    own_kinds = set(recording_kinds_of(user, plan_obj.organisation)) & set(COUNCILS)
    return plan_page(
        request,
        plan_obj,
        "plans/approval/approval.html",
        "approval",
        {
            "state": state,
            "stages": _stages(plan_obj),
            "change_diff": change_diff,
            "versions": plan_obj.versions.order_by("-number"),
            "statements": statement_states,
            "own_kinds": own_kinds,
            "may": {
                "submit": user.has_perm("plans.submit_plan", plan_obj),
                "decide": user.has_perm("plans.decide_as_board", plan_obj),
                "request": user.has_perm("plans.request_consent", plan_obj),
                "mark_sent": user.has_perm("plans.mark_sent", plan_obj),
                "change": user.has_perm("plans.start_change", plan_obj),
                "statement": user.has_perm("plans.issue_statement", plan_obj),
            },
            "statement_possible": plan_obj.status in lifecycle.STATEMENT_STATUSES,
            "changeable": plan_obj.status in lifecycle.CHANGEABLE_STATUSES,
        },
    )


# --- Transitions ----------------------------------------------------------------------------


def submit(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.submit_plan", plan_obj)
    if (response := _wrong_status(request, plan_obj, (PlanStatus.DRAFT, PlanStatus.CONSULTATION))) is not None:
        return response
    if (response := ask_for_second_factor(request, plan_obj.organisation)) is not None:
        return response
    if request.method == "POST":
        ok = run_action(
            request,
            lambda: lifecycle.submit_plan(actor=request.user, plan=plan_obj),
            _("The plan was submitted to the board. It is frozen as a new version; the board was notified."),
        )
        if not ok:
            return redirect("plans:submit", plan=plan_obj.pk)
        return _back(plan_obj)
    # Afresh, as the submission itself checks: this page must not offer to submit a plan that a
    # change nobody audits (reference data in the admin) has made incomplete since the last check.
    report = evaluate(plan_obj)
    return plan_page(
        request,
        plan_obj,
        "plans/approval/submit.html",
        "approval",
        {"blocking": [(f, report.url(f)) for f in report.blocking], "next_number": plan_obj.versions.count() + 1},
    )


def _board_page(request: HttpRequest, plan_obj: Plan) -> tuple[PlanVersion, dict]:
    version = current_version(plan_obj)
    base = selectors.diff_base(version)
    return version, {
        "version": version,
        "base": base,
        "version_diff": diff(base.snapshot, version.snapshot) if base else None,
        "consent_bodies": _body_names(
            plan_obj, [k for k, _reason in selectors.required_consent(plan_obj.organisation, version.snapshot)]
        ),
    }


def approve(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.decide_as_board", plan_obj)
    if (response := _wrong_status(request, plan_obj, (PlanStatus.SUBMITTED,))) is not None:
        return response
    if (response := ask_for_second_factor(request, plan_obj.organisation)) is not None:
        return response
    version, context = _board_page(request, plan_obj)
    form = ApproveForm(request.POST or None, bodies=context["consent_bodies"], initial={"version_sha256": version.sha256})
    if request.method == "POST" and form.is_valid():
        ok, _decision = run_form_service(
            request,
            form,
            lambda: lifecycle.approve_plan(
                actor=request.user,
                plan=plan_obj,
                expected_sha256=form.cleaned_data["version_sha256"],
                note=form.cleaned_data["note"],
                consent_deadlines=form.deadlines() if form.cleaned_data["ask_consent"] else None,
                **_origin(request),
            ),
        )
        if ok:
            if form.cleaned_data["ask_consent"]:
                messages.success(request, _("The board approved the plan and consent was requested from the councils."))
            else:
                messages.success(request, _("The board approved the plan."))
            return _back(plan_obj)
    return plan_page(request, plan_obj, "plans/approval/approve.html", "approval", {**context, "form": form})


def return_plan(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.decide_as_board", plan_obj)
    if (response := _wrong_status(request, plan_obj, (PlanStatus.SUBMITTED,))) is not None:
        return response
    if (response := ask_for_second_factor(request, plan_obj.organisation)) is not None:
        return response
    version, context = _board_page(request, plan_obj)
    form = ReturnForm(request.POST or None, initial={"version_sha256": version.sha256})
    if request.method == "POST" and form.is_valid():
        ok, _decision = run_form_service(
            request,
            form,
            lambda: lifecycle.return_plan(
                actor=request.user,
                plan=plan_obj,
                expected_sha256=form.cleaned_data["version_sha256"],
                reasons=form.cleaned_data["reasons"],
                **_origin(request),
            ),
        )
        if ok:
            messages.success(request, _("The plan was returned to the author with your reasons."))
            return _back(plan_obj)
    return plan_page(request, plan_obj, "plans/approval/return.html", "approval", {**context, "form": form})


def request_consent(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.request_consent", plan_obj)
    if (response := _wrong_status(request, plan_obj, (PlanStatus.APPROVED_BY_BOARD,))) is not None:
        return response
    version = current_version(plan_obj)
    required = selectors.required_consent(plan_obj.organisation, version.snapshot)
    form = RequestConsentForm(request.POST or None, bodies=_body_names(plan_obj, [k for k, _r in required]))
    if request.method == "POST" and form.is_valid():
        ok, _requests = run_form_service(
            request,
            form,
            lambda: lifecycle.request_consent(actor=request.user, plan=plan_obj, deadlines=form.deadlines()),
        )
        if ok:
            messages.success(request, _("Consent was requested; the councils were notified."))
            return _back(plan_obj)
    return plan_page(
        request,
        plan_obj,
        "plans/approval/request_consent.html",
        "approval",
        {"form": form, "version": version, "state": selectors.approval_state(plan_obj)},
    )


def record_consent(request: HttpRequest, plan: int, body: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    body_obj = get_for_user(request.user, Body.objects.filter(organisation=plan_obj.organisation), READ, pk=body)
    check_perm(request, "plans.decide_for_council", body_obj)
    member = selectors.recorder(request.user, plan_obj.organisation, body_obj.kind)  # for the position
    if (response := _wrong_status(request, plan_obj, (PlanStatus.AWAITING_CONSENT,))) is not None:
        return response
    if (response := ask_for_second_factor(request, plan_obj.organisation)) is not None:
        return response
    version = current_version(plan_obj)
    consent_request = version.consent_requests.filter(body=body_obj).first()
    earlier = version.decisions.filter(body=body_obj).first()
    base = selectors.last_consented_version(body_obj, version)
    base_kind = "consented"
    if base is None:
        base, base_kind = selectors.diff_base(version), "previous"
    form = ConsentForm(request.POST or None, initial={"version_sha256": version.sha256})
    if request.method == "POST" and form.is_valid():
        ok, _decision = run_form_service(
            request,
            form,
            lambda: lifecycle.record_consent(
                actor=request.user,
                plan=plan_obj,
                body=body_obj,
                decision=form.cleaned_data["decision"],
                text=form.cleaned_data["text"],
                expected_sha256=form.cleaned_data["version_sha256"],
                **_origin(request),
            ),
        )
        if ok:
            messages.success(
                request, _("The decision of %(body)s was recorded and bound to version %(hash)s.")
                % {"body": body_obj.name, "hash": version.short_hash}
            )
            return _back(plan_obj)
    return plan_page(
        request,
        plan_obj,
        "plans/approval/record_consent.html",
        "approval",
        {
            "form": form,
            "body": body_obj,
            "member": member,
            "version": version,
            "consent_request": consent_request,
            "earlier": earlier,
            "base": base,
            "base_kind": base_kind,
            "version_diff": diff(base.snapshot, version.snapshot) if base else None,
            "board_decision": version.decisions.filter(body__kind=BodyKind.BOARD).first(),
        },
    )


def mark_sent(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.mark_sent", plan_obj)
    if (response := _wrong_status(request, plan_obj, (PlanStatus.ADOPTED,))) is not None:
        return response
    if (response := ask_for_second_factor(request, plan_obj.organisation)) is not None:
        return response
    form = MarkSentForm(request.POST or None, initial={"zorgkantoor": plan_obj.organisation.zorgkantoor})
    if request.method == "POST" and form.is_valid():
        ok, _submission = run_form_service(
            request,
            form,
            lambda: lifecycle.mark_sent(
                actor=request.user,
                plan=plan_obj,
                sent_on=form.cleaned_data["sent_on"],
                zorgkantoor=form.cleaned_data["zorgkantoor"],
            ),
        )
        if ok:
            messages.success(request, _("The plan is marked as sent to the zorgkantoor and is now in execution."))
            return _back(plan_obj)
    return plan_page(
        request,
        plan_obj,
        "plans/approval/mark_sent.html",
        "approval",
        {"form": form, "version": selectors.adopted_version(plan_obj)},
    )


def start_change(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.start_change", plan_obj)
    if (response := _wrong_status(request, plan_obj, lifecycle.CHANGEABLE_STATUSES)) is not None:
        return response
    form = StartChangeForm(request.POST or None, initial={"title": plan_obj.title})
    if request.method == "POST" and form.is_valid():
        ok, new = run_form_service(
            request,
            form,
            lambda: lifecycle.start_change(actor=request.user, plan=plan_obj, title=form.cleaned_data["title"]),
        )
        if ok:
            messages.success(
                request,
                _("A new draft was started from the adopted version. Change what is needed and submit it; "
                  "the councils will see exactly what changed."),
            )
            return redirect("plans:approval", plan=new.pk)
    return plan_page(
        request,
        plan_obj,
        "plans/approval/start_change.html",
        "approval",
        {"form": form, "version": selectors.adopted_version(plan_obj)},
    )


# --- Reading: versions and timeline ---------------------------------------------------------


def version_detail(request: HttpRequest, plan: int, version: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    version_obj = get_for_user(
        request.user, PlanVersion.objects.filter(plan=plan_obj).select_related("plan__organisation", "created_by"),
        READ, pk=version,
    )
    base = selectors.diff_base(version_obj)
    return plan_page(
        request,
        plan_obj,
        "plans/approval/version.html",
        "approval",
        {
            "version": version_obj,
            "intact": verify(version_obj),
            "content": present(version_obj.snapshot),
            "base": base,
            "version_diff": diff(base.snapshot, version_obj.snapshot) if base else None,
            "signatures": selectors.signatures(version_obj),
            "requests": version_obj.consent_requests.select_related("body"),
        },
    )


@require_safe
def timeline(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    return plan_page(
        request,
        plan_obj,
        "plans/approval/timeline.html",
        "approval",
        {"entries": selectors.timeline(plan_obj), "successors": plan_obj.successors.all()},
    )


# --- Yearly board statement (R11) -----------------------------------------------------------


def statement_add(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.issue_statement", plan_obj)
    if (response := _wrong_status(request, plan_obj, lifecycle.STATEMENT_STATUSES)) is not None:
        return response
    if (response := ask_for_second_factor(request, plan_obj.organisation)) is not None:
        return response
    taken = {s.statement.year for s in selectors.statement_states(plan_obj) if not s.is_declined}
    free = [y for y in plan_obj.years if y not in taken]
    this_year = timezone.localdate().year
    initial_year = this_year if this_year in free else (free[0] if free else None)
    form = StatementForm(request.POST or None, years=free or plan_obj.years, initial_year=initial_year)
    if request.method == "POST" and form.is_valid():
        ok, statement = run_form_service(
            request,
            form,
            lambda: statements.issue_statement(
                actor=request.user,
                plan=plan_obj,
                year=form.cleaned_data["year"],
                text=form.cleaned_data["text"],
                objectives_met=form.cleaned_data["objectives_met"],
                explanation=form.cleaned_data["explanation"],
                **_origin(request),
            ),
        )
        if ok:
            messages.success(request, _("The board statement was issued; the councils were asked to co-sign it."))
            return redirect("plans:statement", plan=plan_obj.pk, statement=statement.pk)
    return plan_page(
        request,
        plan_obj,
        "plans/approval/statement_form.html",
        "approval",
        {"form": form, "version": selectors.adopted_version(plan_obj),
         "bodies": _body_names(plan_obj, selectors.statement_body_kinds(plan_obj.organisation))},
    )


def _statement(request: HttpRequest, plan_obj: Plan, pk: int) -> BoardStatement:
    return get_for_user(
        request.user, BoardStatement.objects.filter(plan=plan_obj).select_related("plan__organisation", "version"),
        READ, pk=pk,
    )


def statement_detail(request: HttpRequest, plan: int, statement: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    statement_obj = _statement(request, plan_obj, statement)
    state = selectors.statement_state(statement_obj)
    own = [
        (kind, body) for kind, body, signature in state.rows
        if signature is None and body is not None and kind in recording_kinds_of(request.user, plan_obj.organisation)
    ]
    return plan_page(
        request,
        plan_obj,
        "plans/approval/statement.html",
        "approval",
        {"state": state, "statement": statement_obj, "own": own if state.is_open else [],
         "rows": selectors.statement_signatures(statement_obj)},
    )


def statement_sign(request: HttpRequest, plan: int, statement: int, body: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    statement_obj = _statement(request, plan_obj, statement)
    body_obj = get_for_user(request.user, Body.objects.filter(organisation=plan_obj.organisation), READ, pk=body)
    check_perm(request, "plans.decide_for_council", body_obj)
    member = selectors.recorder(request.user, plan_obj.organisation, body_obj.kind)  # for the position
    if (response := ask_for_second_factor(request, plan_obj.organisation)) is not None:
        return response
    form = SignStatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _signature = run_form_service(
            request,
            form,
            lambda: statements.sign_statement(
                actor=request.user,
                statement=statement_obj,
                body=body_obj,
                decision=form.cleaned_data["decision"],
                text=form.cleaned_data["text"],
                **_origin(request),
            ),
        )
        if ok:
            messages.success(request, _("The decision of %(body)s on the board statement was recorded.") % {"body": body_obj.name})
            return redirect("plans:statement", plan=plan_obj.pk, statement=statement_obj.pk)
    return plan_page(
        request,
        plan_obj,
        "plans/approval/statement_sign.html",
        "approval",
        {"form": form, "statement": statement_obj, "body": body_obj, "member": member,
         "state": selectors.statement_state(statement_obj)},
    )
