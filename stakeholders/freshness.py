"""Explicit invalidation of what is cached per state of an organisation's data.

Pages keep a few things that are costly to compute and depend only on stored data (a plan's
completeness report, its step navigator, the comments on a section) in Django's cache, under a
key that holds the organisation's *change mark* and the *reference mark*. Whatever changes that
data says so here:

* the one write path, :mod:`stakeholders.changes` (every audited write), for the organisation the
  row belongs to;
* the plan's transitions and the decisions of step 6 (``plans.transitions``);
* saves in the admin, for reference data every organisation reads (funding schemes, units'
  names, …): :class:`MarksChangesAdmin`.

A mark is a new random token on each change, kept without time-out. A mark that the cache lost
(evicted, Redis restarted) is simply a new one, so a lost mark makes entries unreachable and
never revives stale ones. A change marks twice: at once, so that the rest of the same request
sees it, and again after its transaction commits, so that no other process can have stored a
result computed from the data before the commit under the mark it will read afterwards.
"""

from __future__ import annotations

import uuid

from django.contrib import admin
from django.core.cache import cache
from django.db import transaction

REFERENCE = "soplan:mark:reference"
# How long a cached result may live at most: a safety net for a cache that was unreachable
# while a change was marked; marks, not this time, keep results fresh.
CACHED_SECONDS = 3600


def _organisation_key(organisation_id: int) -> str:
    return f"soplan:mark:organisation:{organisation_id}"


def _new_mark(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, None)


def _mark(key: str) -> None:
    _new_mark(key)
    transaction.on_commit(lambda: _new_mark(key))


def organisation_changed(organisation_id: int) -> None:
    """The data of this organisation (its plans, units, people) changed."""
    _mark(_organisation_key(organisation_id))


def reference_changed() -> None:
    """Data that every organisation reads changed (edited in the admin)."""
    _mark(REFERENCE)


def state_of(organisation_id: int) -> str:
    """The marks of the organisation and of the reference data: part of every key of what is
    cached per state. One round trip to the cache."""
    key = _organisation_key(organisation_id)
    marks = cache.get_many([key, REFERENCE])
    for name in (key, REFERENCE):
        if name not in marks:
            cache.add(name, uuid.uuid4().hex, None)
            marks[name] = cache.get(name) or ""
    return f"{marks[key]}.{marks[REFERENCE]}"


class MarksChangesAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes mark the reference data changed: the admin edits
    rows outside the services (reference data, or an organisation's units by the operator)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reference_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        reference_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        reference_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reference_changed()
