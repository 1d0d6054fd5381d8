"""A person's notifications: the list, opening one, marking all read."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plans.notifications import services as notifications
from plans.notifications.models import Notification
from soplan.ui import safe_next
from stakeholders.access import get_for_user


@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    items = list(notifications.for_user(request.user).select_related("plan")[:200])
    return render(
        request,
        "plans/notifications/notifications.html",
        {"items": [(n, notifications.message(n)) for n in items],
         "unread": sum(1 for n in items if n.read_at is None)},
    )


@require_POST
def notification_open(request: HttpRequest, notification: int) -> HttpResponse:
    item = get_for_user(
        request.user, Notification.objects.filter(user=request.user).select_related("plan__organisation"),
        "plans.read_notification", pk=notification,
    )
    notifications.mark_read(user=request.user, notification=item)
    if request.POST.get("stay"):
        return redirect("plans:notifications")
    return redirect(safe_next(request, item.url, reverse("plans:notifications")))


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    count = notifications.mark_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("plans:notifications")
