"""Decision records are append-only below the ORM too: the database refuses UPDATE and DELETE.

The models refuse changes (plans.models.AppendOnly) and the admin is read-only; these triggers
make the same promise to anybody who talks SQL to the database directly. Each vendor gets its own
SQL; on other vendors the operation does nothing (soplan supports SQLite and PostgreSQL only).

The SQL is written out here, not imported, so that this migration keeps doing exactly what it did
when it was first applied.
"""

from django.db import migrations

from soplan.migration_ops import VendorRunSQL

TABLES = ("plans_decision", "plans_boardstatement", "plans_statementsignature")


def sqlite_sql():
    forward, backward = [], []
    for table in TABLES:
        for operation in ("UPDATE", "DELETE"):
            name = f"soplan_append_only_{table}_{operation.lower()}"
            forward.append(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); END;"
            )
            backward.append(f"DROP TRIGGER IF EXISTS {name};")
    return forward, backward


def postgresql_sql():
    forward = [
        """
        CREATE OR REPLACE FUNCTION soplan_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
        END;
        $$;
        """
    ]
    backward = []
    for table in TABLES:
        name = f"soplan_append_only_{table}"
        forward.append(
            f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION soplan_append_only();"
        )
        backward.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
    backward.append("DROP FUNCTION IF EXISTS soplan_append_only();")
    return forward, backward


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_approval"),
    ]

    operations = [
        VendorRunSQL("sqlite", *sqlite_sql()),
        VendorRunSQL("postgresql", *postgresql_sql()),
    ]
