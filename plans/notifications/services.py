"""Telling the people who must act: a notification in the app, and an e-mail after the commit.

The lifecycle services call :func:`notify` inside their transaction; the rows are part of it,
and the e-mail task is queued with ``transaction.on_commit`` so that a worker never looks for a
notification that was rolled back or is not committed yet (style.md, the pretix lesson).
Texts are rendered when shown, in the reader's language; e-mails in the recipient's language
(Dutch unless they chose English).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.content.models import Plan
from plans.notifications.models import Notification, NotificationKind
from soplan import queue
from soplan.text import clean_text
from stakeholders.access import scope_for_user
from stakeholders.models import UserProfile

SEND_EMAILS_TASK = "plans.tasks.send_notification_emails"  # the Celery task (plans.notifications.tasks)


def _messages() -> dict[str, str]:
    return {
        NotificationKind.SUBMITTED: _(
            "%(actor)s submitted “%(plan)s” (version %(version)s) to the board. "
            "Please approve it or return it with reasons."
        ),
        NotificationKind.RETURNED: _("The board returned “%(plan)s” with these reasons: %(reasons)s"),
        NotificationKind.APPROVED: _("The board approved “%(plan)s” (version %(version)s)."),
        NotificationKind.CONSENT_REQUESTED: _(
            "Consent is requested from the %(body)s on “%(plan)s” (version %(version)s). "
            "Please record the decision before %(deadline)s."
        ),
        NotificationKind.CONSENT_REFUSED: _(
            "The %(body)s refused consent on “%(plan)s”: %(reasons)s The plan is a draft again."
        ),
        NotificationKind.ADOPTED: _(
            "“%(plan)s” is adopted: every required body consented. "
            "Mark it as sent once it went to the zorgkantoor."
        ),
        NotificationKind.STATEMENT_ISSUED: _(
            "The board issued the board statement %(year)s for “%(plan)s”. "
            "Please co-sign it for the %(body)s."
        ),
        NotificationKind.STATEMENT_COMPLETE: _(
            "The board statement %(year)s for “%(plan)s” was co-signed by every body."
        ),
        NotificationKind.CONSULTATION_OPENED: _(
            "%(actor)s put “%(plan)s” out for consultation until %(deadline)s. Please read the plan "
            "and give your comments; line managers can also submit their teams' wishes."
        ),
        NotificationKind.CONSULTATION_CLOSED: _(
            "The consultation on “%(plan)s” was closed. Thank you for your comments; the reactions "
            "are on the plan's alignment page."
        ),
        NotificationKind.COMMENT_ANSWERED: _("%(actor)s answered your comment on “%(plan)s”: %(reaction)s"),
    }


def _variant(kind: str, values: dict[str, str]) -> str | None:
    """Texts that depend on what the context holds (no closing date, a wish taken up)."""
    if kind == NotificationKind.CONSULTATION_OPENED and not values.get("deadline"):
        return _(
            "%(actor)s put “%(plan)s” out for consultation. Please read the plan and give your "
            "comments; line managers can also submit their teams' wishes."
        )
    if kind == NotificationKind.COMMENT_ANSWERED and values.get("code"):
        if values.get("reaction"):
            return _(
                "%(actor)s took up your wish in “%(plan)s” as learning intervention %(code)s: %(reaction)s"
            )
        return _("%(actor)s took up your wish in “%(plan)s” as learning intervention %(code)s.")
    return None


def message(notification: Notification) -> str:
    """The notification's text in the active language."""
    values: dict[str, str] = defaultdict(str, notification.context or {})
    if values.get("deadline"):
        try:
            values["deadline"] = date_format(dt.date.fromisoformat(values["deadline"]))
        except ValueError:
            pass
    template = _variant(notification.kind, values) or _messages().get(
        notification.kind, notification.get_kind_display()
    )
    text = template % values
    if notification.kind == NotificationKind.CONSULTATION_OPENED and values.get("note"):
        text += " " + _("Message: %(note)s") % {"note": values["note"]}
    return text


def notify(*, users, plan: Plan, kind: str, url: str, context: dict | None = None, actor=None) -> list[Notification]:
    """Notify ``users`` (not the actor themselves) in the app now and by e-mail after the commit."""
    recipients = {}
    for user in users:
        if user is None or not user.is_active:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        recipients[user.pk] = user
    if not recipients:
        return []
    rows = Notification.objects.bulk_create(
        Notification(user=user, plan=plan, kind=kind, url=url, context=context or {})
        for user in recipients.values()
    )
    ids = [row.pk for row in rows]

    queue.send_on_commit(SEND_EMAILS_TASK, ids)
    return rows


def resolve(*, plan: Plan, kinds, url: str | None = None) -> int:
    """The thing a notification asked for was done (by whoever): mark it read for everybody."""
    qs = Notification.objects.filter(plan=plan, kind__in=list(kinds), read_at__isnull=True)
    if url is not None:
        qs = qs.filter(url=url)
    return qs.update(read_at=timezone.now())


def for_user(user):
    """The user's notifications, only of organisations they still hold a role in."""
    return scope_for_user(user, Notification.objects.filter(user=user))


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return for_user(user).filter(read_at__isnull=True).count()


def mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications (or all of them) as read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())


def _language(user) -> str:
    language = UserProfile.objects.filter(user=user).values_list("language", flat=True).first()
    supported = {code for code, _name in settings.LANGUAGES}
    return language if language in supported else settings.LANGUAGE_CODE


def hand_over_pending(*, now=None) -> list[int]:
    """The sweep (Celery beat): hand over again the e-mails of notifications written more than the
    grace ago and not e-mailed yet (their hand-over may have been refused, the broker down).
    ``send_emails`` claims each row first, so a second hand-over sends nothing twice."""
    now = now or timezone.now()
    ids = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            user__is_active=True,
            created_at__lt=now - dt.timedelta(seconds=settings.SOPLAN_OUTBOX_GRACE),
            created_at__gte=now - dt.timedelta(seconds=settings.SOPLAN_OUTBOX_MAX_AGE),
        )
        .exclude(user__email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if ids and not queue.send(SEND_EMAILS_TASK, ids):
        return []
    return ids


def send_emails(notification_ids: list[int]) -> int:
    """Send the e-mail of each notification once (a notification already e-mailed is skipped)."""
    sent = 0
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "user", "plan__organisation"
    )
    for notification in pending:
        user = notification.user
        if not user.email:
            continue
        # Claim it first so that two workers never send the same e-mail twice.
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        try:
            with translation.override(_language(user)):
                context = {
                    "notification": notification,
                    "message": message(notification),
                    "plan": notification.plan,
                    "organisation": notification.plan.organisation,
                    "link": settings.SOPLAN_BASE_URL.rstrip("/") + notification.url,
                    "user": user,
                }
                # Plan texts stored before input was cleaned may hold control characters; a NUL
                # or an escape sequence has no place in a mail (servers refuse NUL, terminals obey ESC).
                subject = clean_text(render_to_string("emails/notification_subject.txt", context))
                body = clean_text(render_to_string("emails/notification.txt", context))
            send_mail(" ".join(subject.split()), body, None, [user.email])
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)  # try again later
            raise
        sent += 1
    return sent
