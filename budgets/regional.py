"""What the regional dashboard reads of the members' year plans (plans.regional): realised costs
per funding source (as the execution recorded them) next to what was planned from that source on
the same lines. Registered in
``BudgetsConfig.ready`` (plans may not import budgets)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from budgets.models import RealisedFunding, YearPlanLine

ZERO = Decimal(0)


def realised_by_source(plan_ids: list[int], *, up_to: int | None = None) -> list[tuple[int, int, str, str, Decimal, Decimal]]:
    """Per plan, year and funding source: (plan id, year, source code, source name, planned,
    realised), over the year-plan lines that have realised costs. Two queries for any number of
    plans; with ``up_to``, the years up to that one only.

    Where the execution recorded the realised costs per source (``RealisedFunding``, issue 11),
    those amounts count; a line with only a realised total has it split over its funding sources
    in proportion to what it planned from each; a line without funding counts under the code ""
    (no funding source).
    """
    lines_with_figures = YearPlanLine.objects.filter(plan_id__in=plan_ids, realised_amount__isnull=False)
    if up_to is not None:
        lines_with_figures = lines_with_figures.filter(year__lte=up_to)
    rows = (
        lines_with_figures.order_by("plan_id", "year", "pk")
        .values_list("pk", "plan_id", "year", "realised_amount", "funding__source__code", "funding__source__name",
                     "funding__amount")
    )
    recorded: dict[int, dict[str, tuple[str, Decimal]]] = defaultdict(dict)
    for line_id, code, name, amount in RealisedFunding.objects.filter(line__in=lines_with_figures).values_list(
        "line_id", "source__code", "source__name", "amount"
    ):
        recorded[line_id][code] = (name, amount)
    lines: dict[int, list] = defaultdict(list)
    for pk, plan_id, year, realised, code, name, amount in rows:
        lines[pk].append((plan_id, year, realised, code or "", name or "", amount or ZERO))
    out: dict[tuple[int, int, str], list] = {}
    for pk, parts in lines.items():
        per_source = recorded.get(pk)
        funded = sum((p[5] for p in parts), ZERO)
        for plan_id, year, realised, code, name, amount in parts:
            if per_source is not None:
                share = per_source.get(code, ("", ZERO))[1]
            else:
                share = (realised * amount / funded) if funded else (realised if not code else ZERO)
            entry = out.setdefault((plan_id, year, code), [name, ZERO, ZERO])
            entry[1] += amount
            entry[2] += share
        plan_id, year = parts[0][0], parts[0][1]
        for code, (name, amount) in (per_source or {}).items():
            if code not in {p[3] for p in parts}:  # paid from a source the line had not planned
                entry = out.setdefault((plan_id, year, code), [name, ZERO, ZERO])
                entry[2] += amount
    return [(plan_id, year, code, name, planned, done.quantize(Decimal("0.01")))
            for (plan_id, year, code), (name, planned, done) in sorted(out.items())]
