"""Project-level views: the health check."""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not healthy"; details go to the log
        log.exception("health check: database unreachable")
        return "error"
    return "ok"


def _broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"  # embedded default: tasks run in the web process, no broker to ask
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except Exception:  # noqa: BLE001 - any failure means "not healthy"; details go to the log
        log.exception("health check: broker unreachable")
        return "error"
    return "ok"


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Public by design: load balancers and container health checks call it without a login.

    It says only whether the parts work, never where they are.
    """
    state = {"database": _database_state(), "broker": _broker_state()}
    healthy = all(value in {"ok", "eager"} for value in state.values())
    return JsonResponse({"status": "ok" if healthy else "error", **state}, status=200 if healthy else 503)
