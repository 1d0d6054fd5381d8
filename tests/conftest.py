"""Shared fixtures: named personas in organisation A, and an outsider from organisation B."""

from __future__ import annotations

import pytest

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
