from django.urls import path

from . import views

app_name = "budgets"

B = "plannen/<id:plan>/begroting/"
Y = B + "jaarplan/<id:year>/"

urlpatterns = [
    path("o/<slug:org>/door-de-jaren/", views.plan_years, name="plan_years"),
    path(B, views.overview, name="overview"),
    path(B + "raming/", views.estimates, name="estimates"),
    path(B + "jaarplan/", views.yearplan, name="yearplan"),
    path(Y, views.yearplan_year, name="yearplan_year"),
    path(Y + "kopieren/", views.year_copy, name="year_copy"),
    path(Y + "<id:intervention>/", views.line_edit, name="line_edit"),
    path(Y + "<id:intervention>/rij/", views.line_row_view, name="line_row"),
    path(Y + "<id:intervention>/verwijderen/", views.line_delete, name="line_delete"),
    path(B + "financiering/", views.funding, name="funding"),
    path(B + "financiering/<id:year>/", views.funding_year, name="funding_year"),
    path(B + "overzicht/", views.costs, name="costs"),
    path(B + "uitvoering/", views.execution_index, name="execution_index"),
    path(B + "uitvoering/<id:year>/", views.execution, name="execution"),
    path(B + "uitvoering/<id:year>/<id:intervention>/", views.execution_line, name="execution_line"),
    path(B + "excel/", views.excel_download, name="excel"),
]
