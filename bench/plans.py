"""Plans of a given size for the benchmark, built as interchange documents and imported.

Building through ``plans.interchange.import_plan`` means the rows are written by the same services
the web uses (with their audit events), and the documents double as a check that the importer
takes plans of this size. The texts come from the demo plan (soplan.demo_content), so field
lengths and Markdown are realistic; codes and names are numbered.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from plans.interchange.format import FORMAT, FORMAT_VERSION
from plans.interchange.services import import_plan
from plans.models import Horizon, Plan, ThemeKind, Topic, WorkForm
from soplan import demo_content as demo
from stakeholders import services as org_services
from stakeholders.access import forget_roles
from stakeholders.models import QualificationLevel

START, END = 2027, 2030


@dataclass(frozen=True)
class Size:
    """How many of each item a benchmark plan holds; everything scales with the interventions."""

    interventions: int

    @property
    def label(self) -> str:
        return str(self.interventions)

    @property
    def themes(self) -> int:
        return max(3, self.interventions // 10)

    @property
    def objectives_per_theme(self) -> int:
        return 2

    @property
    def units(self) -> int:  # teams; one location above every five teams
        return max(5, self.interventions // 5)

    @property
    def function_groups(self) -> int:
        return max(4, self.interventions // 25)

    @property
    def actions(self) -> int:
        return max(3, self.interventions // 20)


def _dec(value: float) -> str:
    return str(Decimal(str(value)).quantize(Decimal("0.01")))


def document(size: Size, slug: str) -> dict:
    """An interchange document (docs/plan.schema.json) for a plan of ``size``."""
    n_teams = size.units
    locations = [f"loc{i}" for i in range(1, (n_teams + 4) // 5 + 1)]
    units = [{"code": code, "name": f"Locatie {i}", "parent": None, "fte": "3.00"}
             for i, code in enumerate(locations, 1)]
    teams = []
    for i in range(1, n_teams + 1):
        code = f"team{i}"
        teams.append(code)
        units.append({"code": code, "name": f"Team {i}", "parent": locations[(i - 1) // 5],
                      "fte": _dec(20 + (i * 7) % 25)})
    levels = [lvl.value for lvl in QualificationLevel][:5]
    groups = [{"code": f"fg{i}", "name": f"Functiegroep {i}", "qualification_level": levels[i % len(levels)],
               "is_care_staff": i % 4 != 0} for i in range(1, size.function_groups + 1)]

    kinds = [k.value for k in ThemeKind if k != ThemeKind.CUSTOM]
    themes, objective_codes = [], []
    for t in range(1, size.themes + 1):
        _key, _kind, title, description, implications, objectives = demo.THEMES[(t - 1) % len(demo.THEMES)]
        obj = []
        for o in range(size.objectives_per_theme):
            _okey, text, indicator, year = objectives[o % len(objectives)]
            code = f"D{len(objective_codes) + 1}"
            objective_codes.append(code)
            obj.append({"code": code, "description": text, "indicator": indicator, "target_year": year,
                        "position": o + 1})
        themes.append({"code": f"T{t}", "kind": kinds[(t - 1) % len(kinds)], "title": f"{title} ({t})",
                       "description": description, "implications": implications, "position": t,
                       "objectives": obj})

    work_forms, topics, horizons = list(WorkForm.values), list(Topic.values), list(Horizon.values)
    interventions = []
    for i in range(1, size.interventions + 1):
        spec = demo.INTERVENTIONS[(i - 1) % len(demo.INTERVENTIONS)]
        unit_level = i % 2 == 0
        interventions.append({
            "code": f"L{i}",
            "title": f"{spec['title']} ({i})",
            "description": spec["description"],
            "learning_outcome": spec["learning_outcome"],
            "level": "unit" if unit_level else "organisation",
            "units": sorted({teams[i % n_teams], teams[(i * 3) % n_teams]}) if unit_level else [],
            "objectives": sorted({objective_codes[i % len(objective_codes)],
                                  objective_codes[(i * 7) % len(objective_codes)]}),
            "function_groups": sorted({groups[i % len(groups)]["code"], groups[(i + 1) % len(groups)]["code"]}),
            "work_forms": sorted({work_forms[i % len(work_forms)], work_forms[(i * 5) % len(work_forms)]}),
            "years": [START + (i % 2), START + (i % 2) + 1],
            "topics": sorted({topics[i % len(topics)], topics[(i + 2) % len(topics)]}),
            "horizon": horizons[i % len(horizons)],
            "already_running": i % 7 == 0,
            "funded_elsewhere": i % 11 == 0,
            "is_big_training": i % 13 == 0,
            "position": i,
        })

    qualification = []
    formation = []
    for t, team in enumerate(teams, 1):
        for k, level in enumerate(levels[1:4]):
            qualification.append({"unit": team, "level": level, "current_fte": _dec(4 + (t + k) % 9),
                                  "desired_fte": _dec(5 + (t * 2 + k) % 8), "target_year": END})
        for k in range(2):
            group = groups[(t + k) % len(groups)]["code"]
            formation.append({"unit": team, "function_group": group, "current_fte": _dec(8 + (t + k) % 12),
                              "retirement_per_year": _dec(0.2 + (t % 5) / 10),
                              "turnover_per_year": _dec(0.5 + (t % 7) / 10), "growth_per_year": _dec((t % 3) / 10),
                              "internship_places": _dec(1 + t % 3)})
    formation = list({(r["unit"], r["function_group"]): r for r in formation}.values())

    actions = [{"code": f"A{a}", "description": demo.ACTIONS[(a - 1) % len(demo.ACTIONS)][0],
                "responsible": demo.ACTIONS[(a - 1) % len(demo.ACTIONS)][1], "due": f"{START}-0{a % 9 + 1}-15",
                "position": a} for a in range(1, size.actions + 1)]

    # Step 5: every intervention has figures in each year it runs, paid from the own budget, so
    # the budget pages are measured with a full year plan too.
    lines = []
    for intervention in interventions:
        i = int(intervention["code"][1:])
        participants, cost, hours, rate = 6 + i % 20, 150 + (i * 37) % 900, 4 + i % 12, 38
        total = participants * cost + participants * hours * rate
        for year in intervention["years"]:
            lines.append({
                "intervention": intervention["code"], "year": year, "start_month": 1 + i % 6,
                "end_month": 7 + i % 6, "participants": participants, "profile": "", "learning_outcome": "",
                "cost_per_participant": _dec(cost), "replacement_hours": _dec(hours), "hourly_rate": _dec(rate),
                "other_costs": "0.00", "note": "", "realised_participants": None, "realised_amount": None,
                "funding": [{"source": "organisatiebudget", "amount": _dec(total)}],
            })
    budget = {
        "years": [{"year": year, "wage_bill": _dec(120_000 * size.interventions), "norm_percentage": "2.00",
                   "day_activities_amount": None, "note": "", "production": []} for year in range(START, END + 1)],
        "estimates": [{"theme": theme["code"], "objective": None, "year": year, "amount": _dec(25_000)}
                      for theme in themes for year in range(START, END + 1)],
        "lines": lines,
    }

    return {
        "budget": budget,
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "organisation": {
            "name": f"Zorggroep Benchmark {size.label}",
            "slug": slug,
            "sector": demo.ORGANISATION["sector"],
            "has_var": True,
            "has_client_council": True,
            "always_involve_client_council": False,
            "zorgkantoor": demo.ORGANISATION["zorgkantoor"],
            "document_language": "nl",
            "units": units,
            "function_groups": groups,
        },
        "plan": {
            "title": f"Opleidingsplan benchmark {size.label} interventies",
            "start_year": START,
            "end_year": END,
            "preface": demo.PLAN["preface"],
            "vision": demo.PLAN["vision"],
            "learning_mix": dict(zip(("on_the_job", "social", "formal"), demo.PLAN["mix"], strict=True)),
            "vision_on_learning": [{"point": p, "now": now, "future": future}
                                   for p, (now, future) in demo.VISION.items()],
            "themes": themes,
            "interventions": interventions,
            "qualification_mix": sorted(qualification, key=lambda r: (r["unit"], r["level"])),
            "formation": sorted(formation, key=lambda r: (r["unit"], r["function_group"])),
            "improvement_actions": actions,
        },
    }


def build(size: Size, author) -> Plan:
    """Import a plan of ``size`` into a new organisation in which ``author`` is the L&D author.

    The import runs as the system (``actor=None``), as ``manage.py import_plan`` does.
    """
    plan = import_plan(document(size, slug=f"bench-{size.label}"), actor=None)
    org_services.person_set_roles(actor=None, organisation=plan.organisation, user=author, roles=["author"],
                                  units=[], bodies={})
    forget_roles(author)
    return plan


def counts(plan: Plan) -> dict[str, int]:
    from stakeholders.models import AuditEvent

    return {
        "interventions": plan.interventions.count(),
        "themes": plan.themes.count(),
        "objectives": plan.objectives.count(),
        "units": plan.organisation.units.count(),
        "function_groups": plan.organisation.function_groups.count(),
        "qualification_rows": plan.qualification_rows.count(),
        "formation_rows": plan.formation_rows.count(),
        "improvement_actions": plan.improvement_actions.count(),
        "audit_events": AuditEvent.objects.filter(organisation=plan.organisation).count(),
    }
