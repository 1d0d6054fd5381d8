"""The regional layer (included by ``plans.urls``)."""

from django.urls import path

from plans.regional import views

urlpatterns = [
    path("regio/", views.regions, name="regions"),
    path("regio/<slug:region>/", views.region_dashboard, name="region_dashboard"),
    path("o/<slug:org>/regio-delen/", views.sharing, name="region_sharing"),
]
