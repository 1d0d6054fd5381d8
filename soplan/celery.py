"""The Celery application. Settings live in soplan.settings under the CELERY_ namespace."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soplan.settings")

app = Celery("soplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _tune_worker_process(**_kwargs) -> None:
    from soplan.runtime import tune_gc

    tune_gc()
