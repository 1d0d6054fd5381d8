"""On PostgreSQL the web and worker processes' role owns nothing and may only read and append
evidence; TRUNCATE is refused even for the owner (docs/security.md, "Evidence survives its own
database"). These run where .ci/run runs the suite: PostgreSQL with two roles, the suite itself
connected as the app role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from plans.approval import statements
from plans.evaluation import evidence_files
from plans.evaluation import services as evaluations
from plans.models import Decision, PlanTransition, SignatureKind
from plans.protection import tables
from tests import factories
from tests.dbroles import owner_cursor

pytestmark = pytest.mark.postgresql

EVIDENCE = [
    "plans_decision", "plans_boardstatement", "plans_statementsignature",
    "plans_planversion", "plans_plantransition", "plans_consentrequest", "plans_evidencefile",
]


@pytest.fixture
def evidence(org, author, board_member, or_member, var_member, cr_member):
    """An adopted plan with a board statement, a co-signature and an evaluation's evidence file:
    a row in every evidence table."""
    plan = factories.complete_plan(org, author)
    factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member, cr_member])
    statement = statements.issue_statement(actor=board_member, plan=plan, year=2028, text="Verklaring.", objectives_met=True)
    statements.sign_statement(actor=or_member, statement=statement, body=org.bodies.get(kind="or"), decision=SignatureKind.COSIGNED)
    evaluation = evaluations.evaluation_start(actor=author, plan=plan, year=plan.start_year,
                                              today=dt.date(plan.start_year + 1, 2, 1))
    evidence_files.upload(actor=author, evaluation=evaluation, filename="mto.pdf", content=b"%PDF-1.4\n%%EOF\n")
    return plan


def refused(sql: str) -> str:
    """Run ``sql`` as the suite's own connection (the app role); the error it is refused with."""
    with pytest.raises(DatabaseError) as refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return str(refusal.value)


def test_the_suite_connects_as_a_role_that_owns_nothing_and_is_no_superuser(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        role, superuser, createrole, bypassrls = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
        owned = cursor.fetchone()[0]
    assert role == settings.DATABASE_APP_ROLE
    assert (superuser, createrole, bypassrls, owned) == (False, False, False, 0)


def test_the_evidence_tables_are_those_the_models_declare():
    assert set(EVIDENCE) <= set(tables())


@pytest.mark.parametrize("table", EVIDENCE)
def test_the_app_role_may_not_change_remove_or_empty_evidence(evidence, table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
        rows = cursor.fetchone()[0]
    assert rows > 0
    assert "permission denied" in refused(f"UPDATE {table} SET id = id")  # noqa: S608
    assert "permission denied" in refused(f"DELETE FROM {table}")  # noqa: S608
    assert "permission denied" in refused(f"TRUNCATE {table} CASCADE")
    assert "must be owner" in refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    assert "must be owner" in refused(f"DROP TRIGGER soplan_append_only_{table} ON {table}")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] == rows


def test_the_app_role_may_not_switch_triggers_off_for_its_session(db):
    assert "permission denied" in refused("SET session_replication_role = replica")
    assert "permission denied" in refused("SET LOCAL session_replication_role = replica")


def test_the_app_role_may_not_empty_the_plans_or_rewrite_the_migration_history(evidence):
    assert "permission denied" in refused("TRUNCATE plans_plan CASCADE")
    assert "permission denied" in refused("DELETE FROM django_migrations")
    assert "permission denied" in refused("CREATE TABLE plans_shadow (id int)")


def test_the_app_role_still_appends_evidence_and_edits_everything_else(evidence, author):
    # The whole suite runs as this role; this is the short version of that proof: the fixture
    # appended to every evidence table, and plain tables take UPDATE and DELETE.
    from plans.models import Plan, Theme

    assert PlanTransition.objects.filter(plan=evidence).exists()
    assert Plan.objects.filter(pk=evidence.pk).update(preface="Nieuw voorwoord.") == 1
    assert Theme.objects.filter(plan=evidence).delete()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_even_the_owner_may_not_truncate_evidence(evidence):
    import psycopg2

    for table in ("plans_decision", "plans_plan"):
        with pytest.raises(psycopg2.Error, match="holds evidence: TRUNCATE refused"), owner_cursor() as cursor:
            cursor.execute(f"TRUNCATE {table} CASCADE")
    assert Decision.objects.filter(version__plan=evidence).count() == 3
