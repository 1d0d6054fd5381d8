"""The regional layer (included by ``plans.urls``)."""

from django.urls import path

from plans.regional import views

urlpatterns = [
    path("regio/", views.regions, name="regions"),
    path("regio/<slug:region>/", views.region_dashboard, name="region_dashboard"),
    path("regio/<slug:region>/excel/", views.region_excel, name="region_excel"),
    path("regio/<slug:region>/monitor/", views.region_monitor, name="region_monitor"),
    path("regio/<slug:region>/monitor/<id:document>/", views.region_monitor_status, name="region_monitor_status"),
    path("regio/<slug:region>/monitor/<id:document>/pdf/", views.region_monitor_download,
         name="region_monitor_download"),
    path("regio/<slug:region>/doe-agenda/", views.agenda, name="region_agenda"),
    path("regio/<slug:region>/doe-agenda/<id:regional_action>/", views.action_edit, name="region_action"),
    path("o/<slug:org>/regio-delen/", views.sharing, name="region_sharing"),
    path("o/<slug:org>/doe-agenda/", views.member_agenda, name="member_agenda"),
]
