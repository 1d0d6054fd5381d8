"""Step 3, the figures: the qualification mix (R4) and the formation (R5) per unit, as grids.

Authors enter every unit's figures, line managers those of their own units (``plans.rules``).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from plans.content import figures, hr_import
from plans.content.forms import (
    FORMATION_PARTS,
    FormationUnitForm,
    QualificationUnitForm,
)
from plans.content.models import Plan
from plans.content.pages import EDIT, FIGURES, anchor_url, check_perm, plan_for, plan_page
from plans.content.selectors import (
    QUOTA_REFERENCE,
    formation_summary,
    plan_content,
    qualification_summary,
)
from soplan import charts
from soplan.ui import run_form_service
from stakeholders import views as stakeholder_views
from stakeholders.access import get_for_user
from stakeholders.models import QualificationLevel, Unit
from stakeholders.selectors import unit_tree


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
        "plans/content/qualification.html",
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
            figures.qualification_unit_save(
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
            return redirect(anchor_url("plans:qualification", plan_obj, f"unit-{unit_obj.pk}"))
    return plan_page(
        request,
        plan_obj,
        "plans/content/qualification_unit.html",
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
        "plans/content/formation.html",
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
            figures.formation_unit_save(
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
            return redirect(anchor_url("plans:formation", plan_obj, f"unit-{unit_obj.pk}"))
    return plan_page(
        request,
        plan_obj,
        "plans/content/formation_unit.html",
        "formation",
        {"form": form, "unit": unit_obj, "parts": FORMATION_PARTS},
    )


def figures_import(request: HttpRequest, plan: int, kind: str) -> HttpResponse:
    """R4/R5: the plan's formation or qualification mix from an HR export (all or nothing)."""
    plan_obj = plan_for(request, plan, EDIT)
    spec = hr_import.PLAN_KINDS.get(kind)
    if spec is None:
        raise Http404
    page = "plans:formation" if kind == "formatie" else "plans:qualification"
    return stakeholder_views.import_page(
        request, kind=spec, target=plan_obj, organisation=plan_obj.organisation, actor_may=True,
        back_url=reverse(page, kwargs={"plan": plan_obj.pk}),
        template_url=reverse("plans:figures_template", kwargs={"plan": plan_obj.pk, "kind": kind}),
        crumbs=[(plan_obj.get_absolute_url(), plan_obj.title), (reverse(page, kwargs={"plan": plan_obj.pk}), str(spec.title))],
    )


@require_safe
def figures_template(request: HttpRequest, plan: int, kind: str) -> HttpResponse:
    plan_for(request, plan, EDIT)
    spec = hr_import.PLAN_KINDS.get(kind)
    if spec is None:
        raise Http404
    return stakeholder_views.template_download(spec)
