"""What a person must act on or know about: one row per person and event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.content.models import Plan
from stakeholders.models import Organisation


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("Plan submitted to the board")
    RETURNED = "returned", _("Plan returned by the board")
    APPROVED = "approved", _("Plan approved by the board")
    CONSENT_REQUESTED = "consent_requested", _("Consent requested")
    CONSENT_REFUSED = "consent_refused", _("Consent refused")
    ADOPTED = "adopted", _("Plan adopted")
    STATEMENT_ISSUED = "statement_issued", _("Board statement to co-sign")
    STATEMENT_COMPLETE = "statement_complete", _("Board statement co-signed")
    CONSULTATION_OPENED = "consultation_opened", _("Plan open for comments")
    CONSULTATION_CLOSED = "consultation_closed", _("Consultation closed")
    COMMENT_ANSWERED = "comment_answered", _("Your comment was answered")


class Notification(models.Model):
    """A message in the app (and by e-mail) to a person who must act on a plan."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    ORGANISATION_LOOKUP = "plan__organisation"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()}"

    @property
    def organisation(self) -> Organisation:
        return self.plan.organisation
