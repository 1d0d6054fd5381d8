"""Queueing background work by task name (the one seam between services and Celery).

Services name the task they want (``"plans.render_document"``); the ``tasks.py`` adapters import
the services. So no service imports the module that imports it, and a queued message keeps its
name when code moves. The apps import their task modules at start-up (``AppConfig.ready``), so the
names are known in every process, the web process in the embedded default included.
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction


def send(task_name: str, *args, **kwargs) -> None:
    """Queue the task now: for a worker, or run it in this process when there is no broker."""
    current_app.tasks[task_name].delay(*args, **kwargs)


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
