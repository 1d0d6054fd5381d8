"""Celery task of the documents: a thin adapter (ids in, call a service, nothing else)."""

from __future__ import annotations

import random

from celery import shared_task

from plans.documents import services as documents

MAX_RETRIES = 3


def backoff(retries: int) -> int:
    """Seconds before the next attempt: 10, 20, 40 … (capped), with jitter against stampedes."""
    return min(300, 10 * 2**retries) + random.randint(0, 5)


@shared_task(bind=True, name=documents.RENDER_TASK, max_retries=MAX_RETRIES, acks_late=True)
def render_document(self, document_id: int) -> None:
    """Render and store one Document (plans.documents.render_and_store)."""
    # A message delivered again after its worker died finds the row still "rendering": take over.
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    try:
        documents.render_and_store(document_id=document_id, takeover=redelivered)
    except Exception as exc:
        if not documents.is_transient(exc):  # pragma: no cover - the service records these itself
            raise
        if self.request.retries >= self.max_retries:
            documents.give_up(document_id=document_id, exc=exc)
            return
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
