"""Frozen versions: the hash is stable (same content → same hash), changes with any change, and
does not depend on dict order or on the database the snapshot went through."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.approval.versions import current_snapshot, freeze, verify
from plans.content import figures, services
from plans.interchange.format import canonical_bytes, sha256
from plans.interchange.services import export_plan
from plans.models import ImmutableRecordError, PlanVersion


def test_the_same_content_gives_the_same_hash(plan, author):
    first = freeze(actor=author, plan=plan)
    second = freeze(actor=author, plan=plan)
    assert (first.number, second.number) == (1, 2)
    assert first.sha256 == second.sha256 == current_snapshot(plan)[1]


def test_any_change_gives_a_different_hash(plan, author):
    before = freeze(actor=author, plan=plan)
    theme = plan.themes.first()
    services.theme_update(actor=author, theme=theme, expected_version=theme.lock_version, title=theme.title + ".")
    after = freeze(actor=author, plan=plan)
    assert after.sha256 != before.sha256


def test_a_changed_figure_changes_the_hash(plan, author):
    before = current_snapshot(plan)[1]
    row = plan.formation_rows.first()
    figures.formation_row_save(
        actor=author, plan=plan, unit=row.unit, function_group=row.function_group, expected_version=row.lock_version,
        current_fte=row.current_fte, retirement_per_year=row.retirement_per_year,
        turnover_per_year=row.turnover_per_year, growth_per_year=row.growth_per_year + 1,
        internship_places=row.internship_places,
    )
    assert current_snapshot(plan)[1] != before


def _reorder(value):
    """The same JSON value with every object's keys in reverse order."""
    if isinstance(value, dict):
        return {k: _reorder(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reorder(v) for v in value]
    return value


def test_the_hash_does_not_depend_on_the_order_of_keys(plan):
    document = export_plan(plan)
    assert sha256(_reorder(document)) == sha256(document)
    assert list(_reorder(document)) != list(document)


def test_a_version_stored_and_read_back_hashes_the_same(plan, author):
    # JSON columns may reorder keys (PostgreSQL's jsonb does) and reformat numbers; the hash must
    # not care. This runs on whichever database the suite runs on (.ci/run uses PostgreSQL too).
    version = freeze(actor=author, plan=plan)
    stored = PlanVersion.objects.get(pk=version.pk)
    assert sha256(stored.snapshot) == version.sha256
    assert verify(stored)


def test_verify_notices_a_snapshot_changed_underneath(plan, author):
    version = freeze(actor=author, plan=plan)
    changed = copy.deepcopy(version.snapshot)
    changed["plan"]["title"] = "Iets anders"
    version.snapshot = changed  # in memory only: what a tampered row would look like
    assert not verify(version)


def test_a_frozen_version_cannot_be_changed_through_the_model(plan, author):
    version = freeze(actor=author, plan=plan)
    version.sha256 = "0" * 64
    with pytest.raises(ImmutableRecordError, match="append-only: update refused"):
        version.save()
    assert PlanVersion.objects.get(pk=version.pk).sha256 != "0" * 64


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_canonical_form_is_independent_of_key_order_for_any_document(value):
    document = {"data": value}
    assert canonical_bytes(_reorder(document)) == canonical_bytes(document)
    assert canonical_bytes(json.loads(json.dumps(document))) == canonical_bytes(document)
