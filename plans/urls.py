from django.urls import path

from . import document_views, views

app_name = "plans"

P = "plannen/<int:plan>/"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("o/<slug:org>/plannen/nieuw/", views.plan_create, name="plan_create"),
    path(P, views.plan_detail, name="plan"),
    path(P + "geschiedenis/", views.plan_history, name="history"),
    path(P + "algemeen/", views.plan_edit, name="plan_edit"),
    path(P + "koers/", views.koers, name="koers"),
    path(P + "themas/", views.themes, name="themes"),
    path(P + "themas/nieuw/", views.theme_form, name="theme_add"),
    path(P + "themas/<int:theme>/", views.theme_form, name="theme_edit"),
    path(P + "themas/<int:theme>/verwijderen/", views.theme_delete, name="theme_delete"),
    path(P + "themas/<int:theme>/doelstellingen/nieuw/", views.objective_form, name="objective_add"),
    path(
        P + "themas/<int:theme>/doelstellingen/<int:objective>/",
        views.objective_form,
        name="objective_edit",
    ),
    path(P + "doelstellingen/<int:objective>/verwijderen/", views.objective_delete, name="objective_delete"),
    path(P + "verplaats/<str:kind>/<int:pk>/<str:direction>/", views.move, name="move"),
    path(P + "visie-op-leren/", views.vision, name="vision"),
    path(P + "interventies/", views.interventions, name="interventions"),
    path(P + "interventies/nieuw/", views.intervention_form, name="intervention_add"),
    path(P + "interventies/<int:intervention>/", views.intervention_form, name="intervention_edit"),
    path(
        P + "interventies/<int:intervention>/verwijderen/",
        views.intervention_delete,
        name="intervention_delete",
    ),
    path(P + "kwalificatiemix/", views.qualification, name="qualification"),
    path(P + "kwalificatiemix/<int:unit>/", views.qualification_unit, name="qualification_unit"),
    path(P + "formatie/", views.formation, name="formation"),
    path(P + "formatie/<int:unit>/", views.formation_unit, name="formation_unit"),
    path(P + "verbeteracties/", views.actions, name="actions"),
    path(P + "verbeteracties/nieuw/", views.action_form, name="action_add"),
    path(P + "verbeteracties/<int:action>/", views.action_form, name="action_edit"),
    path(P + "verbeteracties/<int:action>/verwijderen/", views.action_delete, name="action_delete"),
    path(P + "voorbeeld/", views.preview, name="preview"),
    path(P + "goedkeuring/", views.approval, name="approval"),
    path(P + "documenten/", document_views.documents_page, name="documents"),
    path(P + "documenten/aanvragen/", document_views.document_request, name="document_request"),
    path(P + "documenten/<int:document>/", document_views.document_status, name="document_status"),
    path(P + "documenten/<int:document>/pdf/", document_views.document_download, name="document_download"),
]
