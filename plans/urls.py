from django.urls import path

from plans.alignment import views as alignment_views
from plans.approval import views as lifecycle_views
from plans.content import views
from plans.documents import views as document_views

app_name = "plans"

P = "plannen/<id:plan>/"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("o/<slug:org>/plannen/nieuw/", views.plan_create, name="plan_create"),
    path(P, views.plan_detail, name="plan"),
    path(P + "geschiedenis/", views.plan_history, name="history"),
    path(P + "algemeen/", views.plan_edit, name="plan_edit"),
    path(P + "koers/", views.koers, name="koers"),
    path(P + "themas/", views.themes, name="themes"),
    path(P + "themas/nieuw/", views.theme_form, name="theme_add"),
    path(P + "themas/<id:theme>/", views.theme_form, name="theme_edit"),
    path(P + "themas/<id:theme>/verwijderen/", views.theme_delete, name="theme_delete"),
    path(P + "themas/<id:theme>/doelstellingen/nieuw/", views.objective_form, name="objective_add"),
    path(
        P + "themas/<id:theme>/doelstellingen/<id:objective>/",
        views.objective_form,
        name="objective_edit",
    ),
    path(P + "doelstellingen/<id:objective>/verwijderen/", views.objective_delete, name="objective_delete"),
    path(P + "verplaats/<str:kind>/<id:pk>/<str:direction>/", views.move, name="move"),
    path(P + "visie-op-leren/", views.vision, name="vision"),
    path(P + "interventies/", views.interventions, name="interventions"),
    path(P + "interventies/nieuw/", views.intervention_form, name="intervention_add"),
    path(P + "interventies/<id:intervention>/", views.intervention_form, name="intervention_edit"),
    path(
        P + "interventies/<id:intervention>/verwijderen/",
        views.intervention_delete,
        name="intervention_delete",
    ),
    path(P + "kwalificatiemix/", views.qualification, name="qualification"),
    path(P + "kwalificatiemix/<id:unit>/", views.qualification_unit, name="qualification_unit"),
    path(P + "formatie/", views.formation, name="formation"),
    path(P + "formatie/<id:unit>/", views.formation_unit, name="formation_unit"),
    path(P + "verbeteracties/", views.actions, name="actions"),
    path(P + "verbeteracties/nieuw/", views.action_form, name="action_add"),
    path(P + "verbeteracties/<id:action>/", views.action_form, name="action_edit"),
    path(P + "verbeteracties/<id:action>/verwijderen/", views.action_delete, name="action_delete"),
    path(P + "voorbeeld/", views.preview, name="preview"),
    # Step 4: alignment with stakeholders (plans.alignment_views).
    path(P + "afstemming/", alignment_views.alignment_page, name="alignment"),
    path(P + "afstemming/openen/", alignment_views.consultation_open, name="consultation_open"),
    path(P + "afstemming/sluiten/", alignment_views.consultation_close, name="consultation_close"),
    path(
        P + "afstemming/opmerkingen/<id:comment>/reageren/",
        alignment_views.comment_handle,
        name="comment_handle",
    ),
    path(
        P + "afstemming/wensen/<id:comment>/leerinterventie/",
        alignment_views.wish_intervention,
        name="wish_intervention",
    ),
    # Step 6: approval and consent (plans.lifecycle_views).
    path(P + "goedkeuring/", lifecycle_views.approval, name="approval"),
    path(P + "indienen/", lifecycle_views.submit, name="submit"),
    path(P + "goedkeuring/goedkeuren/", lifecycle_views.approve, name="approve"),
    path(P + "goedkeuring/terugsturen/", lifecycle_views.return_plan, name="return_plan"),
    path(P + "instemming/vragen/", lifecycle_views.request_consent, name="request_consent"),
    path(P + "instemming/<id:body>/", lifecycle_views.record_consent, name="record_consent"),
    path(P + "verstuurd/", lifecycle_views.mark_sent, name="mark_sent"),
    path(P + "wijzigen/", lifecycle_views.start_change, name="start_change"),
    path(P + "versies/<id:version>/", lifecycle_views.version_detail, name="version"),
    path(P + "tijdlijn/", lifecycle_views.timeline, name="timeline"),
    path(P + "bestuursverklaring/nieuw/", lifecycle_views.statement_add, name="statement_add"),
    path(P + "bestuursverklaring/<id:statement>/", lifecycle_views.statement_detail, name="statement"),
    path(
        P + "bestuursverklaring/<id:statement>/ondertekenen/<id:body>/",
        lifecycle_views.statement_sign,
        name="statement_sign",
    ),
    path("meldingen/", lifecycle_views.notification_list, name="notifications"),
    path("meldingen/gelezen/", lifecycle_views.notifications_read, name="notifications_read"),
    path("meldingen/<id:notification>/", lifecycle_views.notification_open, name="notification_open"),
    path(P + "documenten/", document_views.documents_page, name="documents"),
    path(P + "documenten/aanvragen/", document_views.document_request, name="document_request"),
    path(P + "documenten/<id:document>/", document_views.document_status, name="document_status"),
    path(P + "documenten/<id:document>/pdf/", document_views.document_download, name="document_download"),
]
