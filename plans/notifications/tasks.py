"""Celery task of the notifications: a thin adapter (ids in, call a service, nothing else)."""

from __future__ import annotations

from celery import shared_task

from plans.notifications import services


@shared_task(name=services.SEND_EMAILS_TASK, ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(notification_ids: list[int]) -> None:
    """E-mail the notifications that were not e-mailed yet (safe to run twice)."""
    services.send_emails(notification_ids)
