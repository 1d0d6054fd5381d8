"""Test support for the two database roles and for tampering as the owner of the tables would.

On PostgreSQL with ``DATABASE_OWNER_URL`` (as in .ci/run) the suite runs as the app role: it
may not change the schema, disable triggers or empty tables. The test database's set-up, the
flush after a transactional test and the tampering tests therefore act as the owner here.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from django.conf import settings
from django.db import connection


def two_roles() -> bool:
    return connection.vendor == "postgresql" and settings.DATABASE_OWNER is not None


def owner_connect():
    """A new psycopg2 connection to the test database as the owner (or the only role)."""
    import psycopg2

    params = {**connection.settings_dict, **(settings.DATABASE_OWNER or {})}
    return psycopg2.connect(
        dbname=params["NAME"], user=params["USER"], password=params["PASSWORD"],
        host=params["HOST"] or None, port=params["PORT"] or None,
    )


@contextmanager
def owner_cursor():
    """A cursor that commits at the end, in its own connection: what somebody holding the owner's
    password (or a superuser) could do. Tests that use it are transactional, so that it sees their
    rows."""
    if connection.vendor == "sqlite":
        raw = sqlite3.connect(connection.settings_dict["NAME"])
    else:
        raw = owner_connect()
    try:
        cursor = raw.cursor()
        yield cursor
        raw.commit()
    finally:
        raw.close()


def tamper(table: str, sql: str, params: list | tuple = ()) -> None:
    """Run ``sql`` on ``table`` with its protection lifted, as the owner could, and put the
    protection back: PostgreSQL disables the triggers, SQLite drops and re-creates them."""
    with owner_cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table])
            triggers = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table])
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')
            cursor.execute(sql.replace("%s", "?"), list(params))
            for trigger in triggers:
                cursor.execute(trigger)
        else:
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
            cursor.execute(sql, list(params))
            cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
