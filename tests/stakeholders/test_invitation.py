"""Adding a person sends a new user an invitation to choose a password (embedded default: eager)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation

from stakeholders import services, tasks
from tests import factories
from tests.mailcheck import choose_password_with, password_link, person_form_data

User = get_user_model()


def _add_person(client, org, email: str):
    return client.post(
        reverse("stakeholders:person_add", kwargs={"org": org.slug}),
        person_form_data(email),
    )


def test_adding_a_new_person_mails_a_link_with_which_they_choose_a_password(
    client, org, author, django_capture_on_commit_callbacks
):
    client.login(username=author.username, password=factories.PASSWORD)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _add_person(client, org, "nieuw@example.test")

    assert response.status_code == 302
    assert len(callbacks) == 1  # queued only after the new user was committed
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.test"]
    assert org.name in message.subject
    with translation.override("nl"):
        assert translation.gettext("Choose your password with this link:") in message.body
    assert org.name in message.body
    assert choose_password_with(password_link(message.body), "nieuw@example.test")


def test_adding_someone_who_already_has_an_account_sends_no_invitation(
    client, org, author, other_org, django_capture_on_commit_callbacks
):
    existing = factories.person(other_org, roles=["viewer"], email="bestaand@example.test")
    client.login(username=author.username, password=factories.PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = _add_person(client, org, existing.email)

    assert response.status_code == 302
    assert mail.outbox == []


def test_no_invitation_leaves_when_the_transaction_is_rolled_back(org, author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.person_invite(
            actor=author, organisation=org, email="weg@example.test", first_name="A", last_name="B", roles=["viewer"]
        )
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1

    class AbortError(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(AbortError):
        from django.db import transaction

        with transaction.atomic():
            services.person_invite(
                actor=author, organisation=org, email="nooit@example.test", first_name="A", last_name="B",
                roles=["viewer"],
            )
            raise AbortError
    assert callbacks == []
    assert len(mail.outbox) == 1
    assert not User.objects.filter(email="nooit@example.test").exists()


def test_the_task_sends_nothing_for_a_user_who_no_longer_exists(org, author):
    tasks.send_invitation.delay(user_id=999_999, organisation_id=org.pk, domain="testserver", protocol="http",
                                language="nl")
    assert mail.outbox == []

    tasks.send_invitation.delay(user_id=author.pk, organisation_id=org.pk, domain="testserver", protocol="http",
                                language="nl")
    assert len(mail.outbox) == 1
