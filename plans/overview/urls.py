"""The plan as a whole (included by ``plans.urls``, namespace ``plans``)."""

from django.urls import path

from plans.overview import views
from plans.paths import P

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(P, views.plan_detail, name="plan"),
    path(P + "geschiedenis/", views.plan_history, name="history"),
]
