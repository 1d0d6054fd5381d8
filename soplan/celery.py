"""The Celery application. Settings live in soplan.settings under the CELERY_ namespace."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soplan.settings")

app = Celery("soplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
