"""Project-level views: the health check and the error pages."""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
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


# --- Error pages ------------------------------------------------------------------------------
# In the site's layout and the user's language (the language middleware ran before the view
# that failed). 400 and 500 stay Django's handlers: they render 400.html and 500.html without a
# request, as they must when the request itself or the database is what failed.


def _came_from(request: HttpRequest) -> str | None:
    """The page of this site that led here (the Referer), for a way back; never another site."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return None


def _error_page(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    return render(request, template, {"back_url": _came_from(request), **context}, status=status)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403. The exception's text is not shown: it is technical and in English."""
    return _error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404. The exception's text is not shown: it names models and queries."""
    return _error_page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form from a stale page (or without cookies) is refused, with a way back."""
    return _error_page(request, "403_csrf.html", 403, no_cookie=reason == REASON_NO_CSRF_COOKIE)
