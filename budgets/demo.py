"""The demo plan's budget (``manage.py seed_demo``), written through the same services as the web.

Zorggroep Het Voorbeeld (about 480 FTE, soplan/demo_content.py) budgets every year of its plan
2027–2030 with a realistic mix of sources: its own budget (the CAO's 2 % of the wage bill, and
all BIG and nursing-technical training), the Subsidieregeling Praktijkleren for BBL places, the
stagefonds for the learning wards, the sectorplan for the team leaders' course, a regional fund,
and the extra middelen Wlz for the interventions on the relation with clients and families.

The budget passes every check but one, on purpose: in 2028 the plan spends 65 % of the extra
middelen on training instead of the indicative 56 % (R16), explained in the year's note. That
is the one warning the demo shows; it also makes the plan need the client council's consent
twice over (it claims the extra middelen, R10, and deviates from the split, R16).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN
from decimal import Decimal as D  # noqa: N817 - short for the many figures below

from plans.content.selectors import plan_content
from plans.interchange.format import code_key
from plans.models import Plan

from . import services
from .models import FundingSource, YearPlanLine, cents
from .reference import ensure_reference_data
from .selectors import budget_for

# The gross wage bill (loonsom): about 480 FTE at some 38,800 euro a year each, plus 3 % a year.
WAGE_BILL = {2027: D("18600000"), 2028: D("19160000"), 2029: D("19730000"), 2030: D("20320000")}

# The agreed production of the two nursing-home locations and the VPT clients at home:
# (care package, days, maximum tariff per day). Indexed by 2 % a year.
PRODUCTION = [
    ("ZZP VV5 incl. behandeling (De Bongerd PG)", 18980, D("300.00")),
    ("ZZP VV7 incl. behandeling (De Bongerd PG)", 7300, D("335.00")),
    ("ZZP VV6 incl. behandeling (De Bongerd Somatiek)", 10220, D("290.00")),
    ("ZZP VV4 excl. behandeling (Het Anker)", 9125, D("185.00")),
    ("ZZP VV5 excl. behandeling (Het Anker)", 8395, D("240.00")),
    ("VPT VV5 (Thuiszorg)", 3650, D("210.00")),
]

# Share of the provisional extra middelen that goes to training; the rest goes to meaningful day
# activities. 2028 deviates on purpose (see NOTES).
TRAINING_SHARE = {2027: D("0.56"), 2028: D("0.65"), 2029: D("0.56"), 2030: D("0.56")}

NOTES = {
    2027: "De extra middelen worden verdeeld volgens de indicatieve verdeling (56 % opleiden, 44 % zinvolle daginvulling).",
    2028: (
        "Bewuste afwijking van de indicatieve verdeling: in 2028 gaat 65 % van de extra middelen naar "
        "opleiden in plaats van 56 %. In dat jaar lopen de opleiding tot dementiecoach, klinisch "
        "redeneren en de start van 'Samenwerken met familie en naasten' tegelijk. De Centrale "
        "Cliëntenraad heeft in de werksessie van maart 2026 gekozen voor meer deskundige dementiezorg "
        "in ruil voor minder extra daginvulling in dat ene jaar; de OR en de VAR steunen dit. Omdat "
        "afwijken instemming vraagt van Cliëntenraad en OR/VAR (R16), staat dit punt bewust open als "
        "waarschuwing tot die instemming is gegeven."
    ),
    2029: "De extra middelen worden verdeeld volgens de indicatieve verdeling (56 % opleiden, 44 % zinvolle daginvulling).",
    2030: "De extra middelen worden verdeeld volgens de indicatieve verdeling (56 % opleiden, 44 % zinvolle daginvulling).",
}

# Per intervention (the key in demo_content.INTERVENTIONS): months, participants per year, cost
# per participant, replacement hours per participant, hourly rate, other costs, and funding:
#   "praktijkleren": amount per participant; "stagefonds": fixed amount; "sectorplan": share;
#   "overig": share; "extra": may take the extra middelen (up to 80 % of the costs).
# The organisation's own budget pays the rest.
LINES = {
    "hbo-vpk": dict(months=(9, 12), participants={2027: 6, 2028: 8, 2029: 10, 2030: 12}, cost="5200", hours="320", rate="42.00", other="0", praktijkleren="2700"),
    "klinisch": dict(months=(3, 6), participants={2027: 64, 2028: 56}, cost="185", hours="12", rate="38.00", other="2400", extra=True),
    "regieverpleegkundige": dict(months=(2, 7), participants={2028: 8, 2029: 8}, cost="2950", hours="48", rate="48.00", other="1200"),
    "dementiecoach": dict(months=(1, 12), participants={2027: 10, 2028: 10}, cost="1850", hours="40", rate="40.00", other="1500", extra=True),
    "dementie-basis": dict(months=(1, 12), participants={2027: 190, 2028: 120, 2029: 110, 2030: 120}, cost="45", hours="6", rate="36.00", other="1500", extra=True),
    "levensdoelen": dict(months=(4, 11), participants={2027: 96, 2028: 84}, cost="160", hours="8", rate="38.00", other="3000", extra=True),
    "familie": dict(months=(1, 12), participants={2028: 120, 2029: 120}, cost="60", hours="4", rate="36.00", other="4000", extra=True),
    "intervisie": dict(months=(1, 12), participants={2027: 300, 2028: 310, 2029: 310, 2030: 320}, cost="0", hours="9", rate="36.00", other="12000", extra=True),
    "coachend": dict(months=(1, 6), participants={2027: 14, 2028: 8}, cost="2400", hours="32", rate="55.00", other="0", sectorplan="0.50"),
    "werkbegeleider": dict(months=(9, 12), participants={2027: 24, 2028: 18, 2029: 12}, cost="650", hours="16", rate="38.00", other="6000", stagefonds="8000"),
    "zij-instroom": dict(months=(9, 12), participants={2027: 12, 2028: 14, 2029: 16, 2030: 18}, cost="3400", hours="160", rate="34.00", other="0", praktijkleren="2700"),
    "digivaardig": dict(months=(1, 12), participants={2027: 260, 2028: 140}, cost="25", hours="3", rate="36.00", other="5000", overig="0.30"),
    "zorg-op-afstand": dict(months=(3, 10), participants={2028: 45, 2029: 45, 2030: 45}, cost="220", hours="8", rate="40.00", other="4500", extra=True),
    "voorbehouden": dict(months=(1, 12), participants={2027: 160, 2028: 165, 2029: 170, 2030: 175}, cost="85", hours="6", rate="40.00", other="8000"),
}

EXTRA_CAP = D("0.80")


def seed_budget(*, actor, plan: Plan) -> None:
    """Give every year of the demo plan a budget: inputs, year plan with splits, cost estimate."""
    from soplan import demo_content

    ensure_reference_data()
    sources = {s.code: s for s in FundingSource.objects.all()}
    interventions = {i.title: i for i in plan.interventions.all()}
    by_key = {spec["key"]: interventions[spec["title"]] for spec in demo_content.INTERVENTIONS}
    provisional = {}
    for year in plan.years:
        index = D("1.02") ** (year - plan.start_year)
        production = [
            services.ProductionRow(package, days, cents(tariff * index)) for package, days, tariff in PRODUCTION
        ]
        base = sum((cents(row.days * row.max_tariff) for row in production), D("0"))
        provisional[year] = cents(base * D("1.30") / 100)
        services.budget_year_save(
            actor=actor,
            plan=plan,
            year=year,
            wage_bill=WAGE_BILL[year],
            norm_percentage=D("2.00"),
            day_activities_amount=provisional[year] - cents(provisional[year] * TRAINING_SHARE[year]),
            note=NOTES[year],
            production=production,
        )
    for year in plan.years:
        _year_plan(actor, plan, year, by_key, sources, cents(provisional[year] * TRAINING_SHARE[year]))
    _estimates(actor, plan)


def _line_figures(spec: dict, participants: int) -> tuple[dict, D]:
    """The figures of a demo line and its total, by the line's own arithmetic (YearPlanLine.total)."""
    data = {
        "start_month": spec["months"][0],
        "end_month": spec["months"][1],
        "participants": participants,
        "cost_per_participant": D(spec["cost"]),
        "replacement_hours": D(spec["hours"]),
        "hourly_rate": D(spec["rate"]),
        "other_costs": D(spec["other"]),
    }
    return data, YearPlanLine(**data).total


def _year_plan(actor, plan: Plan, year: int, by_key: dict, sources: dict[str, FundingSource], extra_budget: D) -> None:
    """The lines of one year; the extra middelen for training go to the eligible lines in order."""
    remaining = extra_budget
    for key, spec in LINES.items():
        intervention = by_key[key]
        participants = spec["participants"].get(year)
        if participants is None:
            continue
        data, total = _line_figures(spec, participants)
        funding: dict[FundingSource, D] = {}
        if "praktijkleren" in spec:
            funding[sources["praktijkleren"]] = min(total, participants * D(spec["praktijkleren"]))
        if "stagefonds" in spec:
            funding[sources["stagefonds"]] = min(total, D(spec["stagefonds"]))
        if "sectorplan" in spec:
            funding[sources["sectorplan"]] = (total * D(spec["sectorplan"])).quantize(D("0.01"), ROUND_DOWN)
        if "overig" in spec:
            funding[sources["overig"]] = cents(total * D(spec["overig"]))
        if spec.get("extra") and remaining > 0:
            amount = min(remaining, cents(total * EXTRA_CAP))
            funding[sources["extra-middelen-wlz"]] = amount
            remaining -= amount
        funding[sources["organisatiebudget"]] = total - sum(funding.values(), D("0"))
        services.line_save(actor=actor, plan=plan, intervention=intervention, year=year, funding=funding, **data)
    if remaining:
        raise ValueError(f"the demo's eligible lines in {year} cannot take {remaining} of extra middelen")


def _estimates(actor, plan: Plan) -> None:
    """R7: the strategic estimate per theme, the year plan rounded up to whole thousands of euros."""
    budget = budget_for(plan_content(plan))
    themes = {t.pk: t for t in budget.content.themes}
    values = [
        services.EstimateValue(
            theme=themes[row.pk],
            objective=None,
            year=year,
            amount=(row.amounts[year] / 1000).quantize(D("1"), ROUND_CEILING) * 1000,
        )
        for row in budget.by_theme()
        if row.pk
        for year in budget.years
        if row.amounts[year]
    ]
    services.estimates_save(actor=actor, plan=plan, values=values)


def follow_change(*, actor, plan: Plan, new_lines: dict[str, dict]) -> None:
    """Step 5 after the demo's change of the plan: drop the figures of years an intervention no
    longer runs in, and budget the new interventions (``new_lines``: title → figures per year)
    from the organisation's own budget."""
    from .models import YearPlanLine

    own = FundingSource.objects.get(code="organisatiebudget")
    for line in YearPlanLine.objects.filter(plan=plan).select_related("intervention"):
        if line.year not in line.intervention.years:
            services.line_delete(actor=actor, line=line, expected_version=line.lock_version)
    for title, spec in new_lines.items():
        intervention = plan.interventions.get(title=title)
        for year, participants in spec["participants"].items():
            data, total = _line_figures(spec, participants)
            services.line_save(
                actor=actor, plan=plan, intervention=intervention, year=year, funding={own: total}, **data
            )


def _split(total: D, planned: dict[FundingSource, D]) -> dict[FundingSource, D]:
    """``total`` over the planned sources in the planned proportions; the cents left over go to the
    largest source, so the parts add up exactly."""
    planned = {source: amount for source, amount in planned.items() if amount}
    if not planned or not total:
        return {}
    whole = sum(planned.values(), D(0))
    parts = {source: cents(total * amount / whole) for source, amount in planned.items()}
    largest = max(planned, key=lambda source: (planned[source], -source.pk))
    parts[largest] += total - sum(parts.values(), D(0))
    return parts


def seed_execution(*, actor, plan: Plan, year: int, results: dict[int, str]) -> None:
    """What happened in ``year`` (issue 11), told by the evaluation of that year (``results``:
    objective pk → realised / partly / not_realised). An intervention counts under its first
    objective (``BudgetContent.theme_of``): realised → held in full, close to plan, fitted; partly →
    held in part, started late with fewer participants and lower costs, fitted; not realised →
    the first such intervention was not held at all, the others were held in part and did not fit.
    Realised costs are split over the sources in the planned proportions."""
    from .models import TookPlace

    budget = budget_for(plan_content(plan))
    sources = budget.source_by_pk
    not_held = False
    lines = sorted(budget.lines_in(year), key=lambda ln: (ln.intervention.position, ln.intervention.pk))
    for line in lines:
        objectives = sorted(line.intervention.objectives.all(), key=lambda o: code_key(o.code))
        result = results.get(objectives[0].pk) if objectives else None
        fitted = None if result is None else result != "not_realised"
        if result == "not_realised" and not not_held:
            not_held = True
            took_place, participants, amount, fitted = TookPlace.NOT, None, D(0), False
        elif result in ("partly", "not_realised"):
            took_place, participants, amount = TookPlace.PARTLY, line.participants * 6 // 10, cents(line.total * D("0.55"))
        else:
            took_place, participants, amount = TookPlace.FULLY, line.participants * 9 // 10, cents(line.total * D("0.97"))
        planned = {sources[pk]: value for pk, value in budget.line_funding(line).items()}
        services.execution_save(
            actor=actor, line=line, expected_version=line.lock_version, took_place=took_place,
            realised_participants=participants, fitted_objective=fitted,
            realised_funding=_split(amount, planned),
        )
