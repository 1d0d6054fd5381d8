"""Queueing background work by task name (the one seam between services and Celery).

Services name the task they want (``"plans.render_document"``); the ``tasks.py`` adapters import
the services. So no service imports the module that imports it, and a queued message keeps its
name when code moves. The apps import their task modules at start-up (``AppConfig.ready``), so the
names are known in every process, the web process in the embedded default included.

The broker may be down. What a task must do is always kept in the database first, in the same
transaction as the change (a notification without ``emailed_at``, a document "queued"): that is
the outbox. Handing it to Celery after the commit is only the fast path; when the broker refuses,
the hand-over is logged and noted (:func:`deferred`, which the page turns into "will follow"), the
user's action still succeeds, and the beat task ``plans.hand_over_pending`` hands it over again
once the broker is back. The tasks are idempotent on their rows (a notification is claimed before
its e-mail is sent, a document before it is rendered), so a second hand-over sends or renders
nothing twice.
"""

from __future__ import annotations

import contextvars
import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# Set when a hand-over failed in this request (or task); read by soplan.middleware.
_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("soplan_queue_deferred", default=False)

BROKER_ERRORS: tuple[type[BaseException], ...] = (BrokerError, ConnectionError, OSError, TimeoutError)


def send(task_name: str, *args, **kwargs) -> bool:
    """Queue the task now: for a worker, or run it in this process when there is no broker.

    Returns False (and logs) when the broker cannot be reached: the work stays in its outbox
    rows and ``plans.hand_over_pending`` hands it over later.
    """
    try:
        current_app.tasks[task_name].delay(*args, **kwargs)
    except BROKER_ERRORS as exc:
        logger.warning("broker unavailable, %s stays pending in the database: %r", task_name, exc)
        _deferred.set(True)
        return False
    return True


def send_on_commit(task_name: str, *args, **kwargs) -> None:
    """Queue the task once the current transaction commits (at once outside one).

    A worker is another process: queued earlier, it could look for a row that is not committed
    yet, or that never will be (pretix's lesson).
    """
    transaction.on_commit(lambda: send(task_name, *args, **kwargs))


def send_after_commit_or_now(task_name: str, **kwargs) -> None:
    """Like :func:`send_on_commit` with a broker; without one (eager tasks) run it right away,
    inside this transaction, so that it sees this transaction's rows as the caller does."""
    if current_app.conf.task_always_eager:
        send(task_name, **kwargs)
    else:
        send_on_commit(task_name, **kwargs)


def deferred() -> bool:
    """Whether a hand-over failed since :func:`reset` (the work will follow later)."""
    return _deferred.get()


def reset() -> None:
    _deferred.set(False)
