"""Steps 1–3: the plan, its themes, vision, interventions and figures (included by ``plans.urls``, namespace ``plans``)."""

from django.urls import path

from plans.content import figures_views, views
from plans.paths import P

urlpatterns = [
    path("o/<slug:org>/plannen/nieuw/", views.plan_create, name="plan_create"),
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
    path(P + "interventies/matrix/", views.interventions_matrix, name="interventions_matrix"),
    path(P + "interventies/nieuw/", views.intervention_form, name="intervention_add"),
    path(P + "interventies/<id:intervention>/", views.intervention_form, name="intervention_edit"),
    path(
        P + "interventies/<id:intervention>/verwijderen/",
        views.intervention_delete,
        name="intervention_delete",
    ),
    path(P + "kwalificatiemix/", figures_views.qualification, name="qualification"),
    path(P + "kwalificatiemix/<id:unit>/", figures_views.qualification_unit, name="qualification_unit"),
    path(P + "formatie/", figures_views.formation, name="formation"),
    path(P + "importeren/<str:kind>/", figures_views.figures_import, name="figures_import"),
    path(P + "importeren/<str:kind>/sjabloon/", figures_views.figures_template, name="figures_template"),
    path(P + "formatie/<id:unit>/", figures_views.formation_unit, name="formation_unit"),
    path(P + "verbeteracties/", views.actions, name="actions"),
    path(P + "verbeteracties/nieuw/", views.action_form, name="action_add"),
    path(P + "verbeteracties/<id:action>/", views.action_form, name="action_edit"),
    path(P + "verbeteracties/<id:action>/verwijderen/", views.action_delete, name="action_delete"),
    path(P + "voorbeeld/", views.preview, name="preview"),
]
