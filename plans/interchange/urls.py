"""The plan file: download a plan as JSON, import one (included by ``plans.urls``)."""

from django.urls import path

from plans.interchange import views
from plans.paths import P

urlpatterns = [
    path(P + "planbestand/", views.plan_file, name="plan_file"),
    path("o/<slug:org>/plannen/importeren/", views.plan_import, name="plan_import"),
]
