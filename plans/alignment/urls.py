"""Step 4: consultation, comments and team wishes (included by ``plans.urls``, namespace ``plans``)."""

from django.urls import path

from plans.alignment import views
from plans.paths import P

urlpatterns = [
    path(P + "afstemming/", views.alignment_page, name="alignment"),
    path(P + "afstemming/openen/", views.consultation_open, name="consultation_open"),
    path(P + "afstemming/sluiten/", views.consultation_close, name="consultation_close"),
    path(
        P + "afstemming/opmerkingen/<id:comment>/reageren/",
        views.comment_handle,
        name="comment_handle",
    ),
    path(
        P + "afstemming/wensen/<id:comment>/leerinterventie/",
        views.wish_intervention,
        name="wish_intervention",
    ),
]
