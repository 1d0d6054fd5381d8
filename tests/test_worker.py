"""Smoke test: a separate `celery -A soplan worker` process runs a task queued by the web code.

The web side is the real "add a person" form; the task is the invitation e-mail
(stakeholders.tasks.send_invitation, queued on commit). .ci/run starts Redis, PostgreSQL and the
worker with ``EMAIL_URL=filemail:////<dir>`` and tells this test the directory through
``SOPLAN_TEST_WORKER_MAIL_DIR``; the worker reads the test database
(``DJANGO_TEST_DATABASE_NAME``), which is why the test commits its rows (transaction=True).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from soplan.celery import app
from tests import factories
from tests.mailcheck import body_of, choose_password_with, messages_in, password_link, person_form_data

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL"),
        reason="needs CELERY_BROKER_URL and a running `celery -A soplan worker` (.ci/run starts both)",
    ),
]

TIMEOUT = 60  # seconds; the worker normally answers in well under one


def _wait_for_mail(directory: Path, recipient: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for message in messages_in(directory) if directory.exists() else []:
            if message["To"] == recipient:
                return message
        time.sleep(0.2)
    pytest.fail(f"the worker did not deliver an e-mail to {recipient} within {TIMEOUT} s (see its log)")


@pytest.mark.django_db(transaction=True)
def test_a_separate_worker_sends_the_invitation_queued_by_the_add_person_form(client, org, author):
    mail_dir = os.environ.get("SOPLAN_TEST_WORKER_MAIL_DIR")
    assert mail_dir, "SOPLAN_TEST_WORKER_MAIL_DIR must name the worker's filemail directory (see .ci/run)"
    assert not app.conf.task_always_eager, "this test must queue the task on the broker, not run it here"
    recipient = f"uitgenodigd-{time.time_ns()}@example.test"

    assert client.login(request=HttpRequest(), username=author.username, password=factories.PASSWORD)
    response = client.post(
        reverse("stakeholders:person_add", kwargs={"org": org.slug}), person_form_data(recipient)
    )
    assert response.status_code == 302

    message = _wait_for_mail(Path(mail_dir), recipient)
    body = body_of(message)
    with translation.override("nl"):  # the author's language, Dutch by default
        assert translation.gettext("Choose your password with this link:") in body
    assert org.name in body
    # The link the worker signed works against the same database: the invitee sets a password.
    assert choose_password_with(password_link(body), recipient)
