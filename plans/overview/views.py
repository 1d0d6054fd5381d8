"""The plan as a whole: the dashboard of a person's plans, a plan's overview and its history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from plans.content.pages import plan_for, plan_page
from plans.overview import history
from plans.overview.selectors import dashboard_entries


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/overview/dashboard.html", {"entries": dashboard_entries(request.user)})


@require_safe
def plan_detail(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    recent = history.rows(history.plan_events(plan_obj)[:10])
    return plan_page(
        request,
        plan_obj,
        "plans/overview/plan_detail.html",
        "overview",
        {
            "history": recent,
            # Counted in the database: the overview shows how many, not which.
            "stats": {
                "themes": plan_obj.themes.count(),
                "objectives": plan_obj.objectives.count(),
                "interventions": plan_obj.interventions.count(),
            },
        },
    )


@require_safe
def plan_history(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    chapter, person = request.GET.get("deel", ""), request.GET.get("persoon", "")
    current, rows = history.page(plan_obj, chapter=chapter, person=person, number=request.GET.get("pagina", 1))
    return plan_page(
        request,
        plan_obj,
        "plans/overview/history.html",
        "overview",
        {
            "rows": rows,
            "page_obj": current,
            "chapters": [(key, str(title)) for key, (title, _types) in history.CHAPTERS.items()],
            "people": history.people(plan_obj),
            "chapter": chapter if chapter in history.CHAPTERS else "",
            "person": person,
        },
    )
