"""The floors the plan pages are measured against (benchmark only; never part of the product).

* ``trivial``: a Django view that answers "ok" behind the same middleware (session, login, user
  language): the fixed cost of any request.
* ``generic``: the plan row alone, in a minimal template.
* one floor per page of steps 1–3 (and the overview and history): the same rows the page
  shows, fetched with prefetched query sets and rendered by a minimal template with the same
  fields and filters (Markdown, FTE formatting). "The same rows" are the page's own (themes,
  interventions, formation rows, …) and those every editor page shows around them: the user's
  organisations and unread notifications in the menu, the plan's status and version, the step
  navigator's open points per part (read from the same cached completeness report), this part's
  findings and the comments on it. Left out: the layout, form widgets, links, permission checks
  and computing anything afresh. A page within 2× its floor spends at most as much on all of that
  as on fetching and showing its data.

Floors reach the plan without the permission-aware fetch on purpose: they measure rendering,
not access control. They are only mounted by bench.urls, which only ``python -m bench`` uses.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.template import engines

from plans.content.completeness import SECTIONS, evaluate_for_page
from plans.content.selectors import current_version, section_comments
from plans.content.services import scope
from plans.models import (
    FormationRow,
    ImprovementAction,
    Intervention,
    LearningVisionPoint,
    Objective,
    Plan,
    QualificationMixRow,
    Theme,
)
from plans.notifications.services import unread_count
from plans.overview import history
from stakeholders.models import AuditEvent, Organisation, Unit

_engine = engines["django"]

HEAD = "{% load soplan %}<!doctype html><title>{{ plan.title }}</title><h1>{{ plan.title }} {{ plan.start_year }}–{{ plan.end_year }}</h1>"
# What every editor page shows around its own rows (see the module's docstring).
AROUND = """<p>{% for o in organisations %}{{ o.name }} {% endfor %}{{ unread }} {{ user.get_full_name }}</p>
<p>{{ plan.get_status_display }} {{ version.number }} {{ version.short_hash }}</p>
<ol>{% for title, blocking, warnings in steps %}<li>{{ title }} {{ blocking }} {{ warnings }}</li>{% endfor %}</ol>
<ul>{% for f in findings %}<li>{{ f.message }} {{ f.rule }}</li>{% endfor %}</ul>
{% for c in comments %}<p>{{ c.author_name }} {{ c.created_at|date:"j F Y H:i" }} {{ c.unit.name }} {{ c.text|linebreaksbr }}</p>{% endfor %}"""
PAGE = HEAD + AROUND

# Each floor's part of the plan: the navigator's section and the comments' key (None: no comments).
PARTS = {
    "overview": ("overview", ""),
    "history": ("overview", None),
    "general": ("general", "general"),
    "koers": ("koers", "koers"),
    "themes": ("themes", "themes"),
    "vision": ("vision", "vision"),
    "interventions": ("interventions", "interventions"),
    "qualification": ("qualification", "qualification"),
    "formation": ("formation", "formation"),
    "actions": ("actions", "actions"),
}

TEMPLATES = {
    "generic": HEAD,
    "overview": PAGE
    + """<p>{{ stats.themes }} · {{ stats.objectives }} · {{ stats.interventions }}</p>
<ul>{% for e in events %}<li>{{ e.created_at|date:"j F Y, H:i" }} {{ e.actor_name }} {{ e.action }} {{ e.object_repr }}</li>{% endfor %}</ul>""",
    "koers": PAGE + """<form><textarea name="vision">{{ plan.vision }}</textarea></form>""",
    "general": PAGE
    + """<form><input name="title" value="{{ plan.title }}"><input name="start_year" value="{{ plan.start_year }}">
<input name="end_year" value="{{ plan.end_year }}"><textarea name="preface">{{ plan.preface }}</textarea></form>""",
    "vision": PAGE
    + """<form>{% for p in points %}<h2>{{ p.get_point_display }}</h2><textarea>{{ p.now }}</textarea><textarea>{{ p.future }}</textarea>{% endfor %}
<input value="{{ plan.mix_on_the_job }}"><input value="{{ plan.mix_social }}"><input value="{{ plan.mix_formal }}"></form>""",
    "themes": PAGE
    + """{% for t in themes %}<section><h2>{{ t.code }} {{ t.title }}</h2>{{ t.description|markdown }}{{ t.implications|markdown }}
<ul>{% for o in t.objectives.all %}<li>{{ o.code }} {{ o.description }} {{ o.indicator }} {{ o.target_year }}</li>{% endfor %}</ul></section>{% endfor %}""",
    "interventions": PAGE
    + """{% for i in interventions %}<article><h2>{{ i.code }} {{ i.title }}</h2>
{% for u in i.units.all %}{{ u.name }} {% endfor %}{{ i.years|join:", " }} {{ i.get_horizon_display }}
{% for o in i.objectives.all %}{{ o.code }} {% endfor %}</article>{% endfor %}
<table>{% for o in objectives %}<tr><th>{{ o.code }} {{ o.description|truncatechars:110 }}</th><td>{% for i in o.interventions.all %}{{ i.code }} {% endfor %}</td></tr>{% endfor %}</table>""",
    "qualification": PAGE
    + """<table>{% for r in rows %}<tr><th>{{ r.unit.name }}</th><td>{{ r.get_level_display }}: {{ r.current_fte|fte }} → {{ r.desired_fte|fte }} ({{ r.target_year }})</td></tr>{% endfor %}</table>""",
    "formation": PAGE
    + """<table>{% for r in rows %}<tr><th>{{ r.unit.name }}</th><td>{{ r.function_group.name }}</td><td>{{ r.current_fte|fte }}</td>
<td>{{ r.outflow_per_year|fte }}</td><td>{{ r.growth_per_year|fte }}</td><td>{{ r.training_need_per_year|fte }}</td><td>{{ r.internship_places|fte }}</td></tr>{% endfor %}</table>""",
    "actions": PAGE
    + """<ul>{% for a in actions %}<li>{{ a.description }} {{ a.responsible }} {{ a.due|date:"j F Y" }}</li>{% endfor %}</ul>""",
    "history": PAGE
    + """<table>{% for e in events %}<tr><td>{{ e.created_at|date:"j F Y, H:i" }}</td><td>{{ e.actor_name }}</td><td>{{ e.action }} {{ e.object_repr }}</td>
<td>{% for field, values in e.changes.items %}{{ field }}: {{ values.0|default_if_none:"—"|truncatechars:60 }} → {{ values.1|default_if_none:"—"|truncatechars:60 }} {% endfor %}</td></tr>{% endfor %}</table>""",
}
_compiled = {name: _engine.from_string(source) for name, source in TEMPLATES.items()}


def _plan(pk: int, *prefetch) -> Plan:
    return Plan.objects.select_related("organisation").prefetch_related(*prefetch).get(pk=pk)


def _events(plan: Plan, limit: int):
    return AuditEvent.objects.filter(organisation=plan.organisation, scope=scope(plan))[:limit]


def _context(name: str, pk: int) -> dict:
    if name == "overview":
        plan = _plan(pk)  # the overview shows how many, not which: counted in the database
        stats = {"themes": plan.themes.count(), "objectives": plan.objectives.count(),
                 "interventions": plan.interventions.count()}
        return {"plan": plan, "stats": stats, "events": _events(plan, 10)}
    if name == "vision":
        plan = _plan(pk)
        return {"plan": plan, "points": LearningVisionPoint.objects.filter(plan=plan)}
    if name == "themes":
        plan = _plan(pk)
        objectives = Prefetch("objectives", queryset=Objective.objects.order_by("position", "pk"))
        return {"plan": plan, "themes": Theme.objects.filter(plan=plan).prefetch_related(objectives)}
    if name == "interventions":
        plan = _plan(pk)
        interventions = Intervention.objects.filter(plan=plan).prefetch_related(
            Prefetch("units", queryset=Unit.objects.order_by("name")),
            Prefetch("objectives", queryset=Objective.objects.order_by("position", "pk")),
        )
        objectives = Objective.objects.filter(plan=plan).prefetch_related(
            Prefetch("interventions", queryset=Intervention.objects.order_by("position", "pk"))
        )
        return {"plan": plan, "interventions": interventions, "objectives": objectives}
    if name == "qualification":
        plan = _plan(pk)
        rows = QualificationMixRow.objects.filter(plan=plan).select_related("unit").order_by("unit__name", "level")
        return {"plan": plan, "rows": rows}
    if name == "formation":
        plan = _plan(pk)
        rows = (
            FormationRow.objects.filter(plan=plan)
            .select_related("unit", "function_group")
            .order_by("unit__name", "function_group__name")
        )
        return {"plan": plan, "rows": rows}
    if name == "actions":
        plan = _plan(pk)
        return {"plan": plan, "actions": ImprovementAction.objects.filter(plan=plan)}
    if name == "history":
        plan = _plan(pk)
        return {"plan": plan, "events": _events(plan, history.PER_PAGE)}  # one page, as the page shows
    return {"plan": _plan(pk)}  # koers, general, generic: the plan row itself


def _around(request: HttpRequest, name: str, plan: Plan) -> dict:
    """The data every editor page shows around its own rows, fetched as plainly as possible."""
    section, comment_key = PARTS[name]
    findings = evaluate_for_page(plan).findings  # the cached report, as the pages read it
    counts = {s.key: [0, 0] for s in SECTIONS}
    for f in findings:
        counts[f.section][0 if f.is_blocking else 1] += 1
    return {
        "user": request.user,
        "organisations": Organisation.objects.filter(memberships__user=request.user).distinct(),
        "unread": unread_count(request.user),
        "version": current_version(plan),
        "steps": [(s.title, *counts[s.key]) for s in SECTIONS],
        # The overview lists every finding; a part's page those of its part.
        "findings": findings if name == "overview" else [f for f in findings if f.section == section],
        "comments": section_comments(plan, comment_key) if comment_key is not None else [],
    }


def floor(request: HttpRequest, name: str, plan: int) -> HttpResponse:
    context = _context(name, plan)
    if name in PARTS:
        context |= _around(request, name, context["plan"])
    return HttpResponse(_compiled[name].render(context))


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")
