"""The yearly evaluation (R17) and the statement drawn from it (included by ``plans.urls``)."""

from django.urls import path

from plans.evaluation import views
from plans.paths import P

urlpatterns = [
    path(P + "evaluatie/", views.evaluations, name="evaluations"),
    path(P + "evaluatie/volgende-cyclus/", views.next_cycle, name="next_cycle"),
    path(P + "evaluatie/<int:year>/", views.evaluation, name="evaluation"),
    path(P + "evaluatie/<int:year>/afsluiten/", views.close, name="evaluation_close"),
    path(P + "evaluatie/<int:year>/opmerkingen/", views.comment, name="evaluation_comment"),
    path(P + "evaluatie/<int:year>/opmerkingen/<id:comment>/reactie/", views.comment_react,
         name="evaluation_comment_react"),
    path(P + "evaluatie/<int:year>/bewijs/", views.evidence_upload, name="evidence_upload"),
    path(P + "evaluatie/<int:year>/bewijs/<id:file>/", views.evidence_download, name="evidence_download"),
    path(P + "evaluatie/<int:year>/pdf/", views.report, name="evaluation_report"),
    path(P + "evaluatie/<int:year>/bestuursverklaring/", views.statement, name="evaluation_statement"),
]
