"""The project's URLs plus the benchmark floors (used only while ``python -m bench`` runs)."""

from django.urls import path

from soplan.urls import urlpatterns as project_urlpatterns

from . import floors

urlpatterns = [
    path("__bench__/trivial/", floors.trivial, name="bench_trivial"),
    path("__bench__/floor/<str:name>/<int:plan>/", floors.floor, name="bench_floor"),
    *project_urlpatterns,
]
