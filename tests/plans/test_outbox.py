"""The outbox (soplan/queue.py, issue 16) on the embedded default: SQLite, eager tasks.

The broker is "down" here by making the hand-over raise what kombu raises; tests/test_faults.py
does the same against a real Redis that it kills.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from celery import current_app
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from plans.documents import services as documents
from plans.models import Document, DocumentStatus, Notification, PlanStatus
from plans.notifications import services as notifications
from soplan import queue

pytestmark = pytest.mark.django_db(transaction=True)  # the hand-over happens on commit


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    for name in (notifications.SEND_EMAILS_TASK, documents.RENDER_TASK):
        monkeypatch.setattr(current_app.tasks[name], "delay", refuse)


def _sent_to() -> Counter:
    return Counter(address for message in mail.outbox for address in message.to)


def test_a_refused_hand_over_is_logged_and_noted_not_raised(broker_down, caplog):
    queue.reset()
    assert queue.send(documents.RENDER_TASK, 1) is False
    assert queue.deferred()
    assert "broker unavailable" in caplog.text
    queue.reset()
    assert not queue.deferred()


def test_with_the_broker_down_opening_a_consultation_succeeds_and_says_the_e_mails_follow(
    broker_down, client_of, author, plan, or_member, line_manager, monkeypatch, settings
):
    response = client_of(author).post(reverse("plans:consultation_open", kwargs={"plan": plan.pk}),
                                      {"message": "Graag reactie.", "closes_on": ""}, follow=True)
    assert response.status_code == 200
    assert "volgen zodra hij weer beschikbaar is" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONSULTATION
    pending = Notification.objects.filter(plan=plan, emailed_at__isnull=True)
    assert {or_member.email, line_manager.email} <= {n.user.email for n in pending}
    assert mail.outbox == []

    monkeypatch.undo()  # the broker is back
    later = timezone.now() + dt.timedelta(seconds=settings.SOPLAN_OUTBOX_GRACE + 1)
    assert notifications.hand_over_pending(now=later)
    assert notifications.hand_over_pending(now=later) == []  # nothing left: a second sweep sends nothing
    notifications.send_emails(list(Notification.objects.filter(plan=plan).values_list("pk", flat=True)))
    counts = _sent_to()
    assert counts[or_member.email] == 1 and counts[line_manager.email] == 1
    assert set(counts.values()) == {1}  # exactly once, a duplicate hand-over included


def test_the_sweep_waits_for_the_grace_and_skips_what_is_too_old(author, plan, or_member, settings):
    notifications.notify(users=[or_member], plan=plan, kind="approved", url="/x/")  # eager: sent
    assert _sent_to()[or_member.email] == 1
    Notification.objects.update(emailed_at=None)  # as if the hand-over had been refused
    now = timezone.now()
    assert notifications.hand_over_pending(now=now) == []  # within the grace: the fast path may still run
    too_old = now + dt.timedelta(seconds=settings.SOPLAN_OUTBOX_MAX_AGE + 1)
    assert notifications.hand_over_pending(now=too_old) == []
    assert len(notifications.hand_over_pending(now=now + dt.timedelta(seconds=settings.SOPLAN_OUTBOX_GRACE + 1))) == 1
    assert _sent_to()[or_member.email] == 2  # the row was pending again, so it was sent again


def test_the_document_sweep_requeues_only_stuck_documents(author, plan, monkeypatch):
    handed = []
    monkeypatch.setattr(queue, "send", lambda name, *args, **kwargs: handed.append(args[0]) or True)
    now = timezone.now()
    limit = documents.render_timeout()
    grace = documents.outbox_grace()

    def row(kind, status, *, requested, started=None):
        document = Document.objects.create(
            plan=plan, kind=kind, language="nl", template_revision="t", snapshot_sha256="0" * 64,
            key=f"{kind}-{status}-{requested}-{started}", inputs={}, status=status,
        )
        Document.objects.filter(pk=document.pk).update(  # requested_at is set on create
            requested_at=now - requested, started_at=(now - started) if started is not None else None
        )
        return document

    fresh_queued = row("plan", DocumentStatus.QUEUED, requested=grace / 2)
    old_queued = row("plan", DocumentStatus.QUEUED, requested=grace * 2)
    busy = row("cover", DocumentStatus.RENDERING, requested=limit * 2, started=limit / 2)
    dead = row("cover", DocumentStatus.RENDERING, requested=limit * 3, started=limit * 2)
    ready = row("statement", DocumentStatus.READY, requested=limit * 3)
    failed = row("statement", DocumentStatus.FAILED, requested=limit * 3)

    assert sorted(documents.requeue_stuck(now=now)) == sorted([old_queued.pk, dead.pk])
    dead.refresh_from_db()
    assert dead.status == DocumentStatus.QUEUED and dead.started_at is None
    for untouched in (fresh_queued, busy, ready, failed):
        before = untouched.status
        untouched.refresh_from_db()
        assert untouched.status == before
    assert documents.requeue_stuck(now=now) == []  # their wait restarted: not handed over twice at once


def test_asking_again_hands_over_a_queued_document_after_the_grace(broker_down, author, plan, monkeypatch):
    document = documents.request_document(actor=author, plan=plan, kind="plan")
    assert document.status == DocumentStatus.QUEUED  # the hand-over was refused
    assert documents.request_document(actor=author, plan=plan, kind="plan").status == DocumentStatus.QUEUED
    monkeypatch.undo()  # the broker is back
    Document.objects.filter(pk=document.pk).update(
        requested_at=timezone.now() - documents.outbox_grace() - dt.timedelta(seconds=1)
    )
    again = documents.request_document(actor=author, plan=plan, kind="plan")
    assert again.pk == document.pk
    again.refresh_from_db()
    assert again.status == DocumentStatus.READY and again.attempts == 1


def test_a_second_delivery_of_a_rendered_document_renders_nothing(author, plan):
    document = documents.request_document(actor=author, plan=plan, kind="cover")
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY and document.attempts == 1
    documents.render_and_store(document_id=document.pk)  # the duplicate hand-over's task
    document.refresh_from_db()
    assert document.attempts == 1
