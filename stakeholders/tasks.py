"""Celery adapters for stakeholders: ids in, call the service. No logic lives here."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name=services.SEND_INVITATION)
def send_invitation(*, invitation_id: int) -> None:
    """Send the invitation of an outbox row (``services.person_invite``), once."""
    services.invitation_mail_send(invitation_id)
