"""Step 5 pages: budget overview, cost estimate (R7), operational year plan, wage bill and extra
middelen (R14, R16), the total overview of costs with charts, and the Excel download.

Views are thin: fetch the plan through ``get_for_user`` with a ``budgets.*`` permission, load the
budget once (``budget_for``), validate a form, call a service, redirect. Every page renders through
``plans.views._page`` so the step navigator and the findings show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from plans.content.completeness import evaluate, evaluate_for_page
from plans.content.pages import plan_page
from plans.content.selectors import plan_content
from plans.interchange.format import code_key
from plans.models import Intervention, Plan
from soplan import charts
from soplan.ui import run_action, run_form_service
from stakeholders.access import get_for_user, managed_units_of

from . import excel, selectors, services
from .forms import (
    BudgetYearForm,
    CopyYearForm,
    EstimatesForm,
    ExecutionForm,
    LineForm,
    ProductionFormSet,
)
from .models import ZERO
from .selectors import BudgetContent, budget_for, forget, year_rows

READ = "budgets.read_budget"
EDIT = "budgets.edit_budget"
REALISED = "budgets.edit_realised"


def _load(request: HttpRequest, plan: int, perm: str = READ) -> tuple[Plan, BudgetContent]:
    plan_obj = get_for_user(request.user, Plan.objects.select_related("organisation"), perm, pk=plan)
    return plan_obj, budget_for(plan_content(plan_obj))


def _year(plan: Plan, year: int) -> int:
    if year not in plan.years:
        raise Http404
    return year


def _findings(budget: BudgetContent, section: str, *prefixes: str, local: bool = False) -> list:
    """The findings of ``section`` whose anchor starts with one of ``prefixes`` (for one page).

    ``local``: the anchors are on this page, so link to them directly.
    """
    report = evaluate_for_page(budget.plan, budget.content)
    return [
        (f, f"#{f.anchor}" if local else report.url(f))
        for f in report.for_section(section)
        if any(f.anchor.startswith(p) for p in prefixes)
    ]


def _render(request, budget: BudgetContent, template: str, section: str, tab: str, context: dict) -> HttpResponse:
    plan = budget.plan
    return plan_page(
        request,
        plan,
        template,
        section,
        {
            "budget": budget,
            "tab": tab,
            "can_edit_budget": request.user.has_perm(EDIT, plan),
            "can_edit_realised": request.user.has_perm(REALISED, plan),
            **context,
        },
        budget.content,
    )


# --- Landing page ----------------------------------------------------------------------------------


@require_safe
def overview(request: HttpRequest, plan: int) -> HttpResponse:
    """Step 5: where the budget stands, what is missing and what to do next."""
    plan_obj, budget = _load(request, plan)
    report = evaluate_for_page(plan_obj, budget.content)  # cached per plan state
    step_findings = [(f, report.url(f)) for f in report.for_step("5")]
    first_blocking = next(((f, url) for f, url in step_findings if f.is_blocking), None)
    years = budget.all_years()
    filled = {
        f.year: (
            sum(1 for i in budget.interventions_in(f.year) if (line := budget.line_for(i, f.year)) and line.has_figures),
            len(budget.interventions_in(f.year)),
        )
        for f in years
    }
    return _render(
        request,
        budget,
        "budgets/overview.html",
        "budget",
        "overview",
        {
            "years": years,
            "filled": filled,
            "step_findings": step_findings,
            "next_finding": first_blocking or (step_findings[0] if step_findings else None),
            "estimate_rows": budget.estimate_rows(),
        },
    )


# --- R7: cost estimate -------------------------------------------------------------------------------


def estimates(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj, budget = _load(request, plan)
    form = EstimatesForm(request.POST or None, budget=budget)
    if request.method == "POST":
        if not request.user.has_perm(EDIT, plan_obj):
            raise PermissionDenied
        if form.is_valid():
            ok, _result = run_form_service(
                request, form, lambda: services.estimates_save(actor=request.user, plan=plan_obj, values=form.values())
            )
            if ok:
                messages.success(request, _("The cost estimate was saved."))
                return redirect("budgets:estimates", plan=plan_obj.pk)
    planned = {row.pk: row for row in budget.by_theme() if row.pk}
    return _render(
        request,
        budget,
        "budgets/estimates.html",
        "budget",
        "estimates",
        {
            "form": form,
            "estimate_rows": budget.estimate_rows(),
            "estimate_by_year": {
                y: sum((e.amount for e in budget.estimates if e.year == y), ZERO) for y in budget.years
            },
            "planned": planned,
            "findings": _findings(budget, "budget", "estimates"),
        },
    )


# --- The operational year plan -----------------------------------------------------------------------


@dataclass
class Totals:
    participants: int
    training: Decimal
    replacement: Decimal
    other: Decimal
    total: Decimal
    unassigned: Decimal
    realised: Decimal
    realised_lines: int


def _totals(budget: BudgetContent, year: int) -> Totals:
    lines = budget.lines_in(year)
    figures = budget.year(year)
    return Totals(
        participants=sum(line.participants for line in lines),
        training=sum((line.training_costs for line in lines), ZERO),
        replacement=sum((line.replacement_costs for line in lines), ZERO),
        other=sum((line.other_costs for line in lines), ZERO),
        total=figures.total,
        unassigned=figures.unassigned,
        realised=figures.realised,
        realised_lines=figures.realised_lines,
    )


@require_safe
def yearplan(request: HttpRequest, plan: int) -> HttpResponse:
    """The year plan of every year at a glance, with what is still open per year."""
    plan_obj, budget = _load(request, plan)
    report = evaluate_for_page(plan_obj, budget.content)  # cached per plan state
    findings = report.for_section("yearplan")
    years = []
    for figures in budget.all_years():
        running = budget.interventions_in(figures.year)
        done = sum(1 for i in running if (line := budget.line_for(i, figures.year)) and line.has_figures)
        year_findings = [f for f in findings if f.anchor == f"year-{figures.year}" or f.anchor.startswith(f"year-{figures.year}-")]
        years.append({"figures": figures, "running": len(running), "done": done, "findings": year_findings,
                      "anchor": f"year-{figures.year}"})
    return _render(request, budget, "budgets/yearplan.html", "yearplan", "yearplan", {"years": years})


@require_safe
def yearplan_year(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    plan_obj, budget = _load(request, plan)
    year = _year(plan_obj, year)
    report = evaluate_for_page(plan_obj, budget.content)  # cached per plan state
    page_findings, other_years = _year_findings(report, year)
    return _render(
        request,
        budget,
        "budgets/yearplan_year.html",
        "yearplan",
        "yearplan",
        {
            "year": year,
            "rows": year_rows(budget, year),
            "totals": _totals(budget, year),
            "figures": budget.year(year),
            "findings": page_findings,
            "other_open_years": other_years,
            "previous_year": year - 1 if year - 1 in plan_obj.years else None,
            "next_year": year + 1 if year + 1 in plan_obj.years else None,
            **_columns(plan_obj, budget, year),
        },
    )


def _columns(plan_obj: Plan, budget: BudgetContent, year: int) -> dict:
    """The realised column shows once the plan is adopted or realised figures exist."""
    show = not plan_obj.is_editable or bool(budget.year(year).realised_lines)
    return {"show_realised": show, "columns": 8 if show else 7}


def _year_findings(report, year: int) -> tuple[list, list[int]]:
    """The open points of one year, linked to the row on the year's page; and the other open years."""
    prefix = f"year-{year}"
    out = []
    years = set()
    for finding in report.for_section("yearplan"):
        if finding.anchor.startswith("year-"):
            years.add(int(finding.anchor.split("-")[1]))
        if finding.anchor == prefix:
            out.append((finding, "#lines"))
        elif finding.anchor.startswith(prefix + "-line-"):
            out.append((finding, "#line-" + finding.anchor.rsplit("-", 1)[1]))
    return out, sorted(years - {year})


def _intervention(plan_obj: Plan, budget: BudgetContent, pk: int) -> Intervention:
    for intervention in budget.content.interventions:
        if intervention.pk == pk:
            return intervention
    raise Http404


@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, plan: int, year: int, intervention: int) -> HttpResponse:
    """Edit one row of the year plan: inline through htmx, or as a page of its own without it."""
    plan_obj, budget = _load(request, plan)
    year = _year(plan_obj, year)
    intervention_obj = _intervention(plan_obj, budget, intervention)
    line = budget.line_for(intervention_obj, year)
    if request.user.has_perm(EDIT, plan_obj):
        if year not in intervention_obj.years and line is None:
            raise Http404
        sources = budget.offered_sources(year)
        form = LineForm(
            request.POST or None,
            intervention=intervention_obj,
            line=line,
            sources=sources,
            funding=budget.line_funding(line) if line else {},
        )
        if request.method == "POST" and form.is_valid():
            ok, _saved = run_form_service(
                request,
                form,
                lambda: services.line_save(
                    actor=request.user,
                    plan=plan_obj,
                    intervention=intervention_obj,
                    year=year,
                    funding=form.funding(),
                    expected_version=form.expected_version(),
                    **form.line_data(),
                ),
            )
            if ok:
                return _line_saved(request, plan_obj, year, intervention_obj)
    elif request.user.has_perm(REALISED, plan_obj) and line is not None:
        # After adoption the realised figures are recorded on the execution page (issue 11),
        # per funding source, so that the realised total is their sum.
        url = reverse("budgets:execution_line", kwargs={"plan": plan_obj.pk, "year": year, "intervention": intervention_obj.pk})
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    else:
        raise PermissionDenied
    row = selectors.line_row(budget, intervention_obj, year)
    context = {
        "row": row,
        "form": form,
        "year": year,
        "plan": plan_obj,
        **_columns(plan_obj, budget, year),
    }
    if request.htmx:
        return render(request, "budgets/partials/line_editor.html", context)
    return _render(request, budget, "budgets/line_form.html", "yearplan", "yearplan", context)


def _line_saved(request: HttpRequest, plan_obj: Plan, year: int, intervention: Intervention) -> HttpResponse:
    message = _("The figures of %(code)s for %(year)s were saved.") % {"code": intervention.code, "year": year}
    if not request.htmx:
        messages.success(request, message)
        url = reverse("budgets:yearplan_year", kwargs={"plan": plan_obj.pk, "year": year})
        return redirect(f"{url}#line-{intervention.pk}")
    # Reload what the row, the totals and the open points show, from the database.
    plan_obj.refresh_from_db()
    content = plan_content(plan_obj)
    budget = budget_for(content)
    intervention = _intervention(plan_obj, budget, intervention.pk)
    report = evaluate(plan_obj, content)
    findings, other_years = _year_findings(report, year)
    return render(
        request,
        "budgets/partials/line_saved.html",
        {
            "plan": plan_obj,
            "budget": budget,
            "year": year,
            "row": selectors.line_row(budget, intervention, year),
            "totals": _totals(budget, year),
            "figures": budget.year(year),
            "findings": findings,
            "other_open_years": other_years,
            "section": "yearplan",
            "navigator": report.navigator(),
            "message": message,
            "can_edit_budget": request.user.has_perm(EDIT, plan_obj),
            "can_edit_realised": request.user.has_perm(REALISED, plan_obj),
            **_columns(plan_obj, budget, year),
        },
    )


@require_safe
def line_row_view(request: HttpRequest, plan: int, year: int, intervention: int) -> HttpResponse:
    """htmx: the plain row again (cancel in the inline editor)."""
    plan_obj, budget = _load(request, plan)
    year = _year(plan_obj, year)
    intervention_obj = _intervention(plan_obj, budget, intervention)
    return render(
        request,
        "budgets/partials/line_row.html",
        {
            "row": selectors.line_row(budget, intervention_obj, year),
            "plan": plan_obj,
            "year": year,
            "budget": budget,
            "can_edit_budget": request.user.has_perm(EDIT, plan_obj),
            "can_edit_realised": request.user.has_perm(REALISED, plan_obj),
            **_columns(plan_obj, budget, year),
        },
    )


def line_delete(request: HttpRequest, plan: int, year: int, intervention: int) -> HttpResponse:
    plan_obj, budget = _load(request, plan, EDIT)
    year = _year(plan_obj, year)
    intervention_obj = _intervention(plan_obj, budget, intervention)
    line = budget.line_for(intervention_obj, year)
    if line is None:
        raise Http404
    back = reverse("budgets:yearplan_year", kwargs={"plan": plan_obj.pk, "year": year})
    if request.method == "POST":
        try:
            version = int(request.POST.get("lock_version", ""))
        except ValueError:
            version = None
        run_action(
            request,
            lambda: services.line_delete(actor=request.user, line=line, expected_version=version),
            _("The figures of %(code)s for %(year)s were deleted.") % {"code": intervention_obj.code, "year": year},
        )
        return redirect(back)
    return _render(
        request,
        budget,
        "plans/confirm.html",
        "yearplan",
        "yearplan",
        {
            "title": _("Delete the figures of %(i)s for %(year)s?") % {"i": intervention_obj, "year": year},
            "body": _("The costs, the funding split and the realised figures of this year are deleted."),
            "confirm_label": _("Delete"),
            "danger": True,
            "cancel_url": back,
            "lock_version": line.lock_version,
        },
    )


def year_copy(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    plan_obj, budget = _load(request, plan, EDIT)
    year = _year(plan_obj, year)
    form = CopyYearForm(request.POST or None, plan=plan_obj, from_year=year)
    if request.method == "POST" and form.is_valid():
        to_year = form.cleaned_data["to_year"]
        ok, result = run_form_service(
            request,
            form,
            lambda: services.year_copy(actor=request.user, plan=plan_obj, from_year=year, to_year=to_year),
        )
        if ok:
            messages.success(
                request,
                _(
                    "%(copied)s row(s) copied from %(from)s to %(to)s; %(kept)s kept their own figures; "
                    "%(not_running)s do not run in %(to)s."
                )
                % {
                    "copied": result.copied,
                    "kept": result.kept,
                    "not_running": result.not_running,
                    "from": year,
                    "to": to_year,
                },
            )
            if result.without_funding:
                messages.warning(
                    request,
                    _("%(n)s row(s) were copied without their funding split, which does not fit the funding rules of %(to)s.")
                    % {"n": result.without_funding, "to": to_year},
                )
            return redirect("budgets:yearplan_year", plan=plan_obj.pk, year=to_year)
    return _render(
        request,
        budget,
        "budgets/year_copy.html",
        "yearplan",
        "yearplan",
        {"form": form, "year": year},
    )


# --- R14, R16: wage bill and extra middelen -----------------------------------------------------------


@require_safe
def funding(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj, budget = _load(request, plan)
    return _render(
        request,
        budget,
        "budgets/funding.html",
        "budget",
        "funding",
        {"years": budget.all_years(), "findings": _findings(budget, "budget", "wage-bill-", "extra-", local=True)},
    )


def funding_year(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    plan_obj, budget = _load(request, plan)
    year = _year(plan_obj, year)
    budget_year = budget.budget_years.get(year)
    if request.method == "POST" and not request.user.has_perm(EDIT, plan_obj):
        raise PermissionDenied
    initial = {"norm_percentage": Decimal("2.00")}
    production_initial = []
    if budget_year is not None:
        initial = {
            "wage_bill": budget_year.wage_bill,
            "norm_percentage": budget_year.norm_percentage,
            "day_activities_amount": budget_year.day_activities_amount,
            "note": budget_year.note,
            "lock_version": budget_year.lock_version,
        }
        production_initial = [
            {"package": p.package, "days": p.days, "max_tariff": p.max_tariff} for p in budget_year.production.all()
        ]
    form = BudgetYearForm(request.POST or None, initial=initial)
    formset = ProductionFormSet(request.POST or None, initial=production_initial, prefix="production")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [row for f in formset.forms if (row := f.row()) is not None]
        ok, _saved = run_form_service(
            request,
            form,
            lambda: services.budget_year_save(
                actor=request.user,
                plan=plan_obj,
                year=year,
                expected_version=form.expected_version(),
                production=rows,
                wage_bill=form.cleaned_data["wage_bill"],
                norm_percentage=form.cleaned_data["norm_percentage"],
                day_activities_amount=form.cleaned_data["day_activities_amount"],
                note=form.cleaned_data["note"],
            ),
        )
        if ok:
            messages.success(request, _("The figures of %(year)s were saved.") % {"year": year})
            forget(budget.content)
            return redirect(reverse("budgets:funding", kwargs={"plan": plan_obj.pk}) + f"#year-{year}")
    return _render(
        request,
        budget,
        "budgets/funding_year.html",
        "budget",
        "funding",
        {"form": form, "formset": formset, "year": year, "figures": budget.year(year)},
    )


# --- Overview with charts, Excel -------------------------------------------------------------------------


@require_safe
def costs(request: HttpRequest, plan: int) -> HttpResponse:
    """Ingredient 9: the total overview of subsidisable costs per source, theme and year."""
    plan_obj, budget = _load(request, plan)
    years = budget.all_years()
    by_source = budget.by_source()
    by_theme = budget.by_theme()
    year_labels = [str(y) for y in budget.years]
    # A group per source and a bar per year: shows what a changed subsidy does per year (R8).
    chart_sources = charts.grouped_bars(
        categories=[row.name for row in by_source],
        series=[(str(y), [row.amounts[y] for row in by_source]) for y in budget.years],
        unit="€",
        title=_("Costs per funding source and year"),
    )
    chart_themes = charts.horizontal_bars(
        categories=[f"{row.code or '–'} {row.name}" for row in by_theme],
        series=[(str(y), [row.amounts[y] for row in by_theme]) for y in budget.years],
        unit=_("euro, stacked per year"),
        title=_("Costs per theme"),
    )
    chart_realised = charts.grouped_bars(
        categories=year_labels,
        series=[
            (_("Planned"), [f.total for f in years]),
            (_("Planned (rows with realised figures)"), [f.realised_planned for f in years]),
            (_("Realised"), [f.realised for f in years]),
        ],
        unit="€",
        title=_("Planned and realised per year"),
    )
    return _render(
        request,
        budget,
        "budgets/costs.html",
        "budget",
        "costs",
        {
            "years": years,
            "by_source": by_source,
            "by_theme": by_theme,
            "estimate_rows": budget.estimate_rows(),
            "chart_sources": chart_sources,
            "chart_themes": chart_themes,
            "chart_realised": chart_realised,
            "has_realised": any(f.realised_lines for f in years),
        },
    )


@require_safe
def excel_download(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj, budget = _load(request, plan)
    content = excel.workbook(budget)
    prefix = slugify(_("budget"))
    name = f"{prefix}-{plan_obj.organisation.slug}-{plan_obj.start_year}-{plan_obj.end_year}.xlsx"
    response = HttpResponse(content, content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def plan_years(request: HttpRequest, org: str) -> HttpResponse:
    """The organisation's plans over the years: results, spend, quota (R20) and the 2 % (R14)."""
    from stakeholders.models import Organisation

    from . import years

    organisation = get_for_user(request.user, Organisation, "stakeholders.read_organisation", slug=org)
    return render(
        request, "budgets/plan_years.html",
        {"organisation": organisation, "rows": years.plan_years(organisation), "quota_reference": years.QUOTA_REFERENCE},
    )


# --- Execution of a plan year (issue 11) ---------------------------------------------------------------


def _execution_year(plan_obj: Plan) -> int:
    """The year the execution tab opens: the current year when the plan runs in it, else the
    nearest plan year."""
    this_year = timezone.localdate().year
    years = plan_obj.years
    if this_year in years:
        return this_year
    return years[-1] if this_year > years[-1] else years[0]


@require_safe
def execution_index(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = get_for_user(request.user, Plan.objects.all(), READ, pk=plan)
    return redirect("budgets:execution", plan=plan_obj.pk, year=_execution_year(plan_obj))


def _may_record(user, plan_obj: Plan) -> tuple[bool, bool]:
    """(records everything, may record at all): the author records every row; a line manager the
    rows of their own units (decided per row by plans.record_unit_execution). Only while realised
    figures are open (services.REALISED_STATUSES); the services check it again."""
    open_ = plan_obj.status in services.REALISED_STATUSES
    full = open_ and user.has_perm("plans.record_execution", plan_obj)
    return full, open_


@require_safe
def execution(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """Uitvoering <year>: per intervention whether it took place, participants, realised costs per
    funding source and the fit with its objective, next to the planned figures; planned vs
    realised per theme and per funding source, as tables and charts."""
    from .execution import year_execution

    plan_obj, budget = _load(request, plan)
    year = _year(plan_obj, year)
    data = year_execution(budget, year)
    full, open_ = _may_record(request.user, plan_obj)
    author = request.user.has_perm("plans.author_plan", plan_obj)
    own_units_only = not author and bool(managed_units_of(request.user, plan_obj.organisation))
    rows = []
    for row in data.rows:
        mine = request.user.has_perm("plans.record_unit_execution", row.line)
        if own_units_only and not mine:
            continue  # a line manager sees the rows of their own units (issue 11)
        row.editable = full or (open_ and mine)
        rows.append(row)
    chart_sources = charts.grouped_bars(
        categories=[c.name for c in data.by_source],
        series=[(_("Planned"), [c.planned for c in data.by_source]), (_("Realised"), [c.realised for c in data.by_source])],
        unit="€",
        title=_("Planned and realised per funding source in %(year)s") % {"year": year},
    )
    chart_themes = charts.grouped_bars(
        categories=[c.code or "–" for c in data.by_theme],
        series=[(_("Planned"), [c.planned for c in data.by_theme]), (_("Realised"), [c.realised for c in data.by_theme])],
        unit="€",
        title=_("Planned and realised per theme in %(year)s") % {"year": year},
    )
    return _render(
        request,
        budget,
        "budgets/execution.html",
        "yearplan",
        "execution",
        {
            "year": year,
            "execution": data,
            "rows": rows,
            "own_units_only": own_units_only,
            "can_record": full,
            "open": open_,
            "chart_sources": chart_sources,
            "chart_themes": chart_themes,
        },
    )


@require_http_methods(["GET", "POST"])
def execution_line(request: HttpRequest, plan: int, year: int, intervention: int) -> HttpResponse:
    """Record the execution of one intervention in one year: the author everything, a line manager
    whether it took place and the participants, for interventions of their own units."""
    from .execution import year_execution

    plan_obj, budget = _load(request, plan)
    year = _year(plan_obj, year)
    intervention_obj = _intervention(plan_obj, budget, intervention)
    line = budget.line_for(intervention_obj, year)
    if line is None:
        raise Http404
    full, open_ = _may_record(request.user, plan_obj)
    if not full and not (open_ and request.user.has_perm("plans.record_unit_execution", line)):
        raise PermissionDenied
    row = next(r for r in year_execution(budget, year).rows if r.line.pk == line.pk)
    used = set(row.planned_funding) | set(row.realised_funding)
    sources = [s for s in budget.sources if s.pk in used or (s.is_active and s.is_available_in(year))]
    form = ExecutionForm(
        request.POST or None, line=line, sources=sources, planned=row.planned_funding,
        realised=row.realised_funding, full=full,
    )
    if request.method == "POST" and form.is_valid():
        if full:
            service = lambda: services.execution_save(  # noqa: E731
                actor=request.user, line=line, expected_version=form.expected_version(),
                took_place=form.cleaned_data["took_place"],
                realised_participants=form.cleaned_data["realised_participants"],
                fitted_objective=form.fitted(), realised_funding=form.realised_funding(),
            )
        else:
            service = lambda: services.unit_execution_save(  # noqa: E731
                actor=request.user, line=line, expected_version=form.expected_version(),
                took_place=form.cleaned_data["took_place"],
                realised_participants=form.cleaned_data["realised_participants"],
            )
        ok, _saved = run_form_service(request, form, service)
        if ok:
            messages.success(
                request,
                _("The execution of %(code)s in %(year)s was saved.") % {"code": intervention_obj.code, "year": year},
            )
            url = reverse("budgets:execution", kwargs={"plan": plan_obj.pk, "year": year})
            return redirect(f"{url}#line-{intervention_obj.pk}")
    return _render(
        request,
        budget,
        "budgets/execution_line.html",
        "yearplan",
        "execution",
        {"year": year, "row": row, "form": form, "full": full,
         "objectives": sorted(intervention_obj.objectives.all(), key=lambda o: code_key(o.code))},
    )
