"""Documents through a real Celery worker process (marker ``worker``; .ci/run provides Redis).

The test starts its own worker (``celery -A soplan worker``) on a queue of its own, pointed at
the test database and media folder, so that no other worker can take its tasks and the worker
sees exactly the rows the test committed. It needs CELERY_BROKER_URL and a database another
process can open (PostgreSQL through DATABASE_URL, as in .ci/run).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from plans.documents import services as documents
from plans.interchange import format as plan_format
from plans.models import Document, DocumentStatus, PlanVersion
from tests.plans.pdf_support import pages_text
from tests.processes import BASE_DIR, shared_database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A Celery worker process on a queue of its own; yields (queue, media folder, log file)."""
    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("needs a broker: set CELERY_BROKER_URL=redis://… (.ci/run starts Redis) to run the worker tests")
    with django_db_blocker.unblock():
        database_url = shared_database_url()
    if database_url is None:
        pytest.skip("the worker process cannot open an in-memory SQLite test database: "
                    "run with DATABASE_URL=postgres://… as .ci/run does")
    from soplan.celery import app

    queue = f"soplan-test-{uuid.uuid4().hex[:8]}"
    media = tmp_path_factory.mktemp("worker-media")
    log = tmp_path_factory.mktemp("worker-log") / "worker.log"
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media), "DJANGO_SETTINGS_MODULE": "soplan.settings"}
    env.pop("DATABASE_OWNER_URL", None)  # a worker connects as the app role only
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "celery", "-A", "soplan", "worker", "-Q", queue, "-c", "1",
             "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "-l", "INFO"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue  # our .delay() goes to this worker only
    try:
        yield {"queue": queue, "media": media, "log": log, "process": process}
    finally:
        app.conf.task_default_queue = previous_queue
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck worker
            process.kill()
            process.wait(timeout=10)


def wait_until_done(document: Document, worker, timeout: float = 180) -> Document:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.is_done:
            return document
        if worker["process"].poll() is not None:
            break
        time.sleep(0.5)
    pytest.fail(f"no result from the worker ({document.status}); its log:\n{worker['log'].read_text()[-4000:]}")


def test_a_real_worker_renders_and_stores_the_plan_pdf(worker, author, plan, settings):
    settings.MEDIA_ROOT = str(worker["media"])  # the worker writes there
    document = documents.request_document(actor=author, plan=plan, kind="plan")
    assert document.status == DocumentStatus.QUEUED  # nothing ran in this process
    document = wait_until_done(document, worker)
    assert document.status == DocumentStatus.READY, document.reason
    with document.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert "CONCEPT" in pages_text(content)[0]
    assert document.attempts == 1
    assert "plans.render_document[" in worker["log"].read_text()  # the worker ran it

    again = documents.request_document(actor=author, plan=plan, kind="plan")
    assert again.pk == document.pk and again.status == DocumentStatus.READY


def test_a_failure_in_the_worker_is_recorded(worker, author, plan, settings):
    settings.MEDIA_ROOT = str(worker["media"])
    snapshot = {"plan": {"themes": "kapot"}}  # hashes correctly, but cannot be rendered
    broken = PlanVersion.objects.create(plan=plan, number=1, snapshot=snapshot, sha256=plan_format.sha256(snapshot))
    document = documents.request_document(actor=author, plan=plan, version=broken, kind="plan")
    document = wait_until_done(document, worker)
    assert document.status == DocumentStatus.FAILED
    assert "TypeError" in document.reason
    assert Document.objects.filter(status=DocumentStatus.QUEUED).count() == 0
    assert settings.CELERY_TASK_ALWAYS_EAGER is False


def test_a_real_worker_renders_the_regional_monitor(worker, settings):
    """The regional monitor goes through the same task and worker as the plan PDFs (issue 15)."""
    from plans.regional import report
    from stakeholders.access import forget_roles
    from stakeholders.models import Region, RegionalCoordinator
    from tests import factories
    from tests.plans.test_regional_dashboard import member

    settings.MEDIA_ROOT = str(worker["media"])
    region = Region.objects.create(name="Regio Werker", slug="regio-werker")
    members = [member(region, i) for i in range(3)]
    coordinator = factories.UserFactory()
    RegionalCoordinator.objects.create(region=region, user=coordinator)
    forget_roles(coordinator)
    document = report.request_monitor(actor=coordinator, region=region, year=2027)
    assert document.status == DocumentStatus.QUEUED and document.region_id == region.pk
    document = wait_until_done(document, worker)
    assert document.status == DocumentStatus.READY, document.reason
    with document.file.open("rb") as handle:
        text = " ".join(" ".join(pages_text(handle.read())).split())
    assert "Regionale monitor 2027" in text and all(m.name in text for m in members)
