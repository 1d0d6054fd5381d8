"""The plan file in the browser: download a plan as its JSON document, and import one into the
organisation with a preview first (the same services as ``manage.py export_plan`` and
``import_plan``)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plans.content.pages import plan_for
from plans.interchange.format import InterchangeError, pretty
from plans.interchange.services import checked, export_plan, import_plan, read_document
from stakeholders.access import get_for_user
from stakeholders.models import Organisation

# A plan of a large organisation is a few hundred kilobytes; far more is no plan file.
MAX_BYTES = 2 * 1024 * 1024
SESSION_KEY = "plan_file_import"


@require_GET
def plan_file(request: HttpRequest, plan: int) -> HttpResponse:
    """The plan as it is now, in the JSON format of docs/plan.schema.json."""
    plan_obj = plan_for(request, plan)
    response = HttpResponse(pretty(export_plan(plan_obj)), content_type="application/json; charset=utf-8")
    # "Opleidingsplan 2027–2030" -> opleidingsplan-2027-2030.json (slugify drops the en dash).
    name = slugify(plan_obj.title.replace("–", " ")) or "plan"
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


def _place(problem: str) -> tuple[str, str]:
    """"plan.themes[0].title: may not be empty" -> (place in the file, what is wrong)."""
    place, _sep, message = problem.partition(": ")
    if not message:
        return "", place
    return {"(document)": _("the file as a whole"), "(import)": _("while importing")}.get(place, place), message


def _summary(document: dict, organisation: Organisation) -> dict:
    """What the import will create, and which units and function groups it finds by their code."""
    org_doc, plan = document["organisation"], document["plan"]
    unit_codes = set(organisation.units.values_list("code", flat=True))
    group_codes = set(organisation.function_groups.values_list("code", flat=True))
    units = [u["code"] for u in org_doc["units"]]
    groups = [g["code"] for g in org_doc["function_groups"]]
    return {
        "title": plan["title"], "start_year": plan["start_year"], "end_year": plan["end_year"],
        "themes": len(plan["themes"]),
        "objectives": sum(len(t["objectives"]) for t in plan["themes"]),
        "interventions": len(plan["interventions"]),
        "units_found": sum(1 for c in units if c in unit_codes),
        "units_new": sum(1 for c in units if c not in unit_codes),
        "groups_found": sum(1 for c in groups if c in group_codes),
        "groups_new": sum(1 for c in groups if c not in group_codes),
        "budget": "budget" in document,
    }


def plan_import(request: HttpRequest, org: str) -> HttpResponse:
    """Choose a file -> preview (or the problems, each with its place in the file) -> import.
    The file waits in the session between preview and import; nothing is written before."""
    organisation = get_for_user(request.user, Organisation, "plans.create_plan", slug=org)
    stored = request.session.get(SESSION_KEY) or {}
    context = {"organisation": organisation, "problems": [], "summary": None, "error": ""}
    if request.method == "POST" and "file" in request.FILES:
        upload = request.FILES["file"]
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            context["error"] = _("The file is larger than 2 MB; a plan file is far smaller.")
            return render(request, "plans/interchange/import.html", context)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            context["error"] = _("The file is not UTF-8 text; a plan file from soplan always is.")
            return render(request, "plans/interchange/import.html", context)
        stored = {"token": secrets.token_urlsafe(16), "name": upload.name[:200], "data": text}
        request.session[SESSION_KEY] = stored
    elif request.method == "POST":
        if not stored or request.POST.get("token") != stored.get("token"):
            context["error"] = _("The uploaded file is no longer there; choose it again.")
            return render(request, "plans/interchange/import.html", context)
    else:
        return render(request, "plans/interchange/import.html", context)

    context.update(filename=stored["name"], token=stored["token"])
    try:
        document = checked(read_document(stored["data"]))
        if "confirm" in request.POST:
            plan = import_plan(document, actor=request.user, organisation=organisation)
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _("%(file)s was imported as a new concept plan.") % {"file": stored["name"]})
            return redirect(plan.get_absolute_url())
    except InterchangeError as exc:
        context["problems"] = [_place(p) for p in exc.errors]
        return render(request, "plans/interchange/import.html", context)
    context["summary"] = _summary(document, organisation)
    return render(request, "plans/interchange/import.html", context)
