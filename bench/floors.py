"""The floors the plan pages are measured against (benchmark only; never part of the product).

* ``trivial``: a Django view that answers "ok" behind the same middleware (session, login, user
  language): the fixed cost of any request.
* one floor per plan page: the plan row plus the rows that page shows, fetched with one
  prefetched query set, rendered by a minimal template with the same fields and the same
  filters (Markdown, FTE formatting), but without the layout, the step navigator, the
  completeness check, links or permission checks. A page within 2× its floor spends at most as
  much on all of that as on showing its rows.

Floors reach the plan without the permission-aware fetch on purpose: they measure rendering,
not access control. They are only mounted by bench.urls, which only ``python -m bench`` uses.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.template import engines

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
from plans.services import scope
from stakeholders.models import AuditEvent, Unit

_engine = engines["django"]

HEAD = "{% load soplan %}<!doctype html><title>{{ plan.title }}</title><h1>{{ plan.title }} {{ plan.start_year }}–{{ plan.end_year }}</h1>"

TEMPLATES = {
    "generic": HEAD,
    "overview": HEAD
    + """<p>{{ plan.themes.all|length }} · {{ plan.objectives.all|length }} · {{ plan.interventions.all|length }}</p>
<ul>{% for e in events %}<li>{{ e.created_at|date:"j M Y H:i" }} {{ e.actor_name }} {{ e.action }} {{ e.object_repr }}</li>{% endfor %}</ul>""",
    "koers": HEAD + """<form><textarea name="vision">{{ plan.vision }}</textarea></form>""",
    "general": HEAD
    + """<form><input name="title" value="{{ plan.title }}"><input name="start_year" value="{{ plan.start_year }}">
<input name="end_year" value="{{ plan.end_year }}"><textarea name="preface">{{ plan.preface }}</textarea></form>""",
    "vision": HEAD
    + """<form>{% for p in points %}<h2>{{ p.get_point_display }}</h2><textarea>{{ p.now }}</textarea><textarea>{{ p.future }}</textarea>{% endfor %}
<input value="{{ plan.mix_on_the_job }}"><input value="{{ plan.mix_social }}"><input value="{{ plan.mix_formal }}"></form>""",
    "themes": HEAD
    + """{% for t in themes %}<section><h2>{{ t.code }} {{ t.title }}</h2>{{ t.description|markdown }}{{ t.implications|markdown }}
<ul>{% for o in t.objectives.all %}<li>{{ o.code }} {{ o.description }} {{ o.indicator }} {{ o.target_year }}</li>{% endfor %}</ul></section>{% endfor %}""",
    "interventions": HEAD
    + """{% for i in interventions %}<article><h2>{{ i.code }} {{ i.title }}</h2>
{% for u in i.units.all %}{{ u.name }} {% endfor %}{{ i.years|join:", " }} {{ i.get_horizon_display }}
{% for o in i.objectives.all %}{{ o.code }} {% endfor %}</article>{% endfor %}
<table>{% for o in objectives %}<tr><th>{{ o.code }} {{ o.description|truncatechars:110 }}</th><td>{% for i in o.interventions.all %}{{ i.code }} {% endfor %}</td></tr>{% endfor %}</table>""",
    "qualification": HEAD
    + """<table>{% for r in rows %}<tr><th>{{ r.unit.name }}</th><td>{{ r.get_level_display }}: {{ r.current_fte|fte }} → {{ r.desired_fte|fte }} ({{ r.target_year }})</td></tr>{% endfor %}</table>""",
    "formation": HEAD
    + """<table>{% for r in rows %}<tr><th>{{ r.unit.name }}</th><td>{{ r.function_group.name }}</td><td>{{ r.current_fte|fte }}</td>
<td>{{ r.outflow_per_year|fte }}</td><td>{{ r.growth_per_year|fte }}</td><td>{{ r.training_need_per_year|fte }}</td><td>{{ r.internship_places|fte }}</td></tr>{% endfor %}</table>""",
    "actions": HEAD
    + """<ul>{% for a in actions %}<li>{{ a.description }} {{ a.responsible }} {{ a.due|date:"j F Y" }}</li>{% endfor %}</ul>""",
    "history": HEAD
    + """<table>{% for e in events %}<tr><td>{{ e.created_at|date:"j M Y H:i" }}</td><td>{{ e.actor_name }}</td><td>{{ e.action }} {{ e.object_repr }}</td>
<td>{% for field, values in e.changes.items %}{{ field }}: {{ values.0|default_if_none:"—"|truncatechars:60 }} → {{ values.1|default_if_none:"—"|truncatechars:60 }} {% endfor %}</td></tr>{% endfor %}</table>""",
}
_compiled = {name: _engine.from_string(source) for name, source in TEMPLATES.items()}


def _plan(pk: int, *prefetch) -> Plan:
    return Plan.objects.select_related("organisation").prefetch_related(*prefetch).get(pk=pk)


def _events(plan: Plan, limit: int):
    return AuditEvent.objects.filter(organisation=plan.organisation, scope=scope(plan))[:limit]


def _context(name: str, pk: int) -> dict:
    if name == "overview":
        plan = _plan(pk, "themes", "objectives", "interventions")
        return {"plan": plan, "events": _events(plan, 10)}
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
        return {"plan": plan, "events": _events(plan, 500)}
    return {"plan": _plan(pk)}  # koers, general, generic: the plan row itself


def floor(request: HttpRequest, name: str, plan: int) -> HttpResponse:
    return HttpResponse(_compiled[name].render(_context(name, plan)))


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")
