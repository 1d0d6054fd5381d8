"""The database's side of append-only: triggers on every append-only table, grants to the app role.

Run after every ``migrate`` (``post_migrate``, connected in ``plans.apps``), for every model that
subclasses :class:`plans.evidence.AppendOnly`, so that a new evidence model is protected the
moment its table exists, without a migration of its own:

* a row trigger refuses UPDATE and DELETE (SQLite and PostgreSQL; migrations 0003 and 0005
  created the first ones under the same names);
* PostgreSQL: a statement trigger refuses TRUNCATE, also for the owner of the tables;
* PostgreSQL with an app role (``DATABASE_OWNER_URL`` set, settings): the role of
  ``DATABASE_URL`` gets SELECT, INSERT, UPDATE and DELETE on every table but SELECT and INSERT
  only on the append-only ones, SELECT only on ``django_migrations``, and the sequences it needs.
  Every run revokes first and grants again, so the grants always match the models.

What this does not stop: the owner of the tables (or a superuser) can disable the triggers. That
is what the hash chain (:mod:`plans.evidence`) and ``manage.py verify_evidence`` are for.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections, transaction

from plans.evidence import append_only_models

PG_FUNCTIONS = (
    """
    CREATE OR REPLACE FUNCTION soplan_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
    END;
    $$;
    """,
    """
    CREATE OR REPLACE FUNCTION soplan_no_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% holds evidence: TRUNCATE refused', TG_TABLE_NAME;
    END;
    $$;
    """,
)


def tables() -> list[str]:
    return sorted(model._meta.db_table for model in append_only_models())


def postgresql_triggers(table: str) -> list[str]:
    return [
        f'DROP TRIGGER IF EXISTS soplan_append_only_{table} ON "{table}"',
        f'CREATE TRIGGER soplan_append_only_{table} BEFORE UPDATE OR DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION soplan_append_only()",
        f'DROP TRIGGER IF EXISTS soplan_no_truncate_{table} ON "{table}"',
        f'CREATE TRIGGER soplan_no_truncate_{table} BEFORE TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION soplan_no_truncate()",
    ]


def sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS soplan_append_only_{table}_{operation.lower()} BEFORE {operation} "
        f"ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); END"
        for operation in ("UPDATE", "DELETE")
    ]


def grants(role: str, append_only: list[str]) -> list[str]:
    quoted = f'"{role}"'
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        # Which migrations ran is the owner's business.
        f"REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {quoted}",
    ]
    statements += [f'REVOKE UPDATE, DELETE ON "{table}" FROM {quoted}' for table in append_only]
    return statements


def protect(using: str = "default") -> None:
    """Create the triggers on every append-only table that exists, and grant the app role."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    present = [table for table in tables() if table in existing]
    if connection.vendor == "sqlite":
        with transaction.atomic(using=using), connection.cursor() as cursor:
            for table in present:
                for statement in sqlite_triggers(table):
                    cursor.execute(statement)
        return
    if connection.vendor != "postgresql":  # pragma: no cover - soplan supports these two
        return
    app_role = settings.DATABASE_APP_ROLE
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(current_user, tableowner, 'MEMBER') FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'django_migrations'"
        )
        owner = cursor.fetchone()
        if not owner or not owner[0]:
            return  # not the owner (the app role, e.g. a test's flush): it may change neither
        for statement in PG_FUNCTIONS:
            cursor.execute(statement)
        for table in present:
            for statement in postgresql_triggers(table):
                cursor.execute(statement)
        if app_role:
            for statement in grants(app_role, present):
                cursor.execute(statement)


def after_migrate(sender, using="default", **kwargs) -> None:
    protect(using)
