"""What changed between two plan snapshots, in the plan's own words (art. 27 WOR, R9, R10).

A council member who must consent to a change reads this first. Items are matched by their
identity, never by their place in a list: themes, objectives, interventions and actions by code
(T1, D1, L1, A1), figures by unit and qualification level or function group, budget lines by
intervention and year. Every value is shown as a person entered it: labels instead of field
names, money as money, FTE with a decimal comma, months and years in words, codes with names.

:func:`diff` gives a :class:`PlanDiff`: a short ``summary`` (one line per part of the plan that
changed, then "no other changes") and per part of the plan the items added, removed, changed or
moved. Sections that other apps add to the snapshot (the budget) bring their own comparison
(:func:`register_comparer`); their totals appear as differences in the summary.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from plans.content.models import Horizon, InterventionLevel, ThemeKind, Topic, VisionPoint, WorkForm
from plans.interchange.format import code_key
from soplan.formats import BOOL, CODES, NUMBER, PERCENT, TEXT, YEAR, YEARS, display
from stakeholders.models import QualificationLevel, Sector

ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"
LONG_TEXT = 160  # longer values are shown folded
SUMMARY_TITLE = 60  # characters of an item's title in the summary

@dataclass(frozen=True)
class Field:
    label: Any  # a lazy translation
    kind: str = TEXT
    choices: Any = None  # a TextChoices class, or a dict of value → label, whose labels are shown


# What is compared, per kind of item, in the order it is shown. Fields not listed (positions,
# derived totals) are never reported as changes.
PLAN_FIELDS = {
    "title": Field(gettext_lazy("Title")),
    "start_year": Field(gettext_lazy("First year"), YEAR),
    "end_year": Field(gettext_lazy("Last year"), YEAR),
    "preface": Field(gettext_lazy("Preface")),
    "vision": Field(gettext_lazy("Strategic vision (koers)")),
}
MIX_FIELDS = {
    "on_the_job": Field(gettext_lazy("On the job (%)"), PERCENT),
    "social": Field(gettext_lazy("Coaching and feedback (%)"), PERCENT),
    "formal": Field(gettext_lazy("Formal training (%)"), PERCENT),
}
VISION_FIELDS = {"now": Field(gettext_lazy("Now")), "future": Field(gettext_lazy("In four years"))}
THEME_FIELDS = {
    "kind": Field(gettext_lazy("Kind of theme"), choices=ThemeKind),
    "title": Field(gettext_lazy("Title")),
    "description": Field(gettext_lazy("Description")),
    "implications": Field(gettext_lazy("Implications for qualifications and competences")),
}
OBJECTIVE_FIELDS = {
    "theme": Field(gettext_lazy("Theme"), CODES),
    "description": Field(gettext_lazy("Desired situation")),
    "indicator": Field(gettext_lazy("Indicator")),
    "target_year": Field(gettext_lazy("Target year"), YEAR),
}
INTERVENTION_FIELDS = {
    "title": Field(gettext_lazy("Title")),
    "description": Field(gettext_lazy("Description")),
    "learning_outcome": Field(gettext_lazy("Learning outcome")),
    "level": Field(gettext_lazy("Level"), choices=InterventionLevel),
    "units": Field(gettext_lazy("Units"), CODES),
    "objectives": Field(gettext_lazy("Objectives"), CODES),
    "function_groups": Field(gettext_lazy("Function groups"), CODES),
    "work_forms": Field(gettext_lazy("Work forms"), choices=WorkForm),
    "years": Field(gettext_lazy("Years"), YEARS),
    "topics": Field(gettext_lazy("Topics (R12)"), choices=Topic),
    "horizon": Field(gettext_lazy("Effect horizon"), choices=Horizon),
    "already_running": Field(gettext_lazy("Already running"), BOOL),
    "funded_elsewhere": Field(gettext_lazy("Funded otherwise"), BOOL),
    "is_big_training": Field(gettext_lazy("BIG-registered or nursing-technical training"), BOOL),
}
QUALIFICATION_FIELDS = {
    "current_fte": Field(gettext_lazy("FTE now"), NUMBER),
    "desired_fte": Field(gettext_lazy("FTE desired"), NUMBER),
    "target_year": Field(gettext_lazy("Target year"), YEAR),
}
FORMATION_FIELDS = {
    "current_fte": Field(gettext_lazy("FTE now"), NUMBER),
    "retirement_per_year": Field(gettext_lazy("Retirement per year (FTE)"), NUMBER),
    "turnover_per_year": Field(gettext_lazy("Turnover per year (FTE)"), NUMBER),
    "growth_per_year": Field(gettext_lazy("Growth per year (FTE)"), NUMBER),
    "internship_places": Field(gettext_lazy("Internship places (BPV, FTE)"), NUMBER),
}
ACTION_FIELDS = {
    "description": Field(gettext_lazy("Action")),
    "responsible": Field(gettext_lazy("Who")),
    "due": Field(gettext_lazy("When")),
}
ORGANISATION_FIELDS = {
    "name": Field(gettext_lazy("Name")),
    "sector": Field(gettext_lazy("Sector"), choices=Sector),
    "has_var": Field(gettext_lazy("Has a nursing advisory board (VAR)"), BOOL),
    "has_client_council": Field(gettext_lazy("Has a client council"), BOOL),
    "always_involve_client_council": Field(gettext_lazy("Always asks the client council"), BOOL),
    "zorgkantoor": Field(gettext_lazy("Zorgkantoor")),
}
UNIT_FIELDS = {
    "name": Field(gettext_lazy("Name")),
    "parent": Field(gettext_lazy("Part of"), CODES),
    "fte": Field(gettext_lazy("FTE"), NUMBER),
}
FUNCTION_GROUP_FIELDS = {
    "name": Field(gettext_lazy("Name")),
    "qualification_level": Field(gettext_lazy("Qualification level"), choices=QualificationLevel),
    "is_care_staff": Field(gettext_lazy("Care staff"), BOOL),
}


# --- Showing values -------------------------------------------------------------------------


def show(spec: Field, value: Any, names: dict[str, str]) -> str:
    """A value as a reader sees it (``soplan.formats``)."""
    return display(value, spec.kind, choices=spec.choices, names=names)


def shorten(text: str, width: int = SUMMARY_TITLE) -> str:
    """A title cut at a word, never in the middle of one."""
    return textwrap.shorten(" ".join(str(text).split()), width=width, placeholder=" …")


# --- The comparison -----------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def is_long(self) -> bool:
        return len(self.old) > LONG_TEXT or len(self.new) > LONG_TEXT


@dataclass
class Change:
    kind: str  # added, removed, changed, moved
    code: str
    title: str
    fields: list[FieldChange] = field(default_factory=list)
    # Follows from another change in the summary (a budget line of an intervention that was
    # added or removed): shown in the details, not counted again in the summary.
    implied: bool = False


@dataclass
class Group:
    key: str
    title: str
    changes: list[Change]
    # Lines this part adds to the summary beyond the counts (the budget's totals).
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def summary(self) -> str:
        """One line: "Learning interventions: 1 added (L14 Falls prevention)"."""
        parts = []
        for kind, phrase in (
            (ADDED, lambda n: ngettext("%(n)s added", "%(n)s added", n)),
            (REMOVED, lambda n: ngettext("%(n)s removed", "%(n)s removed", n)),
            (CHANGED, lambda n: ngettext("%(n)s changed", "%(n)s changed", n)),
        ):
            items = [c for c in self.changes if c.kind == kind and not c.implied]
            if items:
                shown = ", ".join(" ".join(filter(None, (c.code, shorten(c.title)))) for c in items[:3])
                more = len(items) - 3
                if more > 0:
                    shown += " " + ngettext("and %(n)s more", "and %(n)s more", more) % {"n": more}
                parts.append(phrase(len(items)) % {"n": len(items)} + f" ({shown})")
        if self.count(MOVED):
            parts.append(_("order changed"))
        parts.extend(self.notes)
        return f"{self.title}: " + "; ".join(parts) if parts else ""


@dataclass
class PlanDiff:
    groups: list[Group]
    identical: bool  # the snapshots are equal (same hash)

    @property
    def is_empty(self) -> bool:
        return not any(g.changes or g.notes for g in self.groups)

    @property
    def only_order_changed(self) -> bool:
        """Different snapshots, and only the order of items differs."""
        return not self.identical and all(c.kind == MOVED for g in self.groups for c in g.changes) and not any(
            g.notes for g in self.groups
        )

    @property
    def summary(self) -> list[str]:
        """What a council member reads in a minute: one line per part that changed, then that
        nothing else changed."""
        if self.identical or self.is_empty:
            return [_("No changes: the content is identical.")]
        return [line for g in self.groups if (line := g.summary())] + [_("No other changes.")]

    def count(self, kind: str) -> int:
        return sum(g.count(kind) for g in self.groups)

    @property
    def added(self) -> int:
        return self.count(ADDED)

    @property
    def removed(self) -> int:
        return self.count(REMOVED)

    @property
    def changed(self) -> int:
        return self.count(CHANGED)


def compare(old: dict, new: dict, fields: dict[str, Field], names: dict[str, str] | None = None) -> list[FieldChange]:
    """The fields of one item that differ, old and new as a reader sees them."""
    names = names or {}
    out = []
    for key, spec in fields.items():
        before, after = old.get(key), new.get(key)
        if isinstance(before, list) and isinstance(after, list) and sorted(map(str, before)) == sorted(map(str, after)):
            continue  # the same set in another order is no change
        if before != after:
            out.append(FieldChange(str(spec.label), show(spec, before, names), show(spec, after, names)))
    return out


def keyed(
    old_items: dict[str, dict],
    new_items: dict[str, dict],
    fields: dict[str, Field],
    title: Callable[[dict], str],
    names: dict[str, str] | None = None,
    *,
    sort_key=code_key,
    show_code: bool = True,
) -> list[Change]:
    """Items matched by their key: added, removed, or changed with the fields that differ."""
    changes = []
    for key in sorted(set(old_items) | set(new_items), key=sort_key):
        before, after = old_items.get(key), new_items.get(key)
        code = key if show_code else ""
        if before is None:
            changes.append(Change(ADDED, code, title(after)))
        elif after is None:
            changes.append(Change(REMOVED, code, title(before)))
        elif fields_changed := compare(before, after, fields, names):
            changes.append(Change(CHANGED, code, title(after), fields_changed))
    return changes


def order(old_items: list[dict], new_items: list[dict], label: str) -> list[Change]:
    """A change of the order of items present in both (by their ``position``)."""

    def codes(items: list[dict], keep: set[str]) -> list[str]:
        ranked = sorted(items, key=lambda i: (i.get("position", 0), code_key(i["code"])))
        return [i["code"] for i in ranked if i["code"] in keep]

    common = {i["code"] for i in old_items} & {i["code"] for i in new_items}
    before, after = codes(old_items, common), codes(new_items, common)
    if before == after:
        return []
    return [Change(MOVED, "", label, [FieldChange(label, ", ".join(before), ", ".join(after))])]


# Comparisons of the sections other apps add to the snapshot, by name. A comparer takes the old
# and new section, the names of the plan's codes and the codes of the items added or removed
# (whose rows in the section follow from them), and returns groups.
Comparer = Callable[[dict, dict, dict[str, str], frozenset[str]], list[Group]]
_COMPARERS: dict[str, Comparer] = {}


def register_comparer(name: str, comparer: Comparer) -> None:
    """Compare the snapshot's section ``name`` with ``comparer`` (the budget app registers one)."""
    _COMPARERS[name] = comparer


def _objectives(plan: dict) -> dict[str, dict]:
    return {o["code"]: {**o, "theme": t["code"]} for t in plan.get("themes", []) for o in t.get("objectives", [])}


def names_of(document: dict) -> dict[str, str]:
    """Code → how a reader knows it: units and function groups by name, themes, objectives and
    interventions by code and title."""
    org, plan = document.get("organisation", {}), document.get("plan", {})
    names = {u["code"]: u["name"] for u in org.get("units", [])}
    names.update({g["code"]: g["name"] for g in org.get("function_groups", [])})
    for theme in plan.get("themes", []):
        names[theme["code"]] = f"{theme['code']} {shorten(theme['title'], 40)}"
        for objective in theme.get("objectives", []):
            names[objective["code"]] = objective["code"]
    for intervention in plan.get("interventions", []):
        names[intervention["code"]] = f"{intervention['code']} {shorten(intervention['title'], 40)}"
    return names


def _organisation(old: dict, new: dict, names: dict[str, str]) -> Group:
    """The organisation's own data as the plan carries it. Units and function groups that only
    enter or leave with the items that name them are not reported again."""
    changes = []
    if general := compare(old, new, ORGANISATION_FIELDS, names):
        changes.append(Change(CHANGED, "", _("The organisation"), general))
    for key, fields, title in (
        ("units", UNIT_FIELDS, _("Unit")),
        ("function_groups", FUNCTION_GROUP_FIELDS, _("Function group")),
    ):
        before = {i["code"]: i for i in old.get(key, [])}
        after = {i["code"]: i for i in new.get(key, [])}
        common = set(before) & set(after)
        for change in keyed(
            {c: before[c] for c in common}, {c: after[c] for c in common}, fields,
            lambda item, title=title: f"{title}: {item['name']}", names, show_code=False,
        ):
            changes.append(change)
    return Group("organisation", _("Organisation"), changes)


def diff(old: dict, new: dict) -> PlanDiff:
    """The changes from snapshot ``old`` to snapshot ``new`` (both as exported or frozen)."""
    old_plan, new_plan = old.get("plan", {}), new.get("plan", {})
    names = {**names_of(old), **names_of(new)}
    groups: list[Group] = []

    general = compare(old_plan, new_plan, PLAN_FIELDS)
    general += compare(old_plan.get("learning_mix", {}), new_plan.get("learning_mix", {}), MIX_FIELDS)
    groups.append(
        Group("general", _("The plan"), [Change(CHANGED, "", _("Title, period, preface and koers"), general)] if general else [])
    )

    points = list(VisionPoint.values)
    groups.append(
        Group(
            "vision",
            _("Vision on learning"),
            keyed(
                {v["point"]: v for v in old_plan.get("vision_on_learning", [])},
                {v["point"]: v for v in new_plan.get("vision_on_learning", [])},
                VISION_FIELDS,
                lambda v: str(VisionPoint(v["point"]).label) if v["point"] in points else v["point"],
                sort_key=lambda p: points.index(p) if p in points else len(points),
                show_code=False,
            ),
        )
    )

    old_themes, new_themes = old_plan.get("themes", []), new_plan.get("themes", [])
    groups.append(
        Group(
            "themes",
            _("Strategic themes"),
            keyed({t["code"]: t for t in old_themes}, {t["code"]: t for t in new_themes}, THEME_FIELDS, lambda t: t["title"])
            + order(old_themes, new_themes, _("Order of the themes")),
        )
    )
    objectives = keyed(_objectives(old_plan), _objectives(new_plan), OBJECTIVE_FIELDS, lambda o: o["description"], names)
    for theme_code in sorted({t["code"] for t in old_themes} & {t["code"] for t in new_themes}, key=code_key):
        before = next(t for t in old_themes if t["code"] == theme_code).get("objectives", [])
        after = next(t for t in new_themes if t["code"] == theme_code).get("objectives", [])
        objectives += order(before, after, _("Order of the objectives of %(theme)s") % {"theme": theme_code})
    groups.append(Group("objectives", _("Objectives"), objectives))

    old_interventions, new_interventions = old_plan.get("interventions", []), new_plan.get("interventions", [])
    groups.append(
        Group(
            "interventions",
            _("Learning interventions"),
            keyed(
                {i["code"]: i for i in old_interventions},
                {i["code"]: i for i in new_interventions},
                INTERVENTION_FIELDS,
                lambda i: i["title"],
                names,
            )
            + order(old_interventions, new_interventions, _("Order of the learning interventions")),
        )
    )

    def row_title(kind: str, row: dict, second: str) -> str:
        other = row[second]
        if second == "level":
            other = show(Field("", choices=QualificationLevel), other, names)
        else:
            other = names.get(other, other)
        return f"{kind}: {names.get(row['unit'], row['unit'])} – {other}"

    mix = str(_("Qualification mix"))
    formation = str(_("Formation"))
    figures = keyed(
        {f"{r['unit']}/{r['level']}": r for r in old_plan.get("qualification_mix", [])},
        {f"{r['unit']}/{r['level']}": r for r in new_plan.get("qualification_mix", [])},
        QUALIFICATION_FIELDS,
        lambda r: row_title(mix, r, "level"),
        sort_key=str,
        show_code=False,
    )
    figures += keyed(
        {f"{r['unit']}/{r['function_group']}": r for r in old_plan.get("formation", [])},
        {f"{r['unit']}/{r['function_group']}": r for r in new_plan.get("formation", [])},
        FORMATION_FIELDS,
        lambda r: row_title(formation, r, "function_group"),
        sort_key=str,
        show_code=False,
    )
    groups.append(Group("figures", _("Figures: qualification mix and formation"), figures))

    old_actions, new_actions = old_plan.get("improvement_actions", []), new_plan.get("improvement_actions", [])
    groups.append(
        Group(
            "actions",
            _("Improvement actions"),
            keyed({a["code"]: a for a in old_actions}, {a["code"]: a for a in new_actions}, ACTION_FIELDS, lambda a: a["description"])
            + order(old_actions, new_actions, _("Order of the improvement actions")),
        )
    )

    # Sections other apps add (the budget) compare themselves; the organisation's data last.
    coming_and_going = frozenset(c.code for g in groups for c in g.changes if c.kind in (ADDED, REMOVED) and c.code)
    for name in sorted((set(old) | set(new)) - {"format", "version", "plan", "organisation"}):
        before, after = old.get(name) or {}, new.get(name) or {}
        if before == after:
            continue
        comparer = _COMPARERS.get(name)
        if comparer is not None:
            groups.extend(comparer(before, after, names, coming_and_going))
        else:  # a section nobody registered a comparison for: say that it changed, not how
            groups.append(Group(name, name, [Change(CHANGED, "", _("Changed"))]))
    groups.append(_organisation(old.get("organisation", {}), new.get("organisation", {}), names))
    return PlanDiff(groups=[g for g in groups if g.changes or g.notes], identical=old == new)
