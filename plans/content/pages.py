"""The plan page frame and the permission-aware fetches every plan page starts with.

Every page of a plan (steps 1–6, the budget, the documents) is fetched and rendered the same way:

* :func:`plan_for` fetches the plan for this user: 404 outside their organisations, 403
  without the permission (``stakeholders.access.get_for_user`` and the rights in
  ``plans.rules``);
* :func:`plan_page` renders a template inside ``plans/plan_base.html`` with the step navigator,
  the findings of the page's section and, on a section's main page, the comments on it (step 4).
"""

from __future__ import annotations

from functools import cache as cache_result

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from plans.content.completeness import NOT_COMMENTABLE, SECTIONS, evaluate_for_page
from plans.content.models import Plan
from plans.content.selectors import current_version, plan_content, section_comments
from stakeholders.access import get_for_user

READ = "plans.read_plan"
EDIT = "plans.edit_plan"
FIGURES = "plans.edit_figures"


def plan_for(request: HttpRequest, pk: int, perm: str = READ) -> Plan:
    """The plan ``pk`` if the user holds ``perm`` on it (404 outside their organisations, else 403)."""
    return get_for_user(request.user, Plan.objects.select_related("organisation"), perm, pk=pk)


def part_for(request: HttpRequest, plan: Plan, model, pk: int, perm: str = EDIT):
    """An item of ``plan`` (theme, objective, …); 404 when it belongs to another plan."""
    return get_for_user(request.user, model.objects.filter(plan=plan).select_related("plan__organisation"), perm, pk=pk)


def anchor_url(name: str, plan: Plan, anchor: str) -> str:
    """The URL of a plan page, scrolled to the element ``anchor`` (a row after it was saved)."""
    return reverse(name, kwargs={"plan": plan.pk}) + f"#{anchor}"


def check_perm(request: HttpRequest, perm: str, obj) -> None:
    """403 unless the user holds ``perm`` on ``obj`` (for a POST on a page that anyone may read)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def comment_pages() -> dict[str, str]:
    """URL name of a section's main page → the section key its comments carry ("" = the plan)."""
    return {"plans:plan": ""} | {s.url_name: s.key for s in SECTIONS if s.key not in NOT_COMMENTABLE}


def comments_for_page(request: HttpRequest, plan: Plan, state: str = "") -> tuple[str | None, list]:
    """The comments on the part of the plan this page is the main page of (step 4), in one
    query (or from the cache for this state of the plan), so that a page need not load the
    whole plan for them."""
    match = request.resolver_match
    key = comment_pages().get(f"{match.namespace}:{match.url_name}") if match else None
    if key is None:
        return None, []
    return key, section_comments(plan, key, state=state)


def plan_page(request: HttpRequest, plan: Plan, template: str, section: str, context: dict, content=None) -> HttpResponse:
    """Render a page of the plan editor with the step navigator, this section's findings and,
    on a section's main page, the comments on it."""
    if content is None:
        # Parts are loaded when read: most pages show a few of them and a cached report, and
        # loading a whole large plan would cost more than the page.
        content = plan_content(plan)
    report = evaluate_for_page(plan, content)
    findings = report.for_section(section)
    comment_key, comments = comments_for_page(request, plan, report.state)
    return render(
        request,
        template,
        {
            "plan": plan,
            "organisation": plan.organisation,
            "content": content,
            "report": report,
            # Called by the template only when shown: the navigator is rendered once per state of
            # the plan (plan_base.html caches it under report.state), the full list only on the
            # overview.
            "navigator": cache_result(report.navigator),
            "section": section,
            "findings": [(f, report.url(f)) for f in findings],
            "all_findings": cache_result(lambda: [(f, report.url(f)) for f in report.findings]),
            "can_edit": request.user.has_perm(EDIT, plan),
            "current_version": current_version(plan),
            "comment_key": comment_key,
            "section_comments": comments,
            "section_open_comments": sum(1 for c in comments if not c.is_handled),
            "can_comment": request.user.has_perm("plans.comment_plan", plan),
            "can_handle": request.user.has_perm("plans.handle_comment", plan),
            **context,
        },
    )
