"""The "budget" section of the plan's JSON format (plans.interchange), and so of frozen versions.

Input keys (``years``, ``estimates``, ``lines``) are imported through the services. Derived keys
are recomputed on export and ignored on import; other parts of soplan rely on them:

* ``claims_extra_middelen_wlz``: the plan funds something from a source whose claim needs the
  client council's consent (the extra middelen Wlz, R10); the approval flow asks the CR then;
* ``deviates_from_indicative_split``: the planned training/day-activities split deviates (R16);
* ``summary``: the total overview of subsidisable costs (ingredient 9) that the PDF renders;
* ``calculations``: per year the wage-bill check (R14) and the extra-middelen calculator (R16);
* ``total`` of each line.

Amounts are strings with two places, lists are in code order, years are string keys in maps.
Derived names that are not user content (the row for unassigned costs) are written in the
organisation's document language, so the hash does not depend on who exports.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from plans.content.selectors import PlanContent
from plans.interchange.format import (
    CODE,
    TEXT,
    YEAR,
    Section,
    array_schema,
    code_key,
    decimal_str,
    object_schema,
)

from . import services
from .models import FundingSource, RealisedFunding
from .selectors import UNASSIGNED, BudgetContent, Row, budget_for

MONEY = {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,2})?$"}
PERCENT = {"type": "string", "pattern": r"^\d{1,3}(\.\d{1,2})?$"}
MONTH = {"type": "integer", "minimum": 1, "maximum": 12}
YEAR_KEY = r"^\d{4}$"
DERIVED = "Derived: recomputed on export, ignored on import."


def _money(value: Decimal | None) -> str | None:
    return decimal_str(value)


def _amounts(row: Row, years: list[int]) -> dict[str, str]:
    return {str(y): _money(row.amounts.get(y, Decimal(0))) for y in years}


def _rows(rows: list[Row], years: list[int]) -> list[dict]:
    out = [{"code": r.code, "name": r.name, "amounts": _amounts(r, years), "total": _money(r.total)} for r in rows]
    # Stable order by code; the rows that are no source or theme (unassigned costs, costs without
    # a theme) come last.
    return sorted(out, key=lambda r: (r["code"] in (None, UNASSIGNED), code_key(r["code"] or "")))


def summary(budget: BudgetContent) -> dict:
    """The total overview of subsidisable costs (ingredient 9), as the PDF renders it."""
    years = budget.years
    by_theme = [
        {"code": r["code"], "title": r["name"], "amounts": r["amounts"], "total": r["total"]}
        for r in _rows(budget.by_theme(), years)
    ]
    estimates = [
        {"code": r["code"], "title": r["name"], "amounts": r["amounts"], "total": r["total"]}
        for r in _rows(budget.estimate_rows(), years)
    ]
    return {
        "years": years,
        "currency": "EUR",
        "by_source": _rows(budget.by_source(), years),
        "by_theme": by_theme,
        "by_year": {str(f.year): _money(f.total) for f in budget.all_years()},
        "total": _money(budget.total),
        "estimate": {
            "by_theme": estimates,
            "by_year": {
                str(y): _money(sum((e.amount for e in budget.estimates if e.year == y), Decimal(0))) for y in years
            },
            "total": _money(budget.estimate_total),
        },
        "realised": {
            "by_year": {str(f.year): _money(f.realised) for f in budget.all_years()},
            "total": _money(budget.realised_total),
        },
    }


def calculations(budget: BudgetContent) -> list[dict]:
    out = []
    for f in budget.all_years():
        out.append(
            {
                "year": f.year,
                "total": _money(f.total),
                "own_spending": _money(f.own_spending),
                "wage_bill_norm": _money(f.norm_amount),
                "extra_middelen": [
                    {
                        "scheme": s.scheme.code,
                        "scheme_year": s.values.year if s.values else None,
                        "tariff_percentage": decimal_str(s.values.tariff_percentage) if s.values else None,
                        "indicative_training_share": decimal_str(s.values.training_share) if s.values else None,
                        "base": _money(s.base),
                        "provisional_amount": _money(s.provisional_amount),
                        "planned_training": _money(s.planned_training),
                        "planned_day_activities": _money(s.planned_day_activities),
                        "planned_training_share": decimal_str(s.planned_training_share),
                        "deviates": s.deviates,
                    }
                    for s in sorted(f.schemes, key=lambda s: s.scheme.code)
                ],
            }
        )
    return out


def _execution(line, realised: dict[str, Decimal]) -> dict:
    """What happened to a line in its year (issue 11), for a line with anything recorded."""
    return {
        "took_place": line.took_place or None,
        "fitted_objective": line.fitted_objective,
        "realised_funding": [{"source": code, "amount": _money(amount)} for code, amount in sorted(realised.items())],
    }


def export(content: PlanContent) -> dict:
    budget = budget_for(content)
    theme_code = {t.pk: t.code for t in content.themes}
    objective_code = {o.pk: o.code for o in content.objectives}
    sources = budget.source_by_pk
    # The realised split per source (execution), one query for all lines; a line without any
    # execution recorded has no "execution" key, so plans without it export as they always did.
    realised: dict[int, dict[str, Decimal]] = {}
    for line_id, code, amount in RealisedFunding.objects.filter(
        line__in=[line.pk for line in budget.lines]
    ).values_list("line_id", "source__code", "amount"):
        realised.setdefault(line_id, {})[code] = amount
    with translation.override(content.plan.organisation.document_language):
        return {
            "years": [
                {
                    "year": b.year,
                    "wage_bill": _money(b.wage_bill),
                    "norm_percentage": decimal_str(b.norm_percentage),
                    "day_activities_amount": _money(b.day_activities_amount),
                    "note": b.note,
                    "production": [
                        {"package": p.package, "days": p.days, "max_tariff": _money(p.max_tariff)}
                        for p in b.production.all()
                    ],
                }
                for b in sorted(budget.budget_years.values(), key=lambda b: b.year)
            ],
            "estimates": sorted(
                (
                    {
                        "theme": theme_code[e.theme_id],
                        "objective": objective_code.get(e.objective_id),
                        "year": e.year,
                        "amount": _money(e.amount),
                    }
                    for e in budget.estimates
                ),
                key=lambda e: (code_key(e["theme"]), code_key(e["objective"] or ""), e["year"]),
            ),
            "lines": sorted(
                (
                    {
                        "intervention": line.intervention.code,
                        "year": line.year,
                        "start_month": line.start_month,
                        "end_month": line.end_month,
                        "participants": line.participants,
                        "profile": line.profile,
                        "learning_outcome": line.learning_outcome,
                        "cost_per_participant": _money(line.cost_per_participant),
                        "replacement_hours": decimal_str(line.replacement_hours),
                        "hourly_rate": _money(line.hourly_rate),
                        "other_costs": _money(line.other_costs),
                        "note": line.note,
                        "funding": sorted(
                            (
                                {"source": sources[pk].code, "amount": _money(amount)}
                                for pk, amount in budget.line_funding(line).items()
                            ),
                            key=lambda f: f["source"],
                        ),
                        "realised_participants": line.realised_participants,
                        "realised_amount": _money(line.realised_amount),
                        "total": _money(line.total),
                        **(
                            {"execution": _execution(line, realised.get(line.pk, {}))}
                            if line.took_place or line.fitted_objective is not None or line.pk in realised
                            else {}
                        ),
                    }
                    for line in budget.lines
                ),
                key=lambda line: (line["year"], code_key(line["intervention"])),
            ),
            "claims_extra_middelen_wlz": budget.claims_extra_middelen_wlz,
            "deviates_from_indicative_split": budget.deviates_from_indicative_split,
            "summary": summary(budget),
            "calculations": calculations(budget),
        }


# --- Schema -----------------------------------------------------------------------------------


def _nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


def _year_map(value: dict) -> dict:
    return {"type": "object", "propertyNames": {"pattern": YEAR_KEY}, "additionalProperties": value}


def _overview_row(name_key: str, code: dict) -> dict:
    return object_schema(
        {"code": code, name_key: {"type": "string"}, "amounts": _year_map(MONEY), "total": MONEY}
    )


def schema() -> dict:
    line = object_schema(
        {
            "intervention": CODE,
            "year": YEAR,
            "start_month": MONTH,
            "end_month": MONTH,
            "participants": {"type": "integer", "minimum": 0, "maximum": 1_000_000},
            "profile": {"type": "string", "maxLength": 300},
            "learning_outcome": TEXT,
            "cost_per_participant": MONEY,
            "replacement_hours": {"type": "string", "pattern": r"^\d{1,5}(\.\d{1,2})?$"},
            "hourly_rate": MONEY,
            "other_costs": MONEY,
            "note": {"type": "string", "maxLength": 300},
            "funding": array_schema(object_schema({"source": CODE, "amount": MONEY})),
            "realised_participants": _nullable({"type": "integer", "minimum": 0, "maximum": 1_000_000}),
            "realised_amount": _nullable(MONEY),
            "total": {**MONEY, "description": DERIVED},
            "execution": {
                **object_schema(
                    {
                        "took_place": _nullable({"enum": ["fully", "partly", "not"]}),
                        "fitted_objective": _nullable({"type": "boolean"}),
                        "realised_funding": array_schema(object_schema({"source": CODE, "amount": MONEY})),
                    }
                ),
                "description": "What happened in the line's year (issue 11); absent while nothing is recorded. "
                "The realised amounts per source add up to realised_amount.",
            },
        },
        required=[
            "intervention", "year", "start_month", "end_month", "participants", "profile",
            "learning_outcome", "cost_per_participant", "replacement_hours", "hourly_rate",
            "other_costs", "note", "funding", "realised_participants", "realised_amount",
        ],
    )
    section_summary = object_schema(
        {
            "years": array_schema(YEAR),
            "currency": {"const": "EUR"},
            "by_source": array_schema(_overview_row("name", CODE)),
            "by_theme": array_schema(_overview_row("title", _nullable(CODE))),
            "by_year": _year_map(MONEY),
            "total": MONEY,
            "estimate": object_schema(
                {"by_theme": array_schema(_overview_row("title", CODE)), "by_year": _year_map(MONEY), "total": MONEY}
            ),
            "realised": object_schema({"by_year": _year_map(MONEY), "total": MONEY}),
        }
    )
    scheme_figures = object_schema(
        {
            "scheme": CODE,
            "scheme_year": _nullable(YEAR),
            "tariff_percentage": _nullable(PERCENT),
            "indicative_training_share": _nullable(PERCENT),
            "base": MONEY,
            "provisional_amount": _nullable(MONEY),
            "planned_training": MONEY,
            "planned_day_activities": _nullable(MONEY),
            "planned_training_share": _nullable(PERCENT),
            "deviates": {"type": "boolean"},
        }
    )
    document = object_schema(
        {
            "years": array_schema(
                object_schema(
                    {
                        "year": YEAR,
                        "wage_bill": _nullable(MONEY),
                        "norm_percentage": PERCENT,
                        "day_activities_amount": _nullable(MONEY),
                        "note": TEXT,
                        "production": array_schema(
                            object_schema(
                                {
                                    "package": {"type": "string", "minLength": 1, "maxLength": 80},
                                    "days": {"type": "integer", "minimum": 0},
                                    "max_tariff": MONEY,
                                }
                            )
                        ),
                    }
                )
            ),
            "estimates": array_schema(
                object_schema({"theme": CODE, "objective": _nullable(CODE), "year": YEAR, "amount": MONEY})
            ),
            "lines": array_schema(line),
            "claims_extra_middelen_wlz": {"type": "boolean", "description": DERIVED},
            "deviates_from_indicative_split": {"type": "boolean", "description": DERIVED},
            "summary": {**section_summary, "description": DERIVED},
            "calculations": array_schema(
                object_schema(
                    {
                        "year": YEAR,
                        "total": MONEY,
                        "own_spending": MONEY,
                        "wage_bill_norm": _nullable(MONEY),
                        "extra_middelen": array_schema(scheme_figures),
                    }
                ),
                description=DERIVED,
            ),
        },
        required=["years", "estimates", "lines"],
    )
    document["description"] = (
        "Step 5: the wage bill and extra-middelen inputs per year, the cost estimate per theme or "
        "objective (R7) and the operational year plan with its funding split (R8)."
    )
    return document


# --- Import -----------------------------------------------------------------------------------


def validate(document: dict) -> list[str]:
    """Reference problems of the budget section (the schema has been checked already)."""
    errors: list[str] = []
    plan, budget = document["plan"], document["budget"]
    start, end = plan["start_year"], plan["end_year"]
    interventions = {i["code"] for i in plan["interventions"]}
    objectives = {o["code"]: t["code"] for t in plan["themes"] for o in t["objectives"]}
    themes = {t["code"] for t in plan["themes"]}
    sources = set(FundingSource.objects.values_list("code", flat=True))

    def in_period(path: str, year: int) -> None:
        if not start <= year <= end:
            errors.append(f"{path}: " + _("%(year)s is outside the plan period %(start)s–%(end)s") % {"year": year, "start": start, "end": end})

    seen_years = set()
    for n, spec in enumerate(budget["years"]):
        in_period(f"budget.years[{n}].year", spec["year"])
        if spec["year"] in seen_years:
            errors.append(f"budget.years[{n}].year: " + _("%(year)s appears twice") % {"year": spec["year"]})
        seen_years.add(spec["year"])
    seen_estimates = set()
    for n, spec in enumerate(budget["estimates"]):
        base = f"budget.estimates[{n}]"
        in_period(f"{base}.year", spec["year"])
        if spec["theme"] not in themes:
            errors.append(f"{base}.theme: " + _("unknown theme '%(code)s'") % {"code": spec["theme"]})
        if spec["objective"] is not None and objectives.get(spec["objective"]) != spec["theme"]:
            errors.append(f"{base}.objective: " + _("'%(objective)s' is not an objective of '%(theme)s'") % {"objective": spec["objective"], "theme": spec["theme"]})
        key = (spec["theme"], spec["objective"], spec["year"])
        if key in seen_estimates:
            errors.append(f"{base}: " + _("the estimate appears twice"))
        seen_estimates.add(key)
    seen_lines = set()
    for n, spec in enumerate(budget["lines"]):
        base = f"budget.lines[{n}]"
        in_period(f"{base}.year", spec["year"])
        if spec["intervention"] not in interventions:
            errors.append(f"{base}.intervention: " + _("unknown intervention '%(code)s'") % {"code": spec["intervention"]})
        if spec["end_month"] < spec["start_month"]:
            errors.append(f"{base}.end_month: " + _("the planning ends before it starts"))
        key = (spec["intervention"], spec["year"])
        if key in seen_lines:
            errors.append(f"{base}: " + _("%(code)s has figures for %(year)s twice") % {"code": spec["intervention"], "year": spec["year"]})
        seen_lines.add(key)
        codes = [f["source"] for f in spec["funding"]]
        for m, code in enumerate(codes):
            if code not in sources:
                errors.append(f"{base}.funding[{m}].source: " + _("unknown funding source '%(code)s'") % {"code": code})
        if len(set(codes)) != len(codes):
            errors.append(f"{base}.funding: " + _("a funding source appears twice"))
        execution = spec.get("execution")
        if execution is not None:
            realised = [f["source"] for f in execution["realised_funding"]]
            for m, code in enumerate(realised):
                if code not in sources:
                    errors.append(f"{base}.execution.realised_funding[{m}].source: " + _("unknown funding source '%(code)s'") % {"code": code})
            if len(set(realised)) != len(realised):
                errors.append(f"{base}.execution.realised_funding: " + _("a funding source appears twice"))
            split = sum((Decimal(f["amount"]) for f in execution["realised_funding"]), Decimal(0))
            if execution["realised_funding"] and split != Decimal(spec["realised_amount"] or 0):
                errors.append(f"{base}.execution.realised_funding: " + _("the amounts per source do not add up to realised_amount"))
    return errors


def import_(plan, data: dict, *, actor, refs) -> None:
    sources = {s.code: s for s in FundingSource.objects.all()}
    for spec in data["years"]:
        services.budget_year_save(
            actor=actor,
            plan=plan,
            year=spec["year"],
            wage_bill=_decimal(spec["wage_bill"]),
            norm_percentage=Decimal(spec["norm_percentage"]),
            day_activities_amount=_decimal(spec["day_activities_amount"]),
            note=spec["note"],
            production=[
                services.ProductionRow(p["package"], p["days"], Decimal(p["max_tariff"])) for p in spec["production"]
            ],
        )
    services.estimates_save(
        actor=actor,
        plan=plan,
        values=[
            services.EstimateValue(
                theme=refs.themes[spec["theme"]],
                objective=refs.objectives[spec["objective"]] if spec["objective"] else None,
                year=spec["year"],
                amount=Decimal(spec["amount"]),
            )
            for spec in data["estimates"]
        ],
    )
    for spec in data["lines"]:
        line = services.line_save(
            actor=actor,
            plan=plan,
            intervention=refs.interventions[spec["intervention"]],
            year=spec["year"],
            funding={sources[f["source"]]: Decimal(f["amount"]) for f in spec["funding"]},
            enforce_rules=False,
            start_month=spec["start_month"],
            end_month=spec["end_month"],
            participants=spec["participants"],
            profile=spec["profile"],
            learning_outcome=spec["learning_outcome"],
            cost_per_participant=Decimal(spec["cost_per_participant"]),
            replacement_hours=Decimal(spec["replacement_hours"]),
            hourly_rate=Decimal(spec["hourly_rate"]),
            other_costs=Decimal(spec["other_costs"]),
            note=spec["note"],
            realised_participants=spec["realised_participants"],
            realised_amount=_decimal(spec["realised_amount"]),
        )
        if "execution" in spec:
            execution = spec["execution"]
            services.execution_restore(
                actor=actor, line=line, took_place=execution["took_place"] or "",
                fitted_objective=execution["fitted_objective"],
                realised_funding={sources[f["source"]]: Decimal(f["amount"]) for f in execution["realised_funding"]},
            )


import_.validate = validate  # plans.interchange calls it before importing anything


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def next_cycle(data: dict) -> dict:
    """A next cycle starts without budget: the years, estimates, year plan and realised figures
    are the old plan's history (derived keys are ignored on import)."""
    return {**data, "years": [], "estimates": [], "lines": []}


SECTION = Section(name="budget", export=export, import_=import_, schema=schema(), next_cycle=next_cycle)
