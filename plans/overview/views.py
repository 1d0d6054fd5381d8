"""The plan as a whole: the dashboard of a person's plans, a plan's overview and its history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from plans.content import services
from plans.content.pages import plan_for, plan_page
from plans.overview.selectors import dashboard_entries
from stakeholders.models import AuditEvent


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/overview/dashboard.html", {"entries": dashboard_entries(request.user)})


@require_safe
def plan_detail(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = plan_for(request, plan)
    history = AuditEvent.objects.filter(
        organisation=plan_obj.organisation, scope=services.scope(plan_obj)
    )[:10]
    return plan_page(
        request,
        plan_obj,
        "plans/overview/plan_detail.html",
        "overview",
        {
            "history": history,
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
    events = AuditEvent.objects.filter(organisation=plan_obj.organisation, scope=services.scope(plan_obj))[:500]
    return plan_page(request, plan_obj, "plans/overview/history.html", "overview", {"events": events})
