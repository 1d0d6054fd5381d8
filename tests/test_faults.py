"""Faults injected into real processes: the broker goes down, the worker is killed mid-render.

issue 16 "No action fails or loses work when the broker is down" and "a document is never stuck".
Each test starts a Redis server and a ``celery -A soplan worker`` of its own (so it may stop and
kill them without touching the processes .ci/run shares with the rest of the suite) and points
this process's Celery app at that Redis. It needs ``redis-server`` on the PATH, CELERY_BROKER_URL
set (a broker is in use, tasks are not eager) and a database another process can open
(PostgreSQL through DATABASE_URL, as in .ci/run). Marked ``worker``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.documents import services as documents
from plans.models import Consultation, Document, DocumentStatus, Notification, PlanStatus
from plans.notifications import services as notifications
from stakeholders import services as stakeholders
from stakeholders.models import InvitationMail
from tests.mailcheck import messages_in, person_form_data
from tests.processes import BASE_DIR, free_port, shared_database_url, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RENDER_DELAY = 4  # seconds every render of the fault worker sleeps first (something to kill)
TIME_LIMIT = 8  # the fault worker's hard time limit; its visibility timeout follows from it
VISIBILITY = TIME_LIMIT + 12  # above the render timeout (TIME_LIMIT + 10): the redelivery takes over


class Redis:
    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - the Debian package's server
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until("redis", self._answers)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()  # as abrupt as a crash; nothing is persisted
            self.process.wait(timeout=10)
            self.process = None


class Worker:
    def __init__(self, redis: Redis, queue: str, media: Path, mail: Path, log: Path, database_url: str):
        self.log = log
        self.queue = queue
        self.env = {
            **os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media), "DJANGO_SETTINGS_MODULE": "soplan.settings",
            "CELERY_BROKER_URL": redis.url, "EMAIL_URL": f"filemail:///{mail}",
            "SOPLAN_TEST_RENDER_DELAY": str(RENDER_DELAY), "CELERY_TASK_TIME_LIMIT": str(TIME_LIMIT),
            "CELERY_TASK_SOFT_TIME_LIMIT": str(TIME_LIMIT - 2), "CELERY_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY),
        }
        self.env.pop("DATABASE_OWNER_URL", None)  # a worker connects as the app role only
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", "celery", "-A", "soplan", "worker", "-Q", self.queue, "-c", "1",
                 "-n", f"{self.queue}@%h", "--without-gossip", "--without-mingle", "-l", "INFO"],
                cwd=BASE_DIR, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        wait_until("the worker", lambda: "ready." in self.log.read_text(errors="replace"), timeout=60)

    def kill(self) -> None:
        """kill -9 of the whole worker (main process and its pool children), as in the issue."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # pragma: no cover - a stuck worker
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def faults(django_db_setup, django_db_blocker, tmp_path, settings):
    """A Redis and a worker of this test's own; this process's Celery app uses that Redis."""
    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("needs a broker: set CELERY_BROKER_URL=redis://… (.ci/run starts Redis) to run the fault tests")
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server on the PATH")
    with django_db_blocker.unblock():
        database_url = shared_database_url()
    if database_url is None:
        pytest.skip("the worker process cannot open an in-memory SQLite test database")
    from soplan.celery import app

    redis = Redis(tmp_path)
    redis.start()
    queue = f"soplan-fault-{uuid.uuid4().hex[:8]}"
    mail = tmp_path / "mail"
    mail.mkdir()
    worker = Worker(redis, queue, tmp_path / "media", mail, tmp_path / "worker.log", database_url)
    worker.start()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    previous = (app.conf.broker_url, app.conf.broker_write_url, app.conf.task_default_queue)
    app.conf.broker_url, app.conf.broker_write_url, app.conf.task_default_queue = redis.url, redis.url, queue
    _fresh_connections(app)
    try:
        yield {"redis": redis, "worker": worker, "mail": mail}
    finally:
        worker.stop()
        redis.stop()
        app.conf.broker_url, app.conf.broker_write_url, app.conf.task_default_queue = previous
        _fresh_connections(app)


def _fresh_connections(app) -> None:
    """Forget the pools of the previous broker_url (kombu keeps one per URL), so that the next
    hand-over connects to the current one."""
    app._pool = None  # noqa: SLF001 - Celery keeps the pool on the app; no public reset
    app.amqp._producer_pool = None  # noqa: SLF001


def _mails(directory: Path) -> Counter:
    return Counter(message["To"] for message in messages_in(directory))


def _wait_done(document: Document, worker: Worker, timeout: float) -> Document:
    def done():
        document.refresh_from_db()
        return document.is_done

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return document
        time.sleep(0.25)
    pytest.fail(f"document {document.status} after {timeout} s; worker log:\n{worker.log.read_text()[-3000:]}")


def test_with_the_broker_down_the_actions_succeed_and_their_work_follows_exactly_once(
    faults, client, author, plan, or_member, line_manager, settings
):
    redis, worker, mail = faults["redis"], faults["worker"], faults["mail"]
    client.force_login(author)
    redis.stop()  # the broker is down

    # Opening a consultation: saved, the page says the e-mails will follow, the e-mails wait.
    started = time.monotonic()
    response = client.post(reverse("plans:consultation_open", kwargs={"plan": plan.pk}),
                           {"message": "Graag reactie.", "closes_on": ""}, follow=True)
    assert response.status_code == 200
    assert "zodra" in response.content.decode()  # "… volgen zodra de achtergronddienst er weer is"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONSULTATION and Consultation.objects.filter(plan=plan).exists()
    pending = Notification.objects.filter(plan=plan, emailed_at__isnull=True)
    recipients = {n.user.email for n in pending}
    assert {or_member.email, line_manager.email} <= recipients

    # Requesting the PDF: the document is kept, queued; asking again queues nothing new.
    response = client.post(reverse("plans:document_request", kwargs={"plan": plan.pk}), {"kind": "plan"}, follow=True)
    assert response.status_code == 200
    document = Document.objects.get(plan=plan)
    assert document.status == DocumentStatus.QUEUED
    # Adding a person: the person is added, the invitation e-mail waits in its outbox row.
    response = client.post(reverse("stakeholders:person_add", kwargs={"org": plan.organisation.slug}),
                           person_form_data("nieuw@example.test"), follow=True)
    assert response.status_code == 200
    invitation = InvitationMail.objects.get(user__email="nieuw@example.test", sent_at__isnull=True)
    recipients.add("nieuw@example.test")
    assert time.monotonic() - started < 30  # a refused hand-over does not hold the request
    assert _mails(mail) == Counter()

    # The broker is back: the sweep (what beat runs) hands over what waited, twice over.
    redis.start()
    settings.SOPLAN_OUTBOX_GRACE = 0
    later = timezone.now() + dt.timedelta(seconds=1)
    assert set(notifications.hand_over_pending(now=later)) == set(pending.values_list("pk", flat=True))
    assert documents.requeue_stuck(now=later) == [document.pk]
    assert stakeholders.hand_over_pending_invitations(now=later) == [invitation.pk]
    notifications.hand_over_pending(now=later)  # a duplicate hand-over
    documents.requeue_stuck(now=later)
    stakeholders.hand_over_pending_invitations(now=later)

    _wait_done(document, worker, timeout=60)
    assert document.status == DocumentStatus.READY, document.reason
    wait_until("every e-mail", lambda: set(_mails(mail)) >= recipients)
    time.sleep(1)  # room for a second e-mail, were one sent
    assert set(_mails(mail).values()) == {1}  # exactly once each
    assert not Notification.objects.filter(plan=plan, emailed_at__isnull=True).exclude(user__email="").exists()
    document.refresh_from_db()
    assert document.attempts == 1  # rendered once


def test_a_worker_killed_mid_render_is_redelivered_and_the_document_completes_once(faults, author, plan):
    worker = faults["worker"]
    document = documents.request_document(actor=author, plan=plan, kind="plan")
    wait_until("the render to start", lambda: Document.objects.get(pk=document.pk).status == DocumentStatus.RENDERING)
    killed = time.monotonic()
    worker.kill()
    worker.start()
    # Redelivered by the broker after the visibility timeout (just above the hard time limit).
    _wait_done(document, worker, timeout=VISIBILITY + 5 + RENDER_DELAY + 20)
    assert document.status == DocumentStatus.READY, document.reason
    assert time.monotonic() - killed < VISIBILITY + 5 + RENDER_DELAY + 20
    assert document.attempts == 2  # the killed attempt and the one that completed
    assert document.file and document.sha256
