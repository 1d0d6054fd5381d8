"""Evidence: records written once and never changed, and the hash chain that binds them.

Two base classes, and a model joins by subclassing one of them (nothing else to edit):

* :class:`AppendOnly`: insert once; ``save`` of a stored row, ``delete`` and queryset
  ``update``/``delete`` are refused. Below the ORM the database says the same
  (:mod:`plans.protection`, run after every ``migrate``): triggers refuse UPDATE, DELETE and
  TRUNCATE, and on PostgreSQL the application's role may only SELECT and INSERT these tables.
  The status history and consent requests are append-only.
* :class:`Evidence`: append-only *and* a link in its plan's hash chain. Versions, decisions,
  board statements and their co-signatures are evidence.

The chain (docs/security.md, "Evidence survives its own database"): one chain per plan. Each
record carries its place in the chain (``chain_seq``: 1, 2, …), the hash of the record before
(``chain_previous``; 64 zeros for the first) and its own hash (``chain_hash``) over that previous
hash, its place, its model and its canonical content: every stored field except the id, the
chain fields and ``CHAIN_EXCLUDE``, leaving out empty values (None and ""). The hash is computed
here, in :func:`seal`, when the record is inserted, and nowhere else. Every evidence write
already holds its plan's row lock (``plans.transitions.lock``); :func:`seal` takes it as well, so
two records can never claim the same place.

Rules for an evidence model, which keep old hashes valid:

* declare ``CHAIN_PLAN``, the query path to the plan (``"plan"``, ``"version__plan"``);
* timestamps use ``default=timezone.now``, never ``auto_now_add`` (Django would set it *after*
  the hash was computed; :meth:`Evidence.check` refuses it);
* a field added later must be nullable or default to "" (empty values are not hashed, so the
  records sealed before it still verify).

:func:`verify_chains` recomputes every chain; ``manage.py verify_evidence`` runs it together with
the snapshot and document checks.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core import checks
from django.db import models, transaction

GENESIS = "0" * 64
CHAIN_FIELDS = ("chain_seq", "chain_previous", "chain_hash")


class ImmutableRecordError(Exception):
    """Somebody tried to change or delete an append-only record (a decision is evidence)."""


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk changes: evidence is written once and never changed or removed."""

    def update(self, **kwargs):
        raise ImmutableRecordError(f"{self.model._meta.label} is append-only: update refused")

    def delete(self):
        raise ImmutableRecordError(f"{self.model._meta.label} is append-only: delete refused")

    def _raw_delete(self, using):
        raise ImmutableRecordError(f"{self.model._meta.label} is append-only: delete refused")

    def bulk_create(self, objs, *args, **kwargs):
        if issubclass(self.model, Evidence):  # bulk_create skips save(), so nothing would be sealed
            raise ImmutableRecordError(f"{self.model._meta.label} is evidence: insert one record at a time")
        return super().bulk_create(objs, *args, **kwargs)


class AppendOnly(models.Model):
    """Base for append-only records: insert once; ``save`` of a stored row and ``delete`` are refused.

    The database keeps the same promise to anybody who talks SQL (triggers and grants,
    :mod:`plans.protection`), and the admin shows these records read-only.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(f"{self._meta.label} is append-only: update refused")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"{self._meta.label} is append-only: delete refused")


class Evidence(AppendOnly):
    """An append-only record that is also a link in its plan's hash chain (see the module)."""

    chain_seq = models.PositiveIntegerField(default=0, editable=False)
    chain_previous = models.CharField(max_length=64, default="", editable=False)
    chain_hash = models.CharField(max_length=64, default="", editable=False, db_index=True)

    CHAIN_PLAN = "plan"
    CHAIN_EXCLUDE: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Sealed here rather than in each service: a record that escaped the chain would be
        # indistinguishable from one inserted by somebody at the database.
        if not self._state.adding:
            raise ImmutableRecordError(f"{self._meta.label} is append-only: update refused")
        with transaction.atomic(using=kwargs.get("using")):
            seal(self)
            super().save(*args, **kwargs)

    @classmethod
    def check(cls, **kwargs):
        errors = super().check(**kwargs)
        for field in cls._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                errors.append(
                    checks.Error(
                        f"{cls._meta.label}.{field.name} uses auto_now/auto_now_add; evidence is hashed "
                        "before the insert, so use default=timezone.now.",
                        obj=cls,
                        id="plans.E001",
                    )
                )
        return errors


# --- Canonical content and the link hash ------------------------------------------------------


def _canonical_value(field, value):
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        places = getattr(field, "decimal_places", None)
        return str(value.quantize(decimal.Decimal(1).scaleb(-places)) if places is not None else value)
    if isinstance(value, (bool, int, str, dict, list)):
        return value
    return str(value)


def content_of(record, exclude: tuple[str, ...] = ()) -> dict:
    """What the hash covers: every stored field but the id and the chain, empty values left out.

    Works on historical models too (the migration that built the first chains passes ``exclude``).
    """
    content = {}
    for field in record._meta.concrete_fields:
        if field.primary_key or field.name in CHAIN_FIELDS or field.name in exclude:
            continue
        value = _canonical_value(field, field.value_from_object(record))
        if value is not None:
            content[field.attname] = value
    return content


def link_hash(*, label: str, seq: int, previous: str, content: dict) -> str:
    payload = {"model": label.lower(), "seq": seq, "previous": previous, "content": content}
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


# --- Writing: the one place a link is computed -----------------------------------------------


def chain_models() -> list[type[Evidence]]:
    return [model for model in apps.get_models() if issubclass(model, Evidence)]


def append_only_models() -> list[type[AppendOnly]]:
    return [model for model in apps.get_models() if issubclass(model, AppendOnly)]


def _plan_id(record: Evidence) -> int:
    *path, last = record.CHAIN_PLAN.split("__")
    owner = record
    for step in path:
        owner = getattr(owner, step)
    return getattr(owner, f"{last}_id")


def _plan_model(model: type[Evidence]) -> type[models.Model]:
    for step in model.CHAIN_PLAN.split("__"):
        model = model._meta.get_field(step).related_model
    return model


def head(plan_id: int) -> tuple[int, str]:
    """The place and hash of the last link of a plan's chain ((0, GENESIS) when it is empty)."""
    last = (0, GENESIS)
    for model in chain_models():
        row = (
            model.objects.filter(**{model.CHAIN_PLAN: plan_id})
            .order_by("-chain_seq")
            .values_list("chain_seq", "chain_hash")
            .first()
        )
        if row is not None and row[0] > last[0]:
            last = row
    return last


def seal(record: Evidence) -> None:
    """Give a record about to be inserted its place in its plan's chain and its hash."""
    plan_id = _plan_id(record)
    # Serialise the writers of one chain (a no-op when the caller holds the lock already).
    list(_plan_model(type(record)).objects.select_for_update().filter(pk=plan_id).values_list("pk"))
    seq, previous = head(plan_id)
    record.chain_seq = seq + 1
    record.chain_previous = previous
    record.chain_hash = link_hash(
        label=record._meta.label,
        seq=record.chain_seq,
        previous=previous,
        content=content_of(record, record.CHAIN_EXCLUDE),
    )


# --- Verifying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing that does not match, named so that an operator can find the row or file."""

    what: str
    problem: str

    def __str__(self) -> str:
        return f"{self.what}: {self.problem}"


def verify_chains() -> list[Finding]:
    """Recompute every plan's chain; name each record whose hash, predecessor or place is off."""
    links = defaultdict(list)
    for model in chain_models():
        records = model.objects.order_by("pk")
        path = model.CHAIN_PLAN.split("__")[:-1]
        if path:  # the plan id is read through these rows: one query, not one per record
            records = records.select_related("__".join(path))
        for record in records.iterator(chunk_size=500):
            links[_plan_id(record)].append(record)
    findings = []
    for plan_id, records in sorted(links.items()):
        records.sort(key=lambda r: (r.chain_seq, r._meta.label, r.pk))
        previous = GENESIS
        for expected_seq, record in enumerate(records, start=1):
            what = f"{record._meta.label} #{record.pk} (plan {plan_id}, link {record.chain_seq})"
            recomputed = link_hash(
                label=record._meta.label,
                seq=record.chain_seq,
                previous=record.chain_previous,
                content=content_of(record, record.CHAIN_EXCLUDE),
            )
            if recomputed != record.chain_hash:
                findings.append(Finding(what, "its content does not match its hash (changed after it was recorded)"))
            if record.chain_seq != expected_seq:
                findings.append(
                    Finding(what, f"expected link {expected_seq}: a record before it is missing or was inserted twice")
                )
            elif record.chain_previous != previous:
                findings.append(Finding(what, "does not point at the hash of the record before it"))
            previous = record.chain_hash
    return findings
