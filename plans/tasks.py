"""The Celery tasks of the plans app, gathered here for Celery's autodiscovery.

Each package keeps its own ``tasks.py`` (thin adapters); services queue them by their names
(``soplan.queue.send``), so no service imports the task module that imports the service.
"""

from celery import shared_task

from plans.documents import services as documents
from plans.documents.tasks import render_document  # noqa: F401
from plans.notifications import services as notifications
from plans.notifications.tasks import send_notification_emails  # noqa: F401
from stakeholders import services as stakeholders

HAND_OVER_TASK = "plans.hand_over_pending"  # settings.CELERY_BEAT_SCHEDULE runs it every minute


@shared_task(name=HAND_OVER_TASK, ignore_result=True, acks_late=False)
def hand_over_pending() -> None:
    """The outbox sweep (soplan/queue.py): e-mails and invitations not handed over, documents stuck."""
    notifications.hand_over_pending()
    documents.requeue_stuck()
    stakeholders.hand_over_pending_invitations()
