"""The Celery tasks of the plans app, gathered here for Celery's autodiscovery.

Each package keeps its own ``tasks.py`` (thin adapters); services queue them by their names
(``soplan.queue.send``), so no service imports the task module that imports the service.
"""

from plans.documents.tasks import render_document  # noqa: F401
from plans.notifications.tasks import send_notification_emails  # noqa: F401
