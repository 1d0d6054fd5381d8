from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.organisation_detail, name="organisation"),
    path("opzetten/", views.setup_guide, name="setup"),
    path("importeren/<str:kind>/", views.hr_import_page, name="hr_import"),
    path("importeren/<str:kind>/sjabloon/", views.hr_template, name="hr_template"),
    path("instellingen/", views.organisation_edit, name="organisation_edit"),
    path("eenheden/nieuw/", views.unit_form, name="unit_add"),
    path("eenheden/<id:unit>/", views.unit_form, name="unit_edit"),
    path("eenheden/<id:unit>/verwijderen/", views.unit_delete, name="unit_delete"),
    path("functiegroepen/nieuw/", views.function_group_form, name="function_group_add"),
    path("functiegroepen/<id:function_group>/", views.function_group_form, name="function_group_edit"),
    path(
        "functiegroepen/<id:function_group>/verwijderen/",
        views.function_group_delete,
        name="function_group_delete",
    ),
    path("mensen/nieuw/", views.person_add, name="person_add"),
    path("mensen/<id:person>/", views.person_edit, name="person_edit"),
    path("mensen/<id:person>/verwijderen/", views.person_remove, name="person_remove"),
    path("organen/<id:body>/", views.body_edit, name="body_edit"),
]
