"""What changed between two plan snapshots, in words a works council reads (art. 27 WOR, R9).

Items are matched by their codes (T1, D1, L1, A1) and figures by their keys (unit and
qualification level, unit and function group), never by database ids, so the diff works
between versions of one plan and between an adopted plan and the change started from it.
Sections other apps add to the snapshot (the budget) are compared generically, path by path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.content.models import Horizon, InterventionLevel, ThemeKind, Topic, VisionPoint, WorkForm
from plans.interchange.format import code_key
from stakeholders.models import QualificationLevel

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
LONG_TEXT = 160  # longer values are shown folded

# Field labels, per kind of item; fields not listed here (position) are not reported.
PLAN_FIELDS = {
    "title": gettext_lazy("Title"),
    "start_year": gettext_lazy("First year"),
    "end_year": gettext_lazy("Last year"),
    "preface": gettext_lazy("Preface"),
    "vision": gettext_lazy("Strategic vision (koers)"),
}
MIX_FIELDS = {
    "on_the_job": gettext_lazy("On the job (%)"),
    "social": gettext_lazy("Coaching and feedback (%)"),
    "formal": gettext_lazy("Formal training (%)"),
}
VISION_FIELDS = {"now": gettext_lazy("Now"), "future": gettext_lazy("In four years")}
THEME_FIELDS = {
    "kind": gettext_lazy("Kind of theme"),
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "implications": gettext_lazy("Implications for qualifications and competences"),
}
OBJECTIVE_FIELDS = {
    "theme": gettext_lazy("Theme"),
    "description": gettext_lazy("Desired situation"),
    "indicator": gettext_lazy("Indicator"),
    "target_year": gettext_lazy("Target year"),
}
INTERVENTION_FIELDS = {
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "learning_outcome": gettext_lazy("Learning outcome"),
    "level": gettext_lazy("Level"),
    "units": gettext_lazy("Units"),
    "objectives": gettext_lazy("Objectives"),
    "function_groups": gettext_lazy("Function groups"),
    "work_forms": gettext_lazy("Work forms"),
    "years": gettext_lazy("Years"),
    "topics": gettext_lazy("Topics (R12)"),
    "horizon": gettext_lazy("Effect horizon"),
    "already_running": gettext_lazy("Already running"),
    "funded_elsewhere": gettext_lazy("Funded otherwise"),
    "is_big_training": gettext_lazy("BIG-registered or nursing-technical training"),
}
QUALIFICATION_FIELDS = {
    "current_fte": gettext_lazy("FTE now"),
    "desired_fte": gettext_lazy("FTE desired"),
    "target_year": gettext_lazy("Target year"),
}
FORMATION_FIELDS = {
    "current_fte": gettext_lazy("FTE now"),
    "retirement_per_year": gettext_lazy("Retirement per year (FTE)"),
    "turnover_per_year": gettext_lazy("Turnover per year (FTE)"),
    "growth_per_year": gettext_lazy("Growth per year (FTE)"),
    "internship_places": gettext_lazy("Internship places (BPV, FTE)"),
}
ACTION_FIELDS = {
    "description": gettext_lazy("Action"),
    "responsible": gettext_lazy("Who"),
    "due": gettext_lazy("When"),
}
CHOICES = {
    "kind": ThemeKind,
    "level": InterventionLevel,
    "work_forms": WorkForm,
    "topics": Topic,
    "horizon": Horizon,
}


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
    kind: str  # added, removed, changed
    code: str
    title: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Group:
    key: str
    title: str
    changes: list[Change]

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)


@dataclass
class PlanDiff:
    groups: list[Group]
    identical: bool  # the snapshots are equal (same hash)

    @property
    def is_empty(self) -> bool:
        return not any(g.changes for g in self.groups)

    @property
    def only_order_changed(self) -> bool:
        """Different snapshots but nothing reportable: items were only moved."""
        return self.is_empty and not self.identical

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


def _show(name: str, value: Any, labels: dict[str, str]) -> str:
    """A value as a reader sees it: choices by label, codes by name, lists joined."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(_show(name, v, labels) for v in value)
    if name in CHOICES:
        try:
            return str(CHOICES[name](value).label)
        except ValueError:
            return str(value)
    if isinstance(value, str) and value in labels:
        return labels[value]
    return str(value)


def _compare(old: dict, new: dict, fields: dict, labels: dict[str, str] | None = None) -> list[FieldChange]:
    labels = labels or {}
    out = []
    for name, label in fields.items():
        before, after = old.get(name), new.get(name)
        if before != after:
            out.append(FieldChange(str(label), _show(name, before, labels), _show(name, after, labels)))
    return out


def _keyed(
    old_items: dict[str, dict],
    new_items: dict[str, dict],
    fields: dict,
    title,
    labels: dict[str, str] | None = None,
    sort_key=code_key,
) -> list[Change]:
    changes = []
    for code in sorted(set(old_items) | set(new_items), key=sort_key):
        before, after = old_items.get(code), new_items.get(code)
        if before is None:
            changes.append(Change(ADDED, code, title(after)))
        elif after is None:
            changes.append(Change(REMOVED, code, title(before)))
        else:
            fields_changed = _compare(before, after, fields, labels)
            if fields_changed:
                changes.append(Change(CHANGED, code, title(after), fields_changed))
    return changes


def _objectives(plan: dict) -> dict[str, dict]:
    return {
        o["code"]: {**o, "theme": t["code"]}
        for t in plan.get("themes", [])
        for o in t.get("objectives", [])
    }


def _names(document: dict) -> dict[str, str]:
    org = document.get("organisation", {})
    names = {u["code"]: u["name"] for u in org.get("units", [])}
    names.update({g["code"]: g["name"] for g in org.get("function_groups", [])})
    return names


def _flatten(value: Any, path: str = "") -> dict[str, Any]:
    """Leaves of a JSON value by path; lists of items with a code are keyed by that code."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key in sorted(value):
            out.update(_flatten(value[key], f"{path}.{key}" if path else str(key)))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) and "code" in v for v in value):
        out = {}
        for item in value:
            out.update(_flatten({k: v for k, v in item.items() if k != "code"}, f"{path}[{item['code']}]"))
        return out
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        out = {}
        for index, item in enumerate(value):
            out.update(_flatten(item, f"{path}[{index}]"))
        return out
    return {path: value}


def _generic(name: str, old: Any, new: Any) -> list[Change]:
    before, after = _flatten(old), _flatten(new)
    changes = []
    for path in sorted(set(before) | set(after)):
        if path not in before:
            changes.append(Change(ADDED, path, _show("", after[path], {})))
        elif path not in after:
            changes.append(Change(REMOVED, path, _show("", before[path], {})))
        elif before[path] != after[path]:
            changes.append(
                Change(CHANGED, path, path, [FieldChange(path, _show("", before[path], {}), _show("", after[path], {}))])
            )
    return changes


def diff(old: dict, new: dict) -> PlanDiff:
    """The changes from snapshot ``old`` to snapshot ``new`` (both as exported/frozen)."""
    old_plan, new_plan = old.get("plan", {}), new.get("plan", {})
    labels = {**_names(old), **_names(new)}
    groups: list[Group] = []

    general = _compare(old_plan, new_plan, PLAN_FIELDS)
    general += _compare(old_plan.get("learning_mix", {}), new_plan.get("learning_mix", {}), MIX_FIELDS)
    groups.append(Group("general", _("The plan"), [Change(CHANGED, "", _("Title, period, preface and koers"), general)] if general else []))

    vision_old = {v["point"]: v for v in old_plan.get("vision_on_learning", [])}
    vision_new = {v["point"]: v for v in new_plan.get("vision_on_learning", [])}
    order = list(VisionPoint.values)
    groups.append(
        Group(
            "vision",
            _("Vision on learning"),
            _keyed(
                vision_old,
                vision_new,
                VISION_FIELDS,
                lambda v: str(VisionPoint(v["point"]).label) if v["point"] in order else v["point"],
                sort_key=lambda p: order.index(p) if p in order else len(order),
            ),
        )
    )
    themes_old = {t["code"]: t for t in old_plan.get("themes", [])}
    themes_new = {t["code"]: t for t in new_plan.get("themes", [])}
    groups.append(Group("themes", _("Strategic themes"), _keyed(themes_old, themes_new, THEME_FIELDS, lambda t: t["title"])))
    groups.append(
        Group(
            "objectives",
            _("Objectives"),
            _keyed(_objectives(old_plan), _objectives(new_plan), OBJECTIVE_FIELDS, lambda o: o["description"]),
        )
    )
    interventions_old = {i["code"]: i for i in old_plan.get("interventions", [])}
    interventions_new = {i["code"]: i for i in new_plan.get("interventions", [])}
    groups.append(
        Group(
            "interventions",
            _("Learning interventions"),
            _keyed(interventions_old, interventions_new, INTERVENTION_FIELDS, lambda i: i["title"], labels),
        )
    )

    def row_title(row: dict, second: str) -> str:
        other = row[second]
        if second == "level" and other in QualificationLevel.values:
            other = str(QualificationLevel(other).label)
        else:
            other = labels.get(other, other)
        return f"{labels.get(row['unit'], row['unit'])} – {other}"

    figures = _keyed(
        {f"{r['unit']}/{r['level']}": r for r in old_plan.get("qualification_mix", [])},
        {f"{r['unit']}/{r['level']}": r for r in new_plan.get("qualification_mix", [])},
        QUALIFICATION_FIELDS,
        lambda r: str(_("Qualification mix")) + ": " + row_title(r, "level"),
        sort_key=str,
    )
    figures += _keyed(
        {f"{r['unit']}/{r['function_group']}": r for r in old_plan.get("formation", [])},
        {f"{r['unit']}/{r['function_group']}": r for r in new_plan.get("formation", [])},
        FORMATION_FIELDS,
        lambda r: str(_("Formation")) + ": " + row_title(r, "function_group"),
        sort_key=str,
    )
    for change in figures:
        change.code = ""  # the key is in the title already
    groups.append(Group("figures", _("Figures: qualification mix and formation"), figures))
    actions_old = {a["code"]: a for a in old_plan.get("improvement_actions", [])}
    actions_new = {a["code"]: a for a in new_plan.get("improvement_actions", [])}
    groups.append(
        Group("actions", _("Improvement actions"), _keyed(actions_old, actions_new, ACTION_FIELDS, lambda a: a["description"]))
    )
    # Sections contributed by other apps (the budget), and the organisation's own data.
    for name in sorted((set(old) | set(new)) - {"format", "version", "plan"}):
        if old.get(name) != new.get(name):
            title = _("Organisation") if name == "organisation" else _("Section “%(name)s”") % {"name": name}
            if name == "budget":
                title = _("Budget")
            groups.append(Group(name, title, _generic(name, old.get(name, {}), new.get(name, {}))))
    return PlanDiff(groups=[g for g in groups if g.changes], identical=old == new)
