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
    assert [(f.old, f.new) for f in change.fields] == [("0", "1.5")]  # as entered, no trailing zeros


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


def test_a_section_without_a_comparison_says_that_it_changed_never_how(plan):
    old = {**export_plan(plan), "extra": {"lines": [{"amount": "10.00"}]}}
    new = copy.deepcopy(old)
    new["extra"]["lines"][0]["amount"] = "12.50"
    result = diff(old, new)
    assert [(c.kind, c.code, c.title, c.fields) for c in next(g for g in result.groups if g.key == "extra").changes] == [
        (CHANGED, "", "Changed", [])
    ]


def test_each_kind_of_change_of_the_content_reads_as_one_line_of_the_summary(plan, author):
    from plans.content import services

    old = export_plan(plan)
    theme = plan.themes.get()
    services.theme_update(actor=author, theme=theme, expected_version=theme.lock_version, title="Vakmanschap en trots")
    second = services.theme_create(actor=author, plan=plan, kind="custom", title="Samen leren in de wijk", description="x")
    action = plan.improvement_actions.get()
    services.improvement_action_delete(actor=author, action=action, expected_version=action.lock_version)
    new = export_plan(plan)
    assert diff(old, new).summary == [
        f"Strategic themes: 1 added ({second.code} Samen leren in de wijk); 1 changed (T1 Vakmanschap en trots)",
        "Improvement actions: 1 removed (A1 Nulmeting doen.)",
        "No other changes.",
    ]
    services.move(actor=author, item=second, direction=-1)
    moved = diff(new, export_plan(plan))
    assert moved.summary == ["Strategic themes: order changed", "No other changes."]
    assert moved.only_order_changed


def test_identical_snapshots_say_so_in_the_summary(plan):
    document = export_plan(plan)
    assert diff(document, copy.deepcopy(document)).summary == ["No changes: the content is identical."]
