"""Pages of the yearly evaluation (R17) and of the board statement drawn from it (R11)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plans.alignment import services as alignment
from plans.alignment.models import Comment
from plans.approval import selectors as approval
from plans.content.models import Plan
from plans.content.pages import check_perm, plan_for, plan_page
from soplan.errors import ConflictError, DomainError
from soplan.ui import run_action, run_form_service
from stakeholders.access import get_for_user

from . import cycle, evidence_files, selectors, services
from . import report as reports
from .forms import (
    EvaluationCommentForm,
    EvaluationForm,
    EvaluationReactionForm,
    EvidenceFileForm,
    ObjectiveResultForm,
    StatementFromEvaluationForm,
    ThemeReviewForm,
)
from .models import Evaluation, EvidenceFile


def _evaluation(plan: Plan, year: int) -> Evaluation:
    evaluation = plan.evaluations.filter(year=year).first()
    if evaluation is None:
        raise Http404
    return evaluation


def evaluations(request: HttpRequest, plan: int) -> HttpResponse:
    """The plan's years: evaluated, open, or still to evaluate; the author starts one."""
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.read_evaluation", plan_obj)
    can_write = request.user.has_perm("plans.write_evaluation", plan_obj)
    if request.method == "POST":
        check_perm(request, "plans.write_evaluation", plan_obj)
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = 0
        evaluation = None

        def start():
            nonlocal evaluation
            evaluation = services.evaluation_start(actor=request.user, plan=plan_obj, year=year)

        if run_action(request, start):
            return redirect(evaluation.get_absolute_url())
        return redirect("plans:evaluations", plan=plan_obj.pk)
    done = selectors.evaluations_by_year(plan_obj)
    startable = set(services.evaluable_years(plan_obj)) if plan_obj.status in services.EVALUATION_STATUSES else set()
    years = [(year, done.get(year), year in startable) for year in plan_obj.years]
    return plan_page(
        request, plan_obj, "plans/evaluation/evaluations.html", "evaluation",
        {"years": years, "can_write": can_write, "next_cycle": cycle.next_cycle_of(plan_obj),
         "can_start_next_cycle": plan_obj.status in services.EVALUATION_STATUSES
         and request.user.has_perm("plans.start_change", plan_obj)},
    )


@require_POST
def next_cycle(request: HttpRequest, plan: int) -> HttpResponse:
    """"Volgende cyclus starten": a new draft from the adopted plan, the evaluation carried in."""
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.start_change", plan_obj)
    new = None

    def start():
        nonlocal new
        new = cycle.start_next_cycle(actor=request.user, plan=plan_obj)

    if run_action(
        request, start,
        _("The next cycle has started as a new draft. Objectives not realised are carried over and marked."),
    ):
        return redirect("plans:themes", plan=new.pk)
    return redirect("plans:evaluations", plan=plan_obj.pk)


def _forms(data, view: selectors.EvaluationView):
    evaluation = view.evaluation
    general = EvaluationForm(data, instance=evaluation, prefix="e")
    objective_forms, theme_forms = [], []
    for block in view.themes:
        review = block.review
        theme_forms.append(
            (block, ThemeReviewForm(
                data, prefix=f"t-{block.theme.code}",
                initial={"needs_attention": review.needs_attention, "note": review.note,
                         "lock_version": review.lock_version} if review else None,
            ))
        )
        for objective, result in block.objectives:
            initial = (
                {"result": result.result, "measured": result.measured, "evidence": result.evidence,
                 "note": result.note, "lock_version": result.lock_version} if result else None
            )
            objective_forms.append((objective, ObjectiveResultForm(data, prefix=f"o-{objective.code}", initial=initial)))
    return general, objective_forms, theme_forms


def evaluation(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.read_evaluation", plan_obj)
    evaluation_obj = _evaluation(plan_obj, year)
    view = selectors.evaluation_view(evaluation_obj)
    all_files = list(evaluation_obj.evidence_files.all())
    can_write = request.user.has_perm("plans.write_evaluation", plan_obj) and not evaluation_obj.is_closed
    general = objective_forms = theme_forms = None
    if can_write:
        data = request.POST if request.method == "POST" else None
        general, objective_forms, theme_forms = _forms(data, view)
        if request.method == "POST":
            forms_ok = general.is_valid()
            # An objective left without a result is simply not evaluated yet: only filled forms count.
            filled = [(o, f) for o, f in objective_forms if f.has_changed() or f.data.get(f.add_prefix("result"))]
            forms_ok = all([f.is_valid() for _, f in filled] + [f.is_valid() for _, f in theme_forms]) and forms_ok
            if forms_ok and _save(request, view, general, filled, theme_forms):
                messages.success(request, _("The evaluation was saved."))
                return redirect(evaluation_obj.get_absolute_url())
    elif request.method == "POST":
        check_perm(request, "plans.write_evaluation", plan_obj)
        messages.error(request, _("The evaluation of %(year)s is closed; it can no longer be changed.") % {"year": year})
        return redirect(evaluation_obj.get_absolute_url())
    return plan_page(
        request, plan_obj, "plans/evaluation/evaluation.html", "evaluation",
        {"view": view, "evaluation": evaluation_obj, "can_write": can_write, "general": general,
         "objective_forms": dict(objective_forms or []), "theme_forms": {block.theme: form for block, form in theme_forms or []},
         "statement_year": year + 1 if year + 1 in plan_obj.years else None,
         "can_issue_statement": request.user.has_perm("plans.issue_statement", plan_obj),
         "missing": services.missing_results(evaluation_obj) if not evaluation_obj.is_closed else [],
         "report": reports.latest_report(evaluation_obj) if evaluation_obj.is_closed else None,
         "comments": list(evaluation_obj.comments.order_by("created_at", "pk")),
         "comment_form": EvaluationCommentForm() if request.user.has_perm("plans.comment_evaluation", plan_obj) else None,
         "may_react": request.user.has_perm("plans.handle_comment", plan_obj),
         "all_files": all_files, "files": evidence_files.files_by_objective(all_files),
         "evidence_form": EvidenceFileForm(objectives=[o for b in view.themes for o, _r in b.objectives])
         if can_write else None,
         "may_request": request.user.has_perm("plans.request_document", plan_obj)},
    )


def _save(request, view, general, filled, theme_forms) -> bool:
    """Save every part at once, or nothing: a refusal shows on the form and the input stays."""
    def save_all():
        with transaction.atomic():
            data = {k: general.cleaned_data[k] for k in services.EVALUATION_FIELDS}
            services.evaluation_update(
                actor=request.user, evaluation=view.evaluation,
                expected_version=general.cleaned_data["lock_version"], **data,
            )
            for objective, form in filled:
                services.objective_result_save(
                    actor=request.user, evaluation=view.evaluation, objective=objective,
                    result=form.cleaned_data["result"], measured=form.cleaned_data["measured"],
                    evidence=form.cleaned_data["evidence"], note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["lock_version"],
                )
            for block, form in theme_forms:
                if block.review is not None and form.has_changed():
                    services.theme_review_save(
                        actor=request.user, review=block.review,
                        needs_attention=form.cleaned_data["needs_attention"], note=form.cleaned_data["note"],
                        expected_version=form.cleaned_data["lock_version"],
                    )

    try:
        save_all()
    except ConflictError as exc:
        general.add_error(None, exc.message)
        return False
    except DomainError as exc:
        general.add_error(None, exc.message)
        return False
    except ValidationError as exc:
        general.add_error(None, " ".join(exc.messages))
        return False
    return True


@require_POST
def close(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.write_evaluation", plan_obj)
    evaluation_obj = _evaluation(plan_obj, year)
    run_action(
        request,
        lambda: services.evaluation_close(actor=request.user, evaluation=evaluation_obj),
        _("The evaluation of %(year)s is closed. The board can now draw its statement from it.") % {"year": year},
    )
    return redirect(evaluation_obj.get_absolute_url())


@require_POST
def comment(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """The board or a council comments on the evaluation (R17, as in step 4)."""
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.comment_evaluation", plan_obj)
    evaluation_obj = _evaluation(plan_obj, year)
    form = EvaluationCommentForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: alignment.comment_create(
                actor=request.user, plan=plan_obj, evaluation=evaluation_obj, text=form.cleaned_data["text"]
            ),
            _("Your comment was added; the author reacts to it."),
        )
    else:
        messages.error(request, _("Write your comment."))
    return redirect(evaluation_obj.get_absolute_url() + "#evaluation-comments")


@require_POST
def comment_react(request: HttpRequest, plan: int, year: int, comment: int) -> HttpResponse:
    """The author reacts to a comment on the evaluation; its writer is notified."""
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.handle_comment", plan_obj)
    evaluation_obj = _evaluation(plan_obj, year)
    comment_obj = get_for_user(
        request.user, Comment.objects.filter(plan=plan_obj, evaluation=evaluation_obj).select_related("plan__organisation"),
        "plans.handle_comment", pk=comment,
    )
    form = EvaluationReactionForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: alignment.comment_handle(
                actor=request.user, comment=comment_obj, reaction=form.cleaned_data["reaction"],
                expected_version=form.expected_version(),
            ),
            _("Your reaction was saved; %(name)s was notified.") % {"name": comment_obj.author_name},
        )
    else:
        messages.error(request, _("Write a short reaction: the person who commented reads it."))
    return redirect(evaluation_obj.get_absolute_url() + f"#comment-{comment_obj.pk}")


@require_POST
def evidence_upload(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """The author uploads an evidence file (R17) to the open evaluation."""
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.write_evaluation", plan_obj)
    evaluation_obj = _evaluation(plan_obj, year)
    form = EvidenceFileForm(request.POST, request.FILES, objectives=plan_obj.objectives.all())
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(evaluation_obj.get_absolute_url() + "#evidence-files")
    upload = form.cleaned_data["file"]

    def store():
        evidence_files.check_size(upload.size)  # before reading it into memory
        evidence_files.upload(
            actor=request.user, evaluation=evaluation_obj, filename=upload.name, content=upload.read(),
            objective_code=form.cleaned_data["objective"], description=form.cleaned_data["description"],
        )

    run_action(request, store, _("The file was added to the evaluation."))
    return redirect(evaluation_obj.get_absolute_url() + "#evidence-files")


@require_GET
def evidence_download(request: HttpRequest, plan: int, year: int, file: int) -> HttpResponse:
    """A member of the organisation downloads an evidence file; anybody else gets 404."""
    plan_obj = plan_for(request, plan)
    record = get_for_user(
        request.user, EvidenceFile.objects.filter(plan=plan_obj, evaluation__year=year).select_related("plan"),
        "plans.read_evaluation", pk=file,
    )
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=record.filename, content_type=record.content_type)
    response["X-Content-SHA256"] = record.sha256
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def report(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """Ask for the evaluation report PDF ("Evaluatie 2027"); Celery makes it (plans.documents)."""
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.request_document", plan_obj)
    evaluation_obj = _evaluation(plan_obj, year)
    document = None

    def ask():
        nonlocal document
        document = reports.request_report(actor=request.user, evaluation=evaluation_obj)

    ok = run_action(request, ask)
    if ok and request.htmx:
        document.refresh_from_db()
        return render(request, "plans/partials/evaluation_report_slot.html",
                      {"plan": plan_obj, "evaluation": evaluation_obj, "document": document, "may_request": True})
    return redirect(evaluation_obj.get_absolute_url())


def statement(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """The board statement of ``year + 1`` from this closed evaluation (R11)."""
    plan_obj = plan_for(request, plan)
    check_perm(request, "plans.issue_statement", plan_obj)
    evaluation_obj = _evaluation(plan_obj, year)
    if not evaluation_obj.is_closed:
        messages.info(request, _("Close the evaluation of %(year)s first.") % {"year": year})
        return redirect(evaluation_obj.get_absolute_url())
    unmet = services.unmet(evaluation_obj)
    form = StatementFromEvaluationForm(request.POST or None, unmet=unmet)
    if request.method == "POST" and form.is_valid():
        ok, issued = run_form_service(
            request, form,
            lambda: services.statement_from_evaluation(
                actor=request.user, plan=plan_obj, year=year + 1, text=form.cleaned_data["text"],
                explanations=form.explanations(),
                ip=request.META.get("REMOTE_ADDR") or None, user_agent=request.META.get("HTTP_USER_AGENT", ""),
            ),
        )
        if ok:
            messages.success(request, _("The board statement was issued; the councils were asked to co-sign it."))
            return redirect("plans:statement", plan=plan_obj.pk, statement=issued.pk)
    view = selectors.evaluation_view(evaluation_obj)
    return plan_page(
        request, plan_obj, "plans/evaluation/statement.html", "evaluation",
        {"evaluation": evaluation_obj, "view": view, "form": form, "statement_year": year + 1,
         "met": [r for r in view.results if r.result == "realised"], "unmet": unmet,
         "version": approval.adopted_version(plan_obj)},
    )
