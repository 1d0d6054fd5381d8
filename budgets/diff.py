"""What changed in the budget between two snapshots, as a person entered it (R7, R8).

Registered with ``plans.approval.diff.register_comparer`` for the snapshot's "budget" section.
Compared are the inputs only: the lines of the operational year plan per intervention and year
(with their funding per source), the cost estimates per theme and year, and the budget years
(wage bill, day activities, care production). Derived figures (a line's total, the summary, the
calculations) are never reported as changes; the planned costs appear in the summary as their
difference per year and funding source ("Costs 2028: + € 12.000 (Organisation's budget)").
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.approval.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    Change,
    Field,
    FieldChange,
    Group,
    compare,
    keyed,
)
from plans.interchange.format import code_key
from soplan.formats import MONEY, MONTH, NUMBER, PERCENT, money, signed_money

from .selectors import UNASSIGNED

LINE_FIELDS = {
    "start_month": Field(gettext_lazy("From"), MONTH),
    "end_month": Field(gettext_lazy("Until"), MONTH),
    "participants": Field(gettext_lazy("Participants"), NUMBER),
    "profile": Field(gettext_lazy("Function or profession profile")),
    "learning_outcome": Field(gettext_lazy("Learning outcome")),
    "cost_per_participant": Field(gettext_lazy("Cost per participant"), MONEY),
    "replacement_hours": Field(gettext_lazy("Replacement hours per participant"), NUMBER),
    "hourly_rate": Field(gettext_lazy("Hourly rate of replacement"), MONEY),
    "other_costs": Field(gettext_lazy("Other costs"), MONEY),
    "note": Field(gettext_lazy("Note")),
    "realised_participants": Field(gettext_lazy("Participants reached"), NUMBER),
    "realised_amount": Field(gettext_lazy("Realised costs"), MONEY),
}
ESTIMATE_FIELDS = {"amount": Field(gettext_lazy("Estimate"), MONEY)}
YEAR_FIELDS = {
    "wage_bill": Field(gettext_lazy("Wage bill"), MONEY),
    "norm_percentage": Field(gettext_lazy("Training norm as a share of the wage bill"), PERCENT),
    "day_activities_amount": Field(gettext_lazy("Day activities"), MONEY),
    "note": Field(gettext_lazy("Note")),
}


def _source_names(old: dict, new: dict) -> dict[str, str]:
    names = {UNASSIGNED: str(_("not yet assigned"))}
    for section in (old, new):
        for row in (section.get("summary") or {}).get("by_source", []):
            if row.get("code") and row["code"] != UNASSIGNED:
                names[row["code"]] = row["name"]
    return names


def _funding(line: dict) -> dict[str, str]:
    return {f["source"]: f["amount"] for f in line.get("funding", [])}


def _planned(section: dict) -> dict[int, dict[str, Decimal]]:
    """Planned costs per year and funding source (the unfunded rest as ``UNASSIGNED``), from the
    lines as entered."""
    out: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in section.get("lines", []):
        total = Decimal(line.get("total") or 0)
        funded = Decimal(0)
        for source, amount in _funding(line).items():
            out[line["year"]][source] += Decimal(amount)
            funded += Decimal(amount)
        if total - funded:
            out[line["year"]][UNASSIGNED] += total - funded
    return out


def _cost_notes(old: dict, new: dict, sources: dict[str, str]) -> list[str]:
    before, after = _planned(old), _planned(new)
    notes = []
    for year in sorted(set(before) | set(after)):
        per_source = {
            code: after.get(year, {}).get(code, Decimal(0)) - before.get(year, {}).get(code, Decimal(0))
            for code in set(before.get(year, {})) | set(after.get(year, {}))
        }
        total = sum(per_source.values(), Decimal(0))
        moved = {code: d for code, d in per_source.items() if d}
        if not moved:
            continue
        split = ", ".join(
            f"{sources.get(code, code)} {signed_money(d)}"
            for code, d in sorted(moved.items(), key=lambda item: (item[0] == UNASSIGNED, item[0]))
        )
        notes.append(_("costs %(year)s %(difference)s (%(split)s)") % {
            "year": year, "difference": signed_money(total), "split": split
        })
    return notes


def _funding_changes(was: dict[str, str], now: dict[str, str], sources: dict[str, str]) -> list[FieldChange]:
    out = []
    for source in sorted(set(was) | set(now)):
        if Decimal(was.get(source, 0)) != Decimal(now.get(source, 0)):
            out.append(
                FieldChange(
                    _("Funding: %(source)s") % {"source": sources.get(source, source)},
                    money(was[source]) if source in was else "—",
                    money(now[source]) if source in now else "—",
                )
            )
    return out


def _lines(old: dict, new: dict, names: dict[str, str], sources: dict[str, str], implied: frozenset[str]) -> list[Change]:
    """The lines of the year plan, matched by intervention and year. The lines of an intervention
    that was added or removed follow from it: the summary counts only their cost."""
    before = {(line["year"], line["intervention"]): line for line in old.get("lines", [])}
    after = {(line["year"], line["intervention"]): line for line in new.get("lines", [])}
    changes = []
    for key in sorted(set(before) | set(after), key=lambda k: (k[0], code_key(k[1]))):
        year, intervention = key
        title = f"{names.get(intervention, intervention)} – {year}"
        if key not in before:
            changes.append(Change(ADDED, "", title, implied=intervention in implied))
        elif key not in after:
            changes.append(Change(REMOVED, "", title, implied=intervention in implied))
        else:
            fields = compare(before[key], after[key], LINE_FIELDS, names)
            fields += _funding_changes(_funding(before[key]), _funding(after[key]), sources)
            if fields:
                changes.append(Change(CHANGED, "", title, fields))
    return changes


def _estimates(old: dict, new: dict, names: dict[str, str]) -> list[Change]:
    def key(e: dict) -> str:
        return f"{e['theme']}/{e.get('objective') or ''}/{e['year']}"

    def title(e: dict) -> str:
        what = names.get(e["theme"], e["theme"]) + (f", {e['objective']}" if e.get("objective") else "")
        return f"{what} – {e['year']}"

    return keyed(
        {key(e): e for e in old.get("estimates", [])},
        {key(e): e for e in new.get("estimates", [])},
        ESTIMATE_FIELDS, title, names, sort_key=str, show_code=False,
    )


def _years(old: dict, new: dict) -> list[Change]:
    def production(year: dict) -> str:
        return "; ".join(f"{p['package']}: {p['days']} × {money(p['max_tariff'])}" for p in year.get("production", []))

    before = {str(y["year"]): y for y in old.get("years", [])}
    after = {str(y["year"]): y for y in new.get("years", [])}
    changes = keyed(before, after, YEAR_FIELDS, lambda y: str(y["year"]), sort_key=int, show_code=False)
    for k in sorted(set(before) & set(after), key=int):
        if production(before[k]) != production(after[k]):
            label = str(_("Care production (extra middelen Wlz)"))
            entry = next((c for c in changes if c.title == k), None)
            if entry is None:
                entry = Change(CHANGED, "", k)
                changes.append(entry)
            entry.fields.append(FieldChange(label, production(before[k]) or "—", production(after[k]) or "—"))
    return changes


def compare_budget(old: dict, new: dict, names: dict[str, str], implied: frozenset[str] = frozenset()) -> list[Group]:
    """The budget's groups: the year plan (with the costs' difference in the summary), the
    estimates per theme (R7) and the budget years."""
    sources = _source_names(old, new)
    return [
        Group("yearplan", _("Operational year plan"), _lines(old, new, names, sources, implied), _cost_notes(old, new, sources)),
        Group("estimates", _("Cost estimate per theme (R7)"), _estimates(old, new, names)),
        Group("budget_years", _("Budget years"), _years(old, new)),
    ]

