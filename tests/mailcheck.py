"""Helpers for tests that read invitation e-mails: find the link, and prove that it works."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

LINK = re.compile(r"https?://[^\s/]+(/account/(?:wachtwoord/nieuw|uitnodiging)/[^/\s]+/[^/\s]+/)")

SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def person_form_data(email: str, *, first_name: str = "Nieuwe", last_name: str = "Teamleider") -> dict:
    """What the "add a person" form posts for a new viewer (the body rows say: no memberships)."""
    return {
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "roles": ["viewer"],
        **{f"position_{kind}": "member" for kind in ("board", "or", "var", "cr")},
    }


def messages_in(directory: Path) -> list[Message]:
    """The e-mails Django's file-based backend wrote to ``directory`` (several per file possible)."""
    found = []
    for path in sorted(directory.glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                found.append(message_from_bytes(chunk.lstrip(b"\n")))
    return found


def body_of(message: Message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def password_link(body: str) -> str:
    """The path of the choose-your-password link in an invitation body."""
    match = LINK.search(body)
    assert match, f"no password link in:\n{body}"
    return match.group(1)


NEW_PASSWORD = "a-new-password-for-the-invitee-42"  # noqa: S105 - test data


def choose_password_with(path: str, email: str, password: str = NEW_PASSWORD) -> bool:
    """Follow the invitation link as the invitee, choose a password, and log in with it."""
    browser = Client()
    response = browser.get(path, follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.content.decode(), "the link did not open the password form"
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    done = browser.post(form_url, {"new_password1": password, "new_password2": password})
    assert done.status_code == 302
    # A password reset ends on its "done" page; an invitation signs in and opens the set-up guide
    # (an L&D author) or the dashboard.
    assert done.url == reverse("password_reset_complete") or done.url == reverse("plans:dashboard") or (
        done.url.endswith("/opzetten/")
    )
    return Client().login(request=HttpRequest(), username=email, password=password)
