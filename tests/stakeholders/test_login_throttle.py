"""Password guessing is stopped: after five wrong passwords for one user name from one address,
that combination is locked out for a while, even with the right password (django-axes)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_name_out_even_for_the_right_one(author):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, author.username, "verkeerd")
        assert response.status_code == 200  # the login form again, with its error
        assert "niet bekend" in response.content.decode()
    response = attempt(client, author.username, "verkeerd")  # the fifth
    assert response.status_code == 429

    locked = attempt(client, author.username, factories.PASSWORD)
    assert locked.status_code == 429
    assert "Te veel pogingen" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    # Somebody else, and the same person from another address, can still log in.
    other = factories.person(author.memberships.first().organisation, roles=["viewer"], email="lezer2@example.test")
    assert attempt(Client(), other.username, factories.PASSWORD).status_code == 302
    assert attempt(Client(), author.username, factories.PASSWORD, address="198.51.100.9").status_code == 302


def test_a_successful_login_resets_the_count(author):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, author.username, "verkeerd")
    assert attempt(client, author.username, factories.PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, author.username, "verkeerd").status_code == 200
    assert attempt(client, author.username, factories.PASSWORD).status_code == 302


def _wait(minutes: int) -> None:
    """As if ``minutes`` passed since the recorded failures (axes compares their time with now)."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=minutes))


def test_the_lock_out_lasts_the_cool_off_time_and_trying_again_does_not_extend_it(author):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, author.username, "verkeerd")
    _wait(14)
    assert attempt(client, author.username, factories.PASSWORD).status_code == 429  # not yet
    _wait(2)  # 16 minutes after the lock-out, 2 after the last attempt
    assert attempt(client, author.username, factories.PASSWORD).status_code == 302


def test_successful_logins_are_not_logged_by_the_throttle(author):
    from axes.models import AccessLog

    assert attempt(Client(), author.username, factories.PASSWORD).status_code == 302
    assert AccessLog.objects.count() == 0
