"""Celery adapters for plans: ids in, a service call, nothing else (style.md, habit 4)."""

from __future__ import annotations

from celery import shared_task

from . import notifications


@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(notification_ids: list[int]) -> None:
    """E-mail the notifications that were not e-mailed yet (safe to run twice)."""
    notifications.send_emails(notification_ids)
