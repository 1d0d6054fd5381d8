"""The plan editor: creating a plan and the pages of steps 1–3.

Views are thin: fetch through ``get_for_user``, validate a form, call a service, redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plans.content import services
from plans.content.forms import (
    ImprovementActionForm,
    InterventionForm,
    KoersForm,
    ObjectiveForm,
    PlanCreateForm,
    PlanGeneralForm,
    ThemeForm,
    VisionForm,
)
from plans.content.models import ImprovementAction, Intervention, Objective, Plan, Theme, ThemeKind
from plans.content.pages import EDIT, anchor_url, check_perm, part_for, plan_for, plan_page
from plans.content.selectors import (
    objectives_matrix,
    plan_content,
    vision_rows,
)
from soplan.ui import row_url, run_action, run_form_service
from stakeholders.access import get_for_user
from stakeholders.models import Organisation


def _initial(instance, fields, m2m=()) -> dict:
    """A part's current values for its form, with the version the user starts from."""
    if instance is None:
        return {}
    initial = {f: getattr(instance, f) for f in fields}
    initial |= {name: list(getattr(instance, name).all()) for name in m2m}
    initial["lock_version"] = instance.lock_version
    return initial


def _save_part(request, form, *, fields, m2m=(), create, update, instance, saved_message, redirect_to):
    """Save a valid POSTed part form through its service; the redirect on success, else None.

    ``create(**data)`` adds a part, ``update(expected_version=…, **data)`` changes ``instance``
    (optimistic locking). Refusals land on the form (``run_form_service``), nothing typed is lost.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    data = {f: form.cleaned_data[f] for f in fields}
    data |= {name: list(form.cleaned_data[name]) for name in m2m}
    if instance is None:
        ok, saved = run_form_service(request, form, lambda: create(**data))
    else:
        ok, saved = run_form_service(request, form, lambda: update(expected_version=form.expected_version(), **data))
    if not ok:
        return None
    messages.success(request, saved_message(saved))
    return redirect(redirect_to(saved))


# --- The plan itself ---------------------------------------------------------------------




def plan_create(request: HttpRequest, org: str) -> HttpResponse:
    organisation = get_for_user(request.user, Organisation, "plans.create_plan", slug=org)
    form = PlanCreateForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        ok, plan = run_form_service(
            request,
            form,
            lambda: services.plan_create(
                actor=request.user,
                organisation=organisation,
                title=form.cleaned_data["title"],
                start_year=form.cleaned_data["start_year"],
                end_year=form.cleaned_data["end_year"],
                previous=form.cleaned_data["previous"],
            ),
        )
        if ok:
            messages.success(request, _("The plan was created. Start with the preface and the koers."))
            return redirect(plan)
    return render(
        request, "plans/content/plan_create.html", {"organisation": organisation, "form": form}
    )






def _versioned_page(
    request: HttpRequest,
    plan_obj: Plan,
    form_class,
    fields: tuple[str, ...],
    template: str,
    section: str,
    success: str,
    url_name: str,
) -> HttpResponse:
    """A page that edits fields of the plan row itself, guarded by the plan's version."""
    initial = {name: getattr(plan_obj, name) for name in fields}
    initial["lock_version"] = plan_obj.lock_version
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST":
        check_perm(request, EDIT, plan_obj)
        if form.is_valid():
            ok, _result = run_form_service(
                request,
                form,
                lambda: services.plan_update(
                    actor=request.user,
                    plan=plan_obj,
                    expected_version=form.expected_version(),
                    **{name: form.cleaned_data[name] for name in fields},
                ),
            )
            if ok:
                messages.success(request, success)
                return redirect(url_name, plan=plan_obj.pk)
    return plan_page(request, plan_obj, template, section, {"form": form})



def plan_edit(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    return _versioned_page(
        request,
        plan_obj,
        PlanGeneralForm,
        ("title", "start_year", "end_year", "preface"),
        "plans/content/plan_edit.html",
        "general",
        _("The plan was saved."),
        "plans:plan_edit",
    )


def koers(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    return _versioned_page(
        request,
        plan_obj,
        KoersForm,
        ("vision",),
        "plans/content/koers.html",
        "koers",
        _("The koers was saved."),
        "plans:koers",
    )


# --- Step 1: themes and objectives ----------------------------------------------------------


@require_safe
def themes(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    urls = {
        "theme": _row_urls(plan_obj, "theme", "plans:theme_edit", "plans:theme_delete"),
        "objective": _row_urls(plan_obj, "objective", "plans:objective_edit", "plans:objective_delete"),
        "objective_add": row_url("plans:objective_add", plan=plan_obj.pk, theme=None),
    }
    # Translated once per page; get_kind_display() per theme rebuilds and translates all choices.
    kind_labels = {value: str(label) for value, label in ThemeKind.choices}
    return plan_page(request, plan_obj, "plans/content/themes.html", "themes", {"urls": urls, "kind_labels": kind_labels})


def theme_form(request: HttpRequest, plan: int, theme: int | None = None) -> HttpResponse:
    plan_obj = plan_for(request, plan, EDIT)
    instance = part_for(request, plan_obj, Theme, theme) if theme else None
    form = ThemeForm(request.POST or None, initial=_initial(instance, services.THEME_FIELDS))
    done = _save_part(
        request,
        form,
        fields=services.THEME_FIELDS,
        instance=instance,
        create=lambda **data: services.theme_create(actor=request.user, plan=plan_obj, **data),
        update=lambda **data: services.theme_update(actor=request.user, theme=instance, **data),
        saved_message=lambda saved: _("Theme %(code)s was saved.") % {"code": saved.code},
        redirect_to=lambda saved: anchor_url("plans:themes", plan_obj, f"theme-{saved.pk}"),
    )
    if done is not None:
        return done
    return plan_page(
        request,
        plan_obj,
        "plans/content/item_form.html",
        "themes",
        {
            "form": form,
            "title": _("Edit theme %(code)s") % {"code": instance.code} if instance else _("Add a strategic theme"),
            "intro": _(
                "A strategic theme follows from the organisation's koers. Describe it and what it "
                "asks of the qualifications and competences of staff; then add its objectives."
            ),
            "cancel_url": reverse("plans:themes", kwargs={"plan": plan_obj.pk}),
        },
    )


def _row_urls(plan: Plan, kind: str, edit: str, delete: str) -> dict[str, str]:
    """Edit, delete and move URLs of one kind of row, resolved once per page (see ``fill``)."""
    id_name = {"theme": "theme", "objective": "objective", "intervention": "intervention", "action": "action"}[kind]
    edit_kwargs = {"plan": plan.pk, id_name: None}
    if kind == "objective":
        edit_kwargs = {"plan": plan.pk, "theme": None, "objective": None}
    return {
        "edit": row_url(edit, **edit_kwargs),
        "delete": row_url(delete, plan=plan.pk, **{id_name: None}),
        "up": row_url("plans:move", plan=plan.pk, kind=kind, pk=None, direction="up"),
        "down": row_url("plans:move", plan=plan.pk, kind=kind, pk=None, direction="down"),
    }


def _delete_page(request, plan_obj, instance, service, *, back: str, title: str, body: str, done: str):
    if request.method == "POST":
        try:
            version = int(request.POST.get("lock_version", ""))
        except ValueError:
            version = None
        run_action(request, lambda: service(actor=request.user, expected_version=version), done)
        return redirect(back)
    return plan_page(
        request,
        plan_obj,
        "plans/confirm.html",
        "overview",
        {
            "title": title,
            "body": body,
            "confirm_label": _("Delete"),
            "danger": True,
            "cancel_url": back,
            "lock_version": instance.lock_version,
        },
    )


def theme_delete(request: HttpRequest, plan: int, theme: int) -> HttpResponse:
    plan_obj = plan_for(request, plan, EDIT)
    instance = part_for(request, plan_obj, Theme, theme)
    count = instance.objectives.count()
    return _delete_page(
        request,
        plan_obj,
        instance,
        lambda **kw: services.theme_delete(theme=instance, **kw),
        back=reverse("plans:themes", kwargs={"plan": plan_obj.pk}),
        title=_("Delete theme %(theme)s?") % {"theme": instance},
        body=_("Its %(n)s objective(s) are deleted with it. Interventions stay in the plan.") % {"n": count},
        done=_("Theme %(code)s was deleted.") % {"code": instance.code},
    )


@require_POST
def move(request: HttpRequest, plan: int, kind: str, pk: int, direction: str) -> HttpResponse:
    plan_obj = plan_for(request, plan, EDIT)
    model, page = {
        "theme": (Theme, "plans:themes"),
        "objective": (Objective, "plans:themes"),
        "intervention": (Intervention, "plans:interventions"),
        "action": (ImprovementAction, "plans:actions"),
    }[kind]
    item = part_for(request, plan_obj, model, pk)
    run_action(request, lambda: services.move(actor=request.user, item=item, direction=-1 if direction == "up" else 1))
    return redirect(anchor_url(page, plan_obj, f"{kind}-{item.pk}"))


def objective_form(request: HttpRequest, plan: int, theme: int, objective: int | None = None) -> HttpResponse:
    plan_obj = plan_for(request, plan, EDIT)
    theme_obj = part_for(request, plan_obj, Theme, theme)
    instance = (
        get_for_user(request.user, theme_obj.objectives.select_related("plan__organisation"), EDIT, pk=objective)
        if objective
        else None
    )
    form = ObjectiveForm(request.POST or None, plan=plan_obj, initial=_initial(instance, services.OBJECTIVE_FIELDS))
    done = _save_part(
        request,
        form,
        fields=services.OBJECTIVE_FIELDS,
        instance=instance,
        create=lambda **data: services.objective_create(actor=request.user, theme=theme_obj, **data),
        update=lambda **data: services.objective_update(actor=request.user, objective=instance, **data),
        saved_message=lambda saved: _("Objective %(code)s was saved.") % {"code": saved.code},
        redirect_to=lambda saved: anchor_url("plans:themes", plan_obj, f"objective-{saved.pk}"),
    )
    if done is not None:
        return done
    return plan_page(
        request,
        plan_obj,
        "plans/content/item_form.html",
        "themes",
        {
            "form": form,
            "title": (
                _("Edit objective %(code)s") % {"code": instance.code}
                if instance
                else _("Add an objective to %(theme)s") % {"theme": theme_obj}
            ),
            "intro": _(
                "An objective describes the desired situation. With an indicator and a target "
                "year it can be evaluated each year (R17)."
            ),
            "cancel_url": anchor_url("plans:themes", plan_obj, f"theme-{theme_obj.pk}"),
        },
    )


def objective_delete(request: HttpRequest, plan: int, objective: int) -> HttpResponse:
    plan_obj = plan_for(request, plan, EDIT)
    instance = part_for(request, plan_obj, Objective, objective)
    return _delete_page(
        request,
        plan_obj,
        instance,
        lambda **kw: services.objective_delete(objective=instance, **kw),
        back=reverse("plans:themes", kwargs={"plan": plan_obj.pk}),
        title=_("Delete objective %(code)s?") % {"code": instance.code},
        body=_("Interventions that serve it stay in the plan but no longer point to it."),
        done=_("Objective %(code)s was deleted.") % {"code": instance.code},
    )


# --- Step 2: vision on learning -------------------------------------------------------------


def vision(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    content = plan_content(plan_obj)
    initial = {
        "lock_version": plan_obj.lock_version,
        "mix_on_the_job": plan_obj.mix_on_the_job,
        "mix_social": plan_obj.mix_social,
        "mix_formal": plan_obj.mix_formal,
    }
    for code, _label, stored in vision_rows(content):
        initial[f"{code}_now"] = stored.now if stored else ""
        initial[f"{code}_future"] = stored.future if stored else ""
    form = VisionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        check_perm(request, EDIT, plan_obj)
        if form.is_valid():
            ok, _result = run_form_service(
                request,
                form,
                lambda: services.vision_update(
                    actor=request.user,
                    plan=plan_obj,
                    expected_version=form.expected_version(),
                    points=form.points(),
                    mix_on_the_job=form.cleaned_data["mix_on_the_job"],
                    mix_social=form.cleaned_data["mix_social"],
                    mix_formal=form.cleaned_data["mix_formal"],
                ),
            )
            if ok:
                messages.success(request, _("The vision on learning was saved."))
                return redirect("plans:vision", plan=plan_obj.pk)
    return plan_page(request, plan_obj, "plans/content/vision.html", "vision", {"form": form, "rows": vision_rows(content)}, content)


# --- Step 3: interventions ------------------------------------------------------------------


@require_safe
def interventions(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    content = plan_content(plan_obj)
    themes_by_id = {t.pk: t for t in content.themes}
    return plan_page(
        request,
        plan_obj,
        "plans/content/interventions.html",
        "interventions",
        {
            "themes_by_id": themes_by_id,
            "urls": _row_urls(plan_obj, "intervention", "plans:intervention_edit", "plans:intervention_delete"),
        },
        content,
    )


@require_safe
def interventions_matrix(request: HttpRequest, plan: int) -> HttpResponse:
    """Objectives × interventions in plan order, with the gaps marked (R3)."""
    plan_obj = plan_for(request, plan)
    content = plan_content(plan_obj)
    return plan_page(
        request,
        plan_obj,
        "plans/content/interventions_matrix.html",
        "interventions",
        {"matrix": objectives_matrix(content)},
        content,
    )


def intervention_form(request: HttpRequest, plan: int, intervention: int | None = None) -> HttpResponse:
    plan_obj = plan_for(request, plan, EDIT)
    instance = part_for(request, plan_obj, Intervention, intervention) if intervention else None
    initial = _initial(instance, services.INTERVENTION_FIELDS, services.INTERVENTION_M2M)
    form = InterventionForm(request.POST or None, plan=plan_obj, initial=initial)
    done = _save_part(
        request,
        form,
        fields=services.INTERVENTION_FIELDS,
        m2m=services.INTERVENTION_M2M,
        instance=instance,
        create=lambda **data: services.intervention_create(actor=request.user, plan=plan_obj, **data),
        update=lambda **data: services.intervention_update(actor=request.user, intervention=instance, **data),
        saved_message=lambda saved: _("Intervention %(code)s was saved.") % {"code": saved.code},
        redirect_to=lambda saved: anchor_url("plans:interventions", plan_obj, f"intervention-{saved.pk}"),
    )
    if done is not None:
        return done
    return plan_page(
        request,
        plan_obj,
        "plans/content/intervention_form.html",
        "interventions",
        {
            "form": form,
            "instance": instance,
            "title": _("Edit intervention %(code)s") % {"code": instance.code} if instance else _("Add a learning intervention"),
            "cancel_url": reverse("plans:interventions", kwargs={"plan": plan_obj.pk}),
        },
    )


def intervention_delete(request: HttpRequest, plan: int, intervention: int) -> HttpResponse:
    plan_obj = plan_for(request, plan, EDIT)
    instance = part_for(request, plan_obj, Intervention, intervention)
    return _delete_page(
        request,
        plan_obj,
        instance,
        lambda **kw: services.intervention_delete(intervention=instance, **kw),
        back=reverse("plans:interventions", kwargs={"plan": plan_obj.pk}),
        title=_("Delete intervention %(i)s?") % {"i": instance},
        body=_("Its budget figures are deleted with it."),
        done=_("Intervention %(code)s was deleted.") % {"code": instance.code},
    )


# --- Ingredient 10: improvement actions -----------------------------------------------------


@require_safe
def actions(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    urls = _row_urls(plan_obj, "action", "plans:action_edit", "plans:action_delete")
    return plan_page(request, plan_obj, "plans/content/actions.html", "actions", {"urls": urls})


def action_form(request: HttpRequest, plan: int, action: int | None = None) -> HttpResponse:
    plan_obj = plan_for(request, plan, EDIT)
    instance = part_for(request, plan_obj, ImprovementAction, action) if action else None
    form = ImprovementActionForm(request.POST or None, initial=_initial(instance, services.ACTION_FIELDS))
    done = _save_part(
        request,
        form,
        fields=services.ACTION_FIELDS,
        instance=instance,
        create=lambda **data: services.improvement_action_create(actor=request.user, plan=plan_obj, **data),
        update=lambda **data: services.improvement_action_update(actor=request.user, action=instance, **data),
        saved_message=lambda saved: _("The action was saved."),
        redirect_to=lambda saved: anchor_url("plans:actions", plan_obj, f"action-{saved.pk}"),
    )
    if done is not None:
        return done
    return plan_page(
        request,
        plan_obj,
        "plans/content/item_form.html",
        "actions",
        {
            "form": form,
            "title": _("Edit action") if instance else _("Add an improvement action"),
            "intro": _("What will you do in the coming year to make this plan better? (ingredient 10)"),
            "cancel_url": reverse("plans:actions", kwargs={"plan": plan_obj.pk}),
        },
    )


def action_delete(request: HttpRequest, plan: int, action: int) -> HttpResponse:
    plan_obj = plan_for(request, plan, EDIT)
    instance = part_for(request, plan_obj, ImprovementAction, action)
    return _delete_page(
        request,
        plan_obj,
        instance,
        lambda **kw: services.improvement_action_delete(action=instance, **kw),
        back=reverse("plans:actions", kwargs={"plan": plan_obj.pk}),
        title=_("Delete this action?"),
        body=instance.description,
        done=_("The action was deleted."),
    )


@require_POST
def preview(request: HttpRequest, plan: int) -> HttpResponse:
    """htmx: show how formatted text will look (same renderer as the pages)."""
    plan_for(request, plan, EDIT)
    return render(request, "plans/partials/preview.html", {"text": request.POST.get("text", "")[:50_000]})


