"""Adding a person sends a new user an invitation to choose a password.

The e-mail is a Celery task. Without a broker (the embedded default, and these tests) it runs at
once, in-process; with a broker it is queued only after the transaction commits, so that the
worker finds the new user (tests/test_worker.py runs that against a real worker).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation

from soplan.celery import app
from stakeholders import services, tasks
from stakeholders.models import InvitationMail
from tests import factories
from tests.mailcheck import choose_password_with, password_link, person_form_data

User = get_user_model()


def _add_person(client, org, email: str):
    return client.post(reverse("stakeholders:person_add", kwargs={"org": org.slug}), person_form_data(email))


def _invite(org, author, email: str):
    return services.person_invite(
        actor=author, organisation=org, email=email, first_name="Nieuwe", last_name="Collega", roles=["viewer"]
    )


@pytest.fixture
def with_broker():
    """As if CELERY_BROKER_URL were set: tasks are sent to a broker instead of run here."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def test_adding_a_new_person_mails_a_link_with_which_they_choose_a_password(client, org, author):
    client.login(request=HttpRequest(), username=author.username, password=factories.PASSWORD)
    response = _add_person(client, org, "nieuw@example.test")

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.test"]
    assert org.name in message.subject
    with translation.override("nl"):  # the author's language
        assert translation.gettext("Choose your password with this link:") in message.body
    assert org.name in message.body
    assert choose_password_with(password_link(message.body), "nieuw@example.test")


def test_adding_someone_who_already_has_an_account_sends_no_invitation(client, org, author, other_org):
    existing = factories.person(other_org, roles=["viewer"], email="bestaand@example.test")
    client.login(request=HttpRequest(), username=author.username, password=factories.PASSWORD)
    response = _add_person(client, org, existing.email)

    assert response.status_code == 302
    assert mail.outbox == []


def test_with_a_broker_the_invitation_waits_for_the_commit(
    org, author, with_broker, django_capture_on_commit_callbacks, queued_tasks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _invite(org, author, "later@example.test")
    assert queued_tasks == []  # queued on commit, not before
    assert mail.outbox == []

    app.conf.task_always_eager = True  # run what the commit would queue, here instead of a worker
    for callback in callbacks:
        callback()
    assert queued_tasks == ["stakeholders.send_invitation"]
    assert [m.to for m in mail.outbox] == [["later@example.test"]]


def test_with_a_broker_a_rolled_back_invitation_is_never_queued(
    org, author, with_broker, django_capture_on_commit_callbacks
):
    class AbortError(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=False) as callbacks, pytest.raises(AbortError):
        with transaction.atomic():
            _invite(org, author, "nooit@example.test")
            raise AbortError
    assert callbacks == []
    assert not User.objects.filter(email="nooit@example.test").exists()


def test_each_invitation_is_an_outbox_row_sent_once(org, author):
    _invite(org, author, "eenmaal@example.test")
    invitation = InvitationMail.objects.get(user__email="eenmaal@example.test")
    assert invitation.sent_at is not None and len(mail.outbox) == 1
    tasks.send_invitation.delay(invitation_id=invitation.pk)  # handed over twice: sent once
    assert len(mail.outbox) == 1


def test_the_task_sends_nothing_for_a_user_who_no_longer_exists(org, author):
    _invite(org, author, "weg@example.test")
    invitation = InvitationMail.objects.get(user__email="weg@example.test")
    InvitationMail.objects.filter(pk=invitation.pk).update(sent_at=None)
    User.objects.filter(email="weg@example.test").delete()  # the row goes with the user
    mail.outbox.clear()
    tasks.send_invitation.delay(invitation_id=invitation.pk)
    assert mail.outbox == []


def test_the_sweep_hands_over_the_invitations_the_broker_refused(org, author, settings):
    # The broker refused the hand-over: the row waits unsent. The sweep (plans.hand_over_pending)
    # hands over what is older than the grace, and nothing already sent.
    _invite(org, author, "later-1@example.test")
    _invite(org, author, "later-2@example.test")
    refused, fresh = InvitationMail.objects.order_by("pk")
    InvitationMail.objects.filter(pk__in=[refused.pk, fresh.pk]).update(sent_at=None)
    now = timezone.now()
    InvitationMail.objects.filter(pk=refused.pk).update(
        created_at=now - dt.timedelta(seconds=settings.SOPLAN_OUTBOX_GRACE + 5)
    )
    mail.outbox.clear()
    assert services.hand_over_pending_invitations(now=now) == [refused.pk]
    assert [m.to for m in mail.outbox] == [["later-1@example.test"]]
    assert services.hand_over_pending_invitations(now=now) == []  # sent: not again
