"""What the regional dashboard reads of the members' year plans (plans.regional): realised costs
per funding source next to what was planned from that source on the same lines. Registered in
``BudgetsConfig.ready`` (plans may not import budgets)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from budgets.models import YearPlanLine

ZERO = Decimal(0)


def realised_by_source(plan_ids: list[int], *, up_to: int | None = None) -> list[tuple[int, int, str, str, Decimal, Decimal]]:
    """Per plan, year and funding source: (plan id, year, source code, source name, planned,
    realised), over the year-plan lines that have realised costs. One query for any number of
    plans; with ``up_to``, the years up to that one only.

    A line's realised costs are split over its funding sources in proportion to what it planned
    from each (the year plan records realised costs per line, not per source); a line without
    funding counts under the code "" (no funding source).
    """
    lines_with_figures = YearPlanLine.objects.filter(plan_id__in=plan_ids, realised_amount__isnull=False)
    if up_to is not None:
        lines_with_figures = lines_with_figures.filter(year__lte=up_to)
    rows = (
        lines_with_figures.order_by("plan_id", "year", "pk")
        .values_list("pk", "plan_id", "year", "realised_amount", "funding__source__code", "funding__source__name",
                     "funding__amount")
    )
    lines: dict[int, list] = defaultdict(list)
    for pk, plan_id, year, realised, code, name, amount in rows:
        lines[pk].append((plan_id, year, realised, code or "", name or "", amount or ZERO))
    out: dict[tuple[int, int, str], list] = {}
    for parts in lines.values():
        funded = sum((p[5] for p in parts), ZERO)
        for plan_id, year, realised, code, name, amount in parts:
            share = (realised * amount / funded) if funded else (realised if not code else ZERO)
            entry = out.setdefault((plan_id, year, code), [name, ZERO, ZERO])
            entry[1] += amount
            entry[2] += share
    return [(plan_id, year, code, name, planned, done.quantize(Decimal("0.01")))
            for (plan_id, year, code), (name, planned, done) in sorted(out.items())]
