"""The PDF documents of a plan (included by ``plans.urls``, namespace ``plans``)."""

from django.urls import path

from plans.documents import views
from plans.paths import P

urlpatterns = [
    path(P + "documenten/", views.documents_page, name="documents"),
    path(P + "documenten/aanvragen/", views.document_request, name="document_request"),
    path(P + "documenten/<id:document>/", views.document_status, name="document_status"),
    path(P + "documenten/<id:document>/pdf/", views.document_download, name="document_download"),
]
