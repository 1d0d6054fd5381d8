"""The URLs of the plans app, one list per package of the cycle (namespace ``plans``)."""

from plans.alignment.urls import urlpatterns as alignment
from plans.approval.urls import urlpatterns as approval
from plans.content.urls import urlpatterns as content
from plans.documents.urls import urlpatterns as documents
from plans.evaluation.urls import urlpatterns as evaluation
from plans.interchange.urls import urlpatterns as interchange
from plans.notifications.urls import urlpatterns as notifications
from plans.overview.urls import urlpatterns as overview
from plans.regional.urls import urlpatterns as regional

app_name = "plans"

urlpatterns = overview + content + alignment + approval + notifications + documents + evaluation + interchange + regional
