from django.http import HttpRequest, HttpResponse

from plans.views import _page, _plan


def overview(request: HttpRequest, plan: int) -> HttpResponse:
    plan_obj = _plan(request, plan)
    return _page(request, plan_obj, "budgets/overview.html", "budget", {})
