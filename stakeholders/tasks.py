"""Celery adapters for stakeholders: ids in, load, call the service. No logic lives here."""

from __future__ import annotations

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from . import services
from .models import Organisation

log = logging.getLogger(__name__)


@shared_task(name=services.SEND_INVITATION)
def send_invitation(
    *, user_id: int, organisation_id: int, domain: str, protocol: str, language: str
) -> None:
    """Send the invitation queued by ``services.person_invite`` after its transaction committed."""
    user = get_user_model().objects.filter(pk=user_id).first()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if user is None or organisation is None:
        log.warning("invitation not sent: user %s or organisation %s no longer exists", user_id, organisation_id)
        return
    services.invitation_send(
        user=user, organisation=organisation, domain=domain, protocol=protocol, language=language
    )
