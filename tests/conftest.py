"""Shared fixtures: named personas in organisation A, and an outsider from organisation B."""

from __future__ import annotations

import os

import environ
import pytest
from django.utils import translation

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Plain HTTP in tests (the live server speaks HTTP), unhashed static files (no collectstatic)
    # and a private media folder per test.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Personas are created per test; the production hasher (deliberately slow) took ~0.5 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """With two database roles (DATABASE_OWNER_URL, as in .ci/run) the owner creates and migrates
    the test database: the app role may not (plans.protection grants it what it may do)."""
    from django.conf import settings
    from django.db import connections

    if settings.DATABASE_OWNER is not None:
        connections["default"].close()
        connections["default"].settings_dict.update(settings.DATABASE_OWNER)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """... and then the tests run as the app role, like the web and worker processes."""
    from django.conf import settings
    from django.db import connections

    if settings.DATABASE_OWNER is None:
        yield
        return
    connection = connections["default"]
    app = dict(zip(("USER", "PASSWORD"), _app_credentials(), strict=True))
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(app)
    yield
    with django_db_blocker.unblock():  # the owner drops the test database again
        connection.close()
        connection.settings_dict.update(settings.DATABASE_OWNER)


def _app_credentials() -> tuple[str, str]:
    app = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    return app["USER"], app["PASSWORD"]


@pytest.fixture(autouse=True, scope="session")
def _flush_postgresql_as_the_owner():
    """A transactional test ends with a flush: TRUNCATE of every table. The evidence tables refuse
    TRUNCATE (plans.protection), and the app role may not truncate at all; so on PostgreSQL the
    flush runs as the owner, with the evidence tables' triggers off for that one statement."""
    from django.db import transaction
    from django.db.backends.postgresql.operations import DatabaseOperations

    from plans.protection import tables
    from soplan.dbroles import as_owner

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        connection = self.connection
        with as_owner(connection.alias), transaction.atomic(using=connection.alias, savepoint=False):
            with connection.cursor() as cursor:
                present = set(connection.introspection.table_names(cursor))
                evidence = [table for table in tables() if table in present]
                for table in evidence:
                    cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
                for sql in sql_list:
                    cursor.execute(sql)
                for table in evidence:
                    cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _lift_append_only_triggers_for_the_flush(request):
    """Let a transactional test's final flush empty the append-only tables on SQLite.

    pytest-django ends a transactional test (browser journeys, concurrency tests) by flushing
    the database, which on SQLite is a DELETE FROM every table; the triggers of migration
    plans.0003 rightly refuse that for decision records. So, after such a test only, drop those
    triggers, empty the tables and create the triggers again exactly as they were. (PostgreSQL
    flushes with TRUNCATE, which row triggers do not see.)
    """
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        return
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'soplan_append_only_%'"
        )
        triggers = cursor.fetchall()
        for name, _table, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        # The flush empties every other table right after; in between, rows elsewhere still
        # point at these, so check no foreign keys while emptying them.
        cursor.execute("PRAGMA foreign_keys = OFF")
        try:
            for table in sorted({table for _name, table, _sql in triggers}, reverse=True):
                cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608 - names from sqlite_master
        finally:
            cursor.execute("PRAGMA foreign_keys = ON")
        for _name, _table, sql in triggers:
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def _postgresql_only(request):
    """Tests marked ``postgresql`` need PostgreSQL with two roles (.ci/run's second stage)."""
    if request.node.get_closest_marker("postgresql"):
        from tests.dbroles import two_roles

        if not two_roles():
            pytest.skip("needs PostgreSQL with DATABASE_OWNER_URL (.ci/run)")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids repeat between tests (rolled back), so a cached
    completeness report of an earlier test could otherwise match a plan of this one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_in_the_test_thread():
    """Messages built in the test itself (services, checks) in English, so assertions do not
    depend on the Dutch translations; requests still use each user's own language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _celery_eager_unless_worker(request):
    """Tasks run in-process, except in tests marked ``worker``.

    With CELERY_BROKER_URL set (the second half of .ci/run) the app would send tasks to Redis;
    only the worker smoke tests want that, and a separate worker process serves them.
    """
    from soplan.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request):
    """Celery tasks run eagerly in tests, also when CELERY_BROKER_URL is set (as in .ci/run):
    a test's rows are not committed, so a worker process could not see them. Tests marked
    ``worker`` talk to a real worker instead."""
    from soplan.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def org(db):
    return factories.organisation()


@pytest.fixture
def author(org):
    return factories.person(org, roles=["author"], email="author@example.test")


@pytest.fixture
def line_manager(org):
    return factories.person(org, roles=["line_manager"], units=[org.units.get(code="team-1")],
                            email="manager@example.test")


@pytest.fixture
def viewer(org):
    return factories.person(org, roles=["viewer"], email="viewer@example.test")


@pytest.fixture
def board_member(org):
    return factories.person(org, bodies={"board": {"position": "chair", "may_record_decision": True}},
                            email="board@example.test")


@pytest.fixture
def or_member(org):
    return factories.person(org, bodies={"or": {"position": "chair", "may_record_decision": True}},
                            email="or@example.test")


@pytest.fixture
def var_member(org):
    return factories.person(org, bodies={"var": {"position": "secretary", "may_record_decision": True}},
                            email="var@example.test")


@pytest.fixture
def cr_member(org):
    return factories.person(org, bodies={"cr": {"position": "chair", "may_record_decision": True}},
                            email="cr@example.test")


@pytest.fixture
def other_org(db):
    return factories.organisation(slug="org-b", name="Zorggroep Elders B")


@pytest.fixture
def outsider(other_org):
    """The L&D author of another organisation: may see nothing of organisation A."""
    return factories.person(other_org, roles=["author"], email="outsider@example.test")


@pytest.fixture
def plan(org, author):
    return factories.plan(org, author)


@pytest.fixture
def client_of(client):
    """Log a persona in: ``client_of(author).get(...)``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def queued_tasks(monkeypatch) -> list[str]:
    """The names of the Celery tasks queued through ``soplan.queue``, in order; they still run."""
    from soplan import queue

    names: list[str] = []
    send = queue.send

    def recording(task_name: str, *args, **kwargs) -> None:
        names.append(task_name)
        send(task_name, *args, **kwargs)

    monkeypatch.setattr(queue, "send", recording)
    return names
