"""Response headers Django's own SecurityMiddleware does not set."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) to every response: soplan uses
    no camera, microphone, location or payment, so no page (nor anything injected into one) may."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.value = ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response


class DeferredWorkMiddleware:
    """Tells the user when e-mails or documents wait for the background service.

    ``soplan.queue`` notes a hand-over the broker refused; the change itself is saved and the
    work is kept in the database (the outbox), so the page says it will follow. Placed after
    MessageMiddleware, so that the message is stored with a redirect too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.contrib import messages
        from django.utils.translation import gettext as _

        from soplan import queue

        queue.reset()
        response = self.get_response(request)
        if queue.deferred():
            queue.reset()
            messages.warning(
                request,
                _("Your change is saved. The background service is not available right now; the "
                  "e-mails and documents that go with it will follow as soon as it is back."),
                fail_silently=True,
            )
        return response
