"""The budget in the comparison of versions: as entered, matched by intervention and year (R7, R8).

A council member consenting to a change reads the summary first; adding one intervention with
one line must read as exactly that, with its cost as a difference, and nothing else.
"""

from __future__ import annotations

from decimal import Decimal

from budgets import services
from plans.approval.diff import diff
from plans.content import services as plan_services
from plans.interchange.services import export_plan
from tests.budgets.conftest import line


def plain(lines: list[str]) -> list[str]:
    """The summary with ordinary spaces (money keeps its number and sign together with no-break ones)."""
    return [s.replace("\u00a0", " ") for s in lines]


def change_line(plan, author, intervention, year, funding, **figures):
    current = plan.year_plan_lines.get(intervention=intervention, year=year)
    return line(plan, author, intervention, year, funding, expected_version=current.lock_version, **figures)


NO_REPLACEMENT = {"replacement_hours": Decimal("0"), "hourly_rate": Decimal("0"), "other_costs": Decimal("0")}


def test_adding_one_intervention_with_one_line_reads_as_exactly_that(budget_plan, author, sources):
    before = export_plan(budget_plan)
    l3 = plan_services.intervention_create(
        actor=author, plan=budget_plan, title="Valpreventie in de wijk", level="organisation",
        objectives=[budget_plan.objectives.get()], work_forms=["course"], years=[2028], topics=["disease"],
        horizon="short",
    )
    own = sources["organisatiebudget"]
    line(budget_plan, author, l3, 2028, {own: Decimal("12000.00")}, participants=10,
         cost_per_participant=Decimal("1200.00"), **NO_REPLACEMENT)

    result = diff(before, export_plan(budget_plan))

    assert plain(result.summary) == [
        "Learning interventions: 1 added (L3 Valpreventie in de wijk)",
        f"Operational year plan: costs 2028 + € 12,000 ({own.name} + € 12,000)",
        "No other changes.",
    ]
    assert [(g.key, [(c.kind, c.title) for c in g.changes]) for g in result.groups] == [
        ("interventions", [("added", "Valpreventie in de wijk")]),
        ("yearplan", [("added", "L3 Valpreventie in de wijk – 2028")]),
    ]


def test_a_changed_line_shows_what_was_entered_and_its_cost_as_a_difference(budget_plan, author, sources):
    before = export_plan(budget_plan)
    l1 = budget_plan.interventions.get(code="L1")
    own = sources["organisatiebudget"]
    change_line(budget_plan, author, l1, 2029, {own: Decimal("2500.00")}, cost_per_participant=Decimal("60.00"))

    result = diff(before, export_plan(budget_plan))

    assert plain(result.summary) == [
        f"Operational year plan: 1 changed (L1 {l1.title} – 2029); costs 2029 − € 400 ({own.name} − € 400)",
        "No other changes.",
    ]
    change = next(g for g in result.groups if g.key == "yearplan").changes[0]
    assert [(f.label, f.old.replace("\u00a0", " "), f.new.replace("\u00a0", " ")) for f in change.fields] == [
        ("Cost per participant", "€ 100", "€ 60"),
        (f"Funding: {own.name}", "€ 2,900", "€ 2,500"),
    ]


def test_a_removed_line_and_a_changed_estimate_are_found_by_intervention_theme_and_year(budget_plan, author, sources):
    before = export_plan(budget_plan)
    l1 = budget_plan.interventions.get(code="L1")
    theme = budget_plan.themes.get()
    services.line_delete(actor=author, line=budget_plan.year_plan_lines.get(intervention=l1, year=2030))
    services.estimates_save(actor=author, plan=budget_plan, values=[services.EstimateValue(theme, None, 2030, Decimal("2500.00"))])

    result = diff(before, export_plan(budget_plan))

    own = sources["organisatiebudget"]
    assert plain(result.summary) == [
        f"Operational year plan: 1 removed (L1 {l1.title} – 2030); costs 2030 − € 2,900 ({own.name} − € 2,900)",
        f"Cost estimate per theme (R7): 1 changed (T1 {theme.title} – 2030)",
        "No other changes.",
    ]


def test_no_raw_keys_list_positions_or_computed_fields_reach_the_comparison(budget_plan, author, sources):
    before = export_plan(budget_plan)
    l1 = budget_plan.interventions.get(code="L1")
    change_line(budget_plan, author, l1, 2028, {sources["organisatiebudget"]: Decimal("3000.00")}, other_costs=Decimal("600.00"))
    result = diff(before, export_plan(budget_plan))
    text = " ".join(
        [*result.summary]
        + [f"{c.title} {f.label} {f.old} {f.new}" for g in result.groups for c in g.changes for f in c.fields]
    )
    for raw in ("[", "]", "summary", "calculations", "cost_per_participant", "other_costs", "by_theme", "{", "'"):
        assert raw not in text, raw
