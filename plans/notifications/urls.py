"""A person's notifications (included by ``plans.urls``, namespace ``plans``)."""

from django.urls import path

from plans.notifications import views

urlpatterns = [
    path("meldingen/", views.notification_list, name="notifications"),
    path("meldingen/gelezen/", views.notifications_read, name="notifications_read"),
    path("meldingen/<id:notification>/", views.notification_open, name="notification_open"),
]
