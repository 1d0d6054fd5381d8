"""The readable diff between two snapshots, matched by item codes (art. 27 WOR: show what changed)."""

from __future__ import annotations

import copy

from plans.approval.diff import ADDED, CHANGED, REMOVED, diff
from plans.interchange.services import export_plan


def changes_of(result, key):
    group = next((g for g in result.groups if g.key == key), None)
    return [(c.kind, c.code) for c in group.changes] if group else []


def test_identical_snapshots_have_no_changes(plan):
    document = export_plan(plan)
    result = diff(document, copy.deepcopy(document))
    assert result.identical and result.is_empty
    assert not result.only_order_changed


def test_added_removed_and_changed_items_are_found_by_code(plan):
    old = export_plan(plan)
    new = copy.deepcopy(old)
    theme = new["plan"]["themes"][0]
    theme["title"] = "Vakmanschap en trots"
    theme["objectives"].append({"code": "D9", "description": "Nieuw doel.", "indicator": "", "target_year": None, "position": 9})
    new["plan"]["interventions"][0]["years"] = [2029]
    new["plan"]["improvement_actions"] = []
    result = diff(old, new)
    assert changes_of(result, "themes") == [(CHANGED, "T1")]
    assert changes_of(result, "objectives") == [(ADDED, "D9")]
    assert changes_of(result, "interventions") == [(CHANGED, "L1")]
    assert changes_of(result, "actions") == [(REMOVED, "A1")]
    years = next(g for g in result.groups if g.key == "interventions").changes[0].fields
    assert [(f.old, f.new) for f in years] == [("2027, 2028", "2029")]
    assert (result.added, result.changed, result.removed) == (1, 2, 1)


def test_figures_are_compared_per_unit_and_show_names(plan):
    old = export_plan(plan)
    new = copy.deepcopy(old)
    new["plan"]["formation"][0]["growth_per_year"] = "1.50"
    result = diff(old, new)
    figures = next(g for g in result.groups if g.key == "figures")
    change = figures.changes[0]
    assert change.kind == CHANGED
    assert "Team Een" in change.title and "Verzorgende IG" in change.title
    assert [(f.old, f.new) for f in change.fields] == [("0.00", "1.50")]


def test_choices_and_references_read_as_words_not_codes(plan):
    old = export_plan(plan)
    new = copy.deepcopy(old)
    new["plan"]["interventions"][0]["units"] = ["team-1", "team-2"]
    new["organisation"]["units"].append({"code": "team-2", "name": "Team Twee", "parent": None, "fte": "15.00"})
    new["plan"]["interventions"][0]["work_forms"] = ["course", "elearning"]
    result = diff(old, new)
    fields = {f.label: (f.old, f.new) for f in next(g for g in result.groups if g.key == "interventions").changes[0].fields}
    assert any("Team Twee" in new for _old, new in fields.values())
    assert not any("elearning" in new for _old, new in fields.values())


def test_a_moved_item_alone_is_reported_as_a_change_of_order(plan):
    old = export_plan(plan)
    new = copy.deepcopy(old)
    new["plan"]["themes"][0]["position"] = 7
    result = diff(old, new)
    assert result.is_empty and result.only_order_changed


def test_sections_of_other_apps_are_compared_path_by_path(plan):
    old = {**export_plan(plan), "budget": {"claims_extra_middelen_wlz": False, "lines": [{"code": "L1", "amount": "10.00"}]}}
    new = copy.deepcopy(old)
    new["budget"]["claims_extra_middelen_wlz"] = True
    new["budget"]["lines"][0]["amount"] = "12.50"
    result = diff(old, new)
    assert sorted(changes_of(result, "budget")) == [(CHANGED, "claims_extra_middelen_wlz"), (CHANGED, "lines[L1].amount")]
