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
    FORMATION_PARTS,
    FormationUnitForm,
    ImprovementActionForm,
    InterventionForm,
    KoersForm,
    ObjectiveForm,
    PlanCreateForm,
    PlanGeneralForm,
    QualificationUnitForm,
    ThemeForm,
    VisionForm,
)
from plans.content.models import ImprovementAction, Intervention, Objective, Plan, Theme, ThemeKind
from plans.content.selectors import (
    QUOTA_REFERENCE,
    formation_summary,
    plan_content,
    qualification_summary,
    vision_rows,
)
from plans.pages import EDIT, FIGURES, check_perm, part_for, plan_for, plan_page
from soplan import charts
from soplan.ui import row_url, run_action, run_form_service
from stakeholders.access import get_for_user
from stakeholders.models import Organisation, QualificationLevel, Unit
from stakeholders.selectors import unit_tree


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
        request, "plans/plan_create.html", {"organisation": organisation, "form": form}
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
        "plans/plan_edit.html",
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
        "plans/koers.html",
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
    return plan_page(request, plan_obj, "plans/themes.html", "themes", {"urls": urls, "kind_labels": kind_labels})


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
        redirect_to=lambda saved: _anchor("plans:themes", plan_obj, f"theme-{saved.pk}"),
    )
    if done is not None:
        return done
    return plan_page(
        request,
        plan_obj,
        "plans/item_form.html",
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


def _anchor(name: str, plan: Plan, anchor: str) -> str:
    return reverse(name, kwargs={"plan": plan.pk}) + f"#{anchor}"


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
    return redirect(_anchor(page, plan_obj, f"{kind}-{item.pk}"))


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
        redirect_to=lambda saved: _anchor("plans:themes", plan_obj, f"objective-{saved.pk}"),
    )
    if done is not None:
        return done
    return plan_page(
        request,
        plan_obj,
        "plans/item_form.html",
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
            "cancel_url": _anchor("plans:themes", plan_obj, f"theme-{theme_obj.pk}"),
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
    return plan_page(request, plan_obj, "plans/vision.html", "vision", {"form": form, "rows": vision_rows(content)}, content)


# --- Step 3: interventions ------------------------------------------------------------------


@require_safe
def interventions(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    content = plan_content(plan_obj)
    matrix = [
        (objective, content.interventions_by_objective.get(objective.pk, []))
        for objective in content.objectives
    ]
    themes_by_id = {t.pk: t for t in content.themes}
    return plan_page(
        request,
        plan_obj,
        "plans/interventions.html",
        "interventions",
        {
            "matrix": matrix,
            "themes_by_id": themes_by_id,
            "urls": _row_urls(plan_obj, "intervention", "plans:intervention_edit", "plans:intervention_delete"),
        },
        content,
    )


def intervention_form(request: HttpRequest, plan: int, intervention: int | None = None) -> HttpResponse:
    plan_obj = plan_for(request, plan, EDIT)
    instance = part_for(request, plan_obj, Intervention, intervention) if intervention else None
    initial = _initial(instance, services.INTERVENTION_FIELDS, services.INTERVENTION_M2M)
    if instance is None:
        initial["years"] = plan_obj.years
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
        redirect_to=lambda saved: _anchor("plans:interventions", plan_obj, f"intervention-{saved.pk}"),
    )
    if done is not None:
        return done
    return plan_page(
        request,
        plan_obj,
        "plans/intervention_form.html",
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


# --- Step 3: qualification mix and formation ------------------------------------------------


def _editable_unit_ids(request: HttpRequest, plan_obj: Plan, units) -> set[int]:
    """Units whose figures this user may edit (plans.rules): all for authors, their own for line
    managers, none once the plan is past drafting."""
    if not request.user.has_perm(FIGURES, plan_obj):
        return set()
    return {unit.pk for unit in units if request.user.has_perm("plans.edit_unit_figures", unit)}


@require_safe
def qualification(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    content = plan_content(plan_obj)
    summary = qualification_summary(content.qualification_rows)
    chart = charts.grouped_bars(
        categories=[s.label for s in summary],
        series=[
            (_("Now"), [s.current for s in summary]),
            (_("Desired"), [s.desired for s in summary]),
        ],
        unit=_("FTE"),
        title=_("Qualification mix now and desired"),
    )
    rows_by_unit: dict[int, list] = {}
    for row in content.qualification_rows:
        rows_by_unit.setdefault(row.unit_id, []).append(row)
    tree = unit_tree(plan_obj.organisation)
    return plan_page(
        request,
        plan_obj,
        "plans/qualification.html",
        "qualification",
        {
            "summary": summary,
            "chart": chart,
            "units": [(node, rows_by_unit.get(node.unit.pk, [])) for node in tree],
            "editable_units": _editable_unit_ids(request, plan_obj, [node.unit for node in tree]),
        },
        content,
    )


def qualification_unit(request: HttpRequest, plan: int, unit: int) -> HttpResponse:
    plan_obj = plan_for(request, plan, FIGURES)
    unit_obj = get_for_user(request.user, Unit.objects.filter(organisation=plan_obj.organisation), "stakeholders.read_organisation", pk=unit)
    check_perm(request, "plans.edit_unit_figures", unit_obj)
    rows = {r.level: r for r in plan_obj.qualification_rows.filter(unit=unit_obj)}
    initial: dict = {"target_year": next(iter(rows.values())).target_year if rows else plan_obj.end_year}
    for level, row in rows.items():
        initial |= {f"{level}_current": row.current_fte, f"{level}_desired": row.desired_fte, f"{level}_version": row.lock_version}
    form = QualificationUnitForm(request.POST or None, plan=plan_obj, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save() -> None:
            data = form.cleaned_data
            services.qualification_unit_save(
                actor=request.user,
                plan=plan_obj,
                unit=unit_obj,
                target_year=data["target_year"],
                figures={
                    level.value: (data[f"{level.value}_current"], data[f"{level.value}_desired"], data[f"{level.value}_version"])
                    for level in QualificationLevel
                },
            )

        ok, _result = run_form_service(request, form, save)
        if not ok and form.conflict is not None:
            _refresh_versions(
                form,
                {f"{r.level}_version": r.lock_version for r in plan_obj.qualification_rows.filter(unit=unit_obj)},
            )
        if ok:
            messages.success(request, _("The qualification mix of %(unit)s was saved.") % {"unit": unit_obj.name})
            return redirect(_anchor("plans:qualification", plan_obj, f"unit-{unit_obj.pk}"))
    return plan_page(
        request,
        plan_obj,
        "plans/qualification_unit.html",
        "qualification",
        {"form": form, "unit": unit_obj},
    )


def _refresh_versions(form, versions: dict[str, int]) -> None:
    """After a conflict in a grid: keep the user's figures, take the stored row versions, so
    that saving again (after checking) replaces the other person's figures deliberately."""
    form.data = form.data.copy()
    for name, version in versions.items():
        form.data[name] = version
    form.conflict = None  # a grid shows the message only; the figures are in the table


@require_safe
def formation(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    content = plan_content(plan_obj)
    rows_by_unit: dict[int, list] = {}
    for row in content.formation_rows:
        rows_by_unit.setdefault(row.unit_id, []).append(row)
    tree = unit_tree(plan_obj.organisation)
    summary = formation_summary(content.formation_rows)
    return plan_page(
        request,
        plan_obj,
        "plans/formation.html",
        "formation",
        {
            "summary": summary,
            "quota_reference": QUOTA_REFERENCE,
            "years": len(plan_obj.years),
            "need_over_period": summary.training_need_per_year * len(plan_obj.years),
            "units": [(node, rows_by_unit.get(node.unit.pk, [])) for node in tree],
            "editable_units": _editable_unit_ids(request, plan_obj, [node.unit for node in tree]),
        },
        content,
    )


def formation_unit(request: HttpRequest, plan: int, unit: int) -> HttpResponse:
    plan_obj = plan_for(request, plan, FIGURES)
    unit_obj = get_for_user(request.user, Unit.objects.filter(organisation=plan_obj.organisation), "stakeholders.read_organisation", pk=unit)
    check_perm(request, "plans.edit_unit_figures", unit_obj)
    groups = list(plan_obj.organisation.function_groups.all())
    rows = {r.function_group_id: r for r in plan_obj.formation_rows.filter(unit=unit_obj)}
    initial: dict = {}
    for group_id, row in rows.items():
        for name, _label in FORMATION_PARTS:
            initial[f"g{group_id}_{name}"] = getattr(row, name)
        initial[f"g{group_id}_version"] = row.lock_version
    form = FormationUnitForm(request.POST or None, function_groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save() -> None:
            data = form.cleaned_data
            services.formation_unit_save(
                actor=request.user,
                plan=plan_obj,
                unit=unit_obj,
                figures={
                    group: ({name: data[f"g{group.pk}_{name}"] for name, _label in FORMATION_PARTS}, data[f"g{group.pk}_version"])
                    for group in groups
                },
            )

        ok, _result = run_form_service(request, form, save)
        if not ok and form.conflict is not None:
            _refresh_versions(
                form,
                {
                    f"g{r.function_group_id}_version": r.lock_version
                    for r in plan_obj.formation_rows.filter(unit=unit_obj)
                },
            )
        if ok:
            messages.success(request, _("The formation of %(unit)s was saved.") % {"unit": unit_obj.name})
            return redirect(_anchor("plans:formation", plan_obj, f"unit-{unit_obj.pk}"))
    return plan_page(
        request,
        plan_obj,
        "plans/formation_unit.html",
        "formation",
        {"form": form, "unit": unit_obj, "parts": FORMATION_PARTS},
    )


# --- Ingredient 10: improvement actions -----------------------------------------------------


@require_safe
def actions(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    urls = _row_urls(plan_obj, "action", "plans:action_edit", "plans:action_delete")
    return plan_page(request, plan_obj, "plans/actions.html", "actions", {"urls": urls})


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
        redirect_to=lambda saved: _anchor("plans:actions", plan_obj, f"action-{saved.pk}"),
    )
    if done is not None:
        return done
    return plan_page(
        request,
        plan_obj,
        "plans/item_form.html",
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


