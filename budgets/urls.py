from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("plannen/<id:plan>/begroting/", views.overview, name="overview"),
]
