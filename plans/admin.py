"""The admin for step 6: evidence is readable, never editable (decisions, versions, history)."""

from django.contrib import admin

from plans.alignment.models import Comment, Consultation
from plans.approval.models import (
    BoardStatement,
    ConsentRequest,
    Decision,
    StatementSignature,
    ZorgkantoorSubmission,
)
from plans.content.models import PlanTransition, PlanVersion
from plans.notifications.models import Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    """Site administrators may look, but nobody adds, changes or deletes through the admin:
    these rows are written by plans.lifecycle only, and decisions are append-only (the model and
    the database refuse changes too)."""

    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "body_name", "decision", "actor_name", "position", "version", "version_sha256"]
    list_filter = ["decision", "body_kind"]
    search_fields = ["body_name", "actor_name", "version_sha256"]


@admin.register(BoardStatement)
class BoardStatementAdmin(ReadOnlyAdmin):
    list_display = ["issued_at", "plan", "year", "objectives_met", "actor_name"]
    list_filter = ["year", "objectives_met"]


@admin.register(StatementSignature)
class StatementSignatureAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "statement", "body_name", "decision", "actor_name"]
    list_filter = ["decision", "body_kind"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "sha256", "created_at"]
    search_fields = ["sha256", "plan__title"]


@admin.register(PlanTransition)
class PlanTransitionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "plan", "action", "from_status", "to_status", "actor_name"]
    list_filter = ["action", "to_status"]


@admin.register(ConsentRequest)
class ConsentRequestAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "version", "body", "reason", "deadline"]


@admin.register(ZorgkantoorSubmission)
class ZorgkantoorSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["recorded_at", "plan", "zorgkantoor", "sent_on", "recorded_by_name"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "plan", "read_at", "emailed_at"]
    list_filter = ["kind"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["opened_at", "plan", "closes_on", "closed_at", "opened_by_name"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    """Comments are written and answered on the plan's alignment page (plans.alignment)."""

    list_display = ["created_at", "plan", "kind", "section", "author_name", "handled_at"]
    list_filter = ["kind", "section"]
    search_fields = ["text", "author_name", "plan__title"]
