"""Step 6: submission, approval, consent, versions, board statements (included by ``plans.urls``, namespace ``plans``)."""

from django.urls import path

from plans.approval import views
from plans.paths import P

urlpatterns = [
    path(P + "goedkeuring/", views.approval, name="approval"),
    path(P + "indienen/", views.submit, name="submit"),
    path(P + "goedkeuring/goedkeuren/", views.approve, name="approve"),
    path(P + "goedkeuring/terugsturen/", views.return_plan, name="return_plan"),
    path(P + "instemming/vragen/", views.request_consent, name="request_consent"),
    path(P + "instemming/<id:body>/", views.record_consent, name="record_consent"),
    path(P + "verstuurd/", views.mark_sent, name="mark_sent"),
    path(P + "wijzigen/", views.start_change, name="start_change"),
    path(P + "versies/<id:version>/", views.version_detail, name="version"),
    path(P + "tijdlijn/", views.timeline, name="timeline"),
    path(P + "bestuursverklaring/nieuw/", views.statement_add, name="statement_add"),
    path(P + "bestuursverklaring/<id:statement>/", views.statement_detail, name="statement"),
    path(
        P + "bestuursverklaring/<id:statement>/ondertekenen/<id:body>/",
        views.statement_sign,
        name="statement_sign",
    ),
]
