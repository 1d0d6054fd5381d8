"""Step 4 pages: the alignment page (consultation, comments, team wishes) and its actions.

Thin views (style.md): fetch through ``get_for_user``; GET shows a page or a form, POST calls one
service of :mod:`plans.alignment`; a refusal becomes a form error or a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from plans.alignment import services as alignment
from plans.alignment.forms import CommentForm, HandleCommentForm, OpenConsultationForm, WishInterventionForm
from plans.alignment.models import Comment
from plans.content import services
from plans.content.completeness import SECTION_BY_KEY
from plans.content.models import InterventionLevel, PlanStatus
from plans.content.pages import EDIT, check_perm, plan_for, plan_page
from plans.content.selectors import plan_content
from soplan.ui import run_action, run_form_service
from stakeholders.access import get_for_user, roles_of
from stakeholders.models import Unit

MANAGE = "plans.manage_consultation"
HANDLE = "plans.handle_comment"



def _url(plan, anchor: str = "") -> str:
    url = reverse("plans:alignment", kwargs={"plan": plan.pk})
    return f"{url}#{anchor}" if anchor else url


def _comment(request: HttpRequest, plan, pk: int, perm: str = HANDLE) -> Comment:
    return get_for_user(
        request.user,
        Comment.objects.filter(plan=plan, evaluation=None).select_related("plan__organisation", "unit", "intervention"),
        perm,
        pk=pk,
    )


def _checklist(content) -> list[dict]:
    """R6: what to discuss in the alignment meeting, each with where it stands in the plan."""
    plan = content.plan
    # Counted in the database: loading every intervention to count them cost a large plan's
    # page more than all the rest of it.
    counts = plan.interventions.aggregate(
        total=Count("pk"),
        running=Count("pk", filter=Q(already_running=True)),
        elsewhere=Count("pk", filter=Q(funded_elsewhere=True)),
    )
    formation_units = set(plan.formation_rows.values_list("unit_id", flat=True))
    qualification_units = set(plan.qualification_rows.values_list("unit_id", flat=True))
    evaluable = [o for o in content.objectives if o.indicator.strip() and o.target_year]

    def link(name: str) -> str:
        return reverse(name, kwargs={"plan": plan.pk})

    return [
        {
            "text": _("Overview of themes, objectives and draft learning interventions"),
            "state": _("Themes: %(t)s · objectives: %(o)s · interventions: %(i)s")
            % {"t": len(content.themes), "o": len(content.objectives), "i": counts["total"]},
            "url": link("plans:interventions"),
        },
        {
            "text": _("Additions from the teams, also interventions already running or funded otherwise"),
            "state": _("Already running: %(r)s · funded otherwise: %(e)s") % {"r": counts["running"], "e": counts["elsewhere"]},
            "url": link("plans:interventions"),
        },
        {
            "text": _("Formation per line manager and team: outflow and new roles"),
            "state": _("Units with formation figures: %(n)s") % {"n": len(formation_units)},
            "url": link("plans:formation"),
        },
        {
            "text": _("Desired qualification levels and directions, and the gap with today"),
            "state": _("Units with a qualification mix: %(n)s") % {"n": len(qualification_units)},
            "url": link("plans:qualification"),
        },
        {
            "text": _("How and when the plan will be evaluated"),
            "state": _("Objectives with an indicator and a target year: %(n)s of %(total)s")
            % {"n": len(evaluable), "total": len(content.objectives)},
            "url": link("plans:themes"),
        },
    ]


def _section_links(plan) -> dict[str, tuple[str, str]]:
    """Section key → (title, URL of its page), for the tag on each comment."""
    return {
        key: (title, reverse(SECTION_BY_KEY[key].url_name, kwargs={"plan": plan.pk}))
        for key, title in alignment.commentable_sections()
    }


def _managed_units(request: HttpRequest, plan):
    """The units this user may submit team wishes for (plans.rules), as a query for the form."""
    ids = [unit.pk for unit in plan.organisation.units.all() if request.user.has_perm("plans.wish_for_unit", unit)]
    return Unit.objects.filter(organisation=plan.organisation, pk__in=ids).order_by("name")


def alignment_page(request: HttpRequest, plan: int) -> HttpResponse:
    """Step 4: the consultation, the comments and wishes, and a form to add one."""
    plan_obj = plan_for(request, plan)
    user = request.user
    may_comment = user.has_perm("plans.comment_plan", plan_obj)
    form = None
    if may_comment:
        initial = {}
        if request.GET.get("section") in dict(alignment.commentable_sections()):
            initial["section"] = request.GET["section"]
        if request.GET.get("kind") == "wish":
            initial["kind"] = "wish"
        form = CommentForm(
            request.POST or None,
            plan=plan_obj,
            roles=roles_of(user, plan_obj.organisation),
            units=_managed_units(request, plan_obj),
            initial=initial,
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            ok, comment = run_form_service(
                request, form, lambda: alignment.comment_create(actor=user, plan=plan_obj, **form.values())
            )
            if ok:
                messages.success(
                    request,
                    _("Your team wish was added. The L&D author will react to it.")
                    if comment.is_wish
                    else _("Your comment was added. The L&D author will react to it."),
                )
                return redirect(_url(plan_obj, f"comment-{comment.pk}"))
    content = plan_content(plan_obj)
    open_comments = [c for c in content.comments if not c.is_handled]
    handled = [c for c in content.comments if c.is_handled]  # in the order they were written
    return plan_page(
        request,
        plan_obj,
        "plans/alignment/alignment.html",
        "alignment",
        {
            "form": form,
            "open_comments": open_comments,
            "handled_comments": handled,
            "rounds": list(reversed(content.consultations)),
            "consultation": content.consultation,
            "checklist": _checklist(content),
            "section_links": _section_links(plan_obj),
            "may": {
                "manage": user.has_perm(MANAGE, plan_obj),
                "handle": user.has_perm(HANDLE, plan_obj),
                "comment": may_comment,
                "edit": user.has_perm(EDIT, plan_obj),
            },
        },
        content,
    )


def _wrong_status(request: HttpRequest, plan, allowed) -> HttpResponse | None:
    if plan.status in allowed:
        return None
    messages.info(
        request,
        _("This step is not possible now: the plan is %(status)s.") % {"status": plan.get_status_display().lower()},
    )
    return redirect(_url(plan))


def consultation_open(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, MANAGE, plan_obj)
    if (response := _wrong_status(request, plan_obj, (PlanStatus.DRAFT,))) is not None:
        return response
    form = OpenConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _round = run_form_service(
            request,
            form,
            lambda: alignment.open_consultation(
                actor=request.user, plan=plan_obj, message=form.cleaned_data["message"],
                closes_on=form.cleaned_data["closes_on"],
            ),
        )
        if ok:
            messages.success(
                request,
                _("The plan is open for comments. The line managers and the members of the councils were notified."),
            )
            return redirect(_url(plan_obj))
    invited = alignment.concerned(plan_obj)
    return plan_page(
        request,
        plan_obj,
        "plans/alignment/open.html",
        "alignment",
        {"form": form, "invited": invited},
    )


def consultation_close(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    check_perm(request, MANAGE, plan_obj)
    if (response := _wrong_status(request, plan_obj, (PlanStatus.CONSULTATION,))) is not None:
        return response
    if request.method == "POST":
        run_action(
            request,
            lambda: alignment.close_consultation(actor=request.user, plan=plan_obj),
            _("The consultation is closed; the plan is a draft again. The comments stay on this page."),
        )
        return redirect(_url(plan_obj))
    content = plan_content(plan_obj)
    return plan_page(
        request,
        plan_obj,
        "plans/alignment/close.html",
        "alignment",
        {"consultation": content.consultation, "open_count": len(content.open_comments)},
        content,
    )


def comment_handle(request: HttpRequest, plan: int, comment: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    comment_obj = _comment(request, plan_obj, comment)
    initial = {
        "lock_version": comment_obj.lock_version,
        "reaction": comment_obj.reaction,
        "intervention": comment_obj.intervention,
    }
    form = HandleCommentForm(request.POST or None, plan=plan_obj, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _saved = run_form_service(
            request,
            form,
            lambda: alignment.comment_handle(
                actor=request.user,
                comment=comment_obj,
                reaction=form.cleaned_data["reaction"],
                intervention=form.cleaned_data["intervention"],
                expected_version=form.expected_version(),
            ),
        )
        if ok:
            messages.success(request, _("Your reaction was saved; %(name)s was notified.") % {"name": comment_obj.author_name})
            return redirect(_url(plan_obj, f"comment-{comment_obj.pk}"))
    return plan_page(
        request,
        plan_obj,
        "plans/alignment/handle.html",
        "alignment",
        {"form": form, "comment": comment_obj, "section_links": _section_links(plan_obj)},
    )


def wish_intervention(request: HttpRequest, plan: int, comment: int) -> HttpResponse:
    """Turn a team wish into a learning intervention: the intervention form, prefilled."""
    plan_obj = plan_for(request, plan, EDIT)
    wish = _comment(request, plan_obj, comment)
    if not wish.is_wish or wish.intervention_id is not None:
        messages.info(request, _("This wish is already taken up in the plan."))
        return redirect(_url(plan_obj, f"comment-{wish.pk}"))
    first_line = wish.text.strip().splitlines()[0] if wish.text.strip() else ""
    initial = {
        "title": Truncator(first_line).chars(120),
        "description": wish.text,
        "level": InterventionLevel.UNIT if wish.unit_id else InterventionLevel.ORGANISATION,
        "units": [wish.unit] if wish.unit_id else [],
        "lock_version": wish.lock_version,
    }
    form = WishInterventionForm(request.POST or None, plan=plan_obj, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.INTERVENTION_FIELDS}
        refs = {name: list(form.cleaned_data[name]) for name in services.INTERVENTION_M2M}
        ok, intervention = run_form_service(
            request,
            form,
            lambda: alignment.wish_to_intervention(
                actor=request.user, comment=wish, expected_version=form.expected_version(),
                reaction=form.cleaned_data["reaction"], **data, **refs,
            ),
        )
        if ok:
            messages.success(
                request,
                _("Learning intervention %(code)s was added from the team wish; %(name)s was notified.")
                % {"code": intervention.code, "name": wish.author_name},
            )
            return redirect(reverse("plans:interventions", kwargs={"plan": plan_obj.pk}) + f"#intervention-{intervention.pk}")
    return plan_page(
        request,
        plan_obj,
        "plans/alignment/wish_intervention.html",
        "interventions",
        {
            "form": form,
            "wish": wish,
            "title": _("Add a learning intervention from a team wish"),
            "cancel_url": _url(plan_obj, f"comment-{wish.pk}"),
        },
    )

