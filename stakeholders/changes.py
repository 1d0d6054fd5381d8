"""Attributable, conflict-safe writes: the kernel every service function builds on.

* Every write records an :class:`~stakeholders.models.AuditEvent` (who, when, what changed).
* Editable rows carry a ``lock_version``; an update names the version the user started from and
  is refused with :class:`ConflictError` when somebody else saved in between (optimistic
  locking, design.md "How data flows" 1). The check and the write are one conditional UPDATE,
  so two concurrent saves cannot both pass it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import F

from soplan.errors import ConflictError, DomainError

from .freshness import organisation_changed
from .models import AuditEvent, Organisation

M = TypeVar("M", bound=models.Model)

__all__ = ["ConflictError", "DomainError", "Versioned", "create", "delete", "record", "update"]


class Versioned(models.Model):
    """Abstract base for rows edited in forms: a version number for optimistic locking."""

    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value, for the audit record."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal | dt.date | dt.datetime):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def field_values(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def record(
    *,
    actor,
    organisation: Organisation,
    action: str,
    obj: models.Model,
    scope: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. ``changes`` maps field → [old, new] (or a free-form dict).

    Every audited write is a change of the organisation's data: what pages cache per state of
    it is marked stale here (``freshness``).
    """
    organisation_changed(organisation.pk)
    name = ""
    if actor is not None:
        name = actor.get_full_name() or actor.get_username()
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=name,
        action=action,
        scope=scope,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def create(
    *,
    actor,
    obj: M,
    scope: str | Callable[[M], str] = "",
    m2m: dict[str, list] | None = None,
) -> M:
    """Validate and insert ``obj`` (and its many-to-many values), recording who created it.

    ``scope`` may be a function of the saved object, for objects that scope their own history.
    """
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        record(
            actor=actor,
            organisation=obj.organisation,
            action="created",
            obj=obj,
            scope=scope(obj) if callable(scope) else scope,
        )
    return obj


def update(
    *,
    actor,
    obj: M,
    data: dict[str, Any],
    expected_version: int | None,
    scope: str = "",
    m2m: dict[str, list] | None = None,
) -> M:
    """Apply ``data`` to ``obj`` if nobody saved it since ``expected_version``.

    Records the changed fields as [old, new]. Raises ConflictError (with the stored row) when
    the version moved on, and ValidationError when the new values are invalid.
    """
    model = type(obj)
    before = field_values(obj, list(data))
    m2m_before = {
        name: sorted(str(v) for v in getattr(obj, name).all()) for name in (m2m or {})
    }
    for name, value in data.items():
        setattr(obj, name, value)
    obj.full_clean()
    if expected_version is None:
        expected_version = getattr(obj, "lock_version", None)
    with transaction.atomic():
        qs = model._default_manager.filter(pk=obj.pk)
        values = {name: getattr(obj, model._meta.get_field(name).attname) for name in data}
        if hasattr(obj, "lock_version"):
            qs = qs.filter(lock_version=expected_version)
            values["lock_version"] = F("lock_version") + 1
        if qs.update(**values) != 1:
            raise ConflictError(model._default_manager.filter(pk=obj.pk).first())
        if hasattr(obj, "lock_version"):
            obj.lock_version = expected_version + 1
        changes = {
            name: [before[name], new]
            for name, new in field_values(obj, list(data)).items()
            if before[name] != new
        }
        for name, values_list in (m2m or {}).items():
            getattr(obj, name).set(values_list)
            after = sorted(str(v) for v in getattr(obj, name).all())
            if after != m2m_before[name]:
                changes[name] = [m2m_before[name], after]
        if changes:
            record(
                actor=actor,
                organisation=obj.organisation,
                action="changed",
                obj=obj,
                scope=scope,
                changes=changes,
            )
    return obj


def delete(*, actor, obj: models.Model, scope: str = "", expected_version: int | None = None) -> None:
    """Delete ``obj`` unless somebody changed it since ``expected_version``; record it."""
    model = type(obj)
    with transaction.atomic():
        if expected_version is not None and hasattr(obj, "lock_version"):
            # of=("self",): lock only this row; a model ordered by a nullable relation would
            # otherwise ask PostgreSQL to lock the nullable side of an outer join (refused).
            current = model._default_manager.select_for_update(of=("self",)).filter(pk=obj.pk).first()
            if current is None or current.lock_version != expected_version:
                raise ConflictError(current)
        record(actor=actor, organisation=obj.organisation, action="deleted", obj=obj, scope=scope)
        obj.delete()
