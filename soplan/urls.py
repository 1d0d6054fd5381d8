from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from soplan.fields import IdConverter
from stakeholders import account_views, oidc
from stakeholders.views import invitation_accept, organisation_start, set_language

from . import views

register_converter(IdConverter, "id")

urlpatterns = [
    path("", include("plans.urls")),
    path("o/<slug:org>/", include("stakeholders.urls")),
    path("", include("budgets.urls")),
    path("account/inloggen/", oidc.LoginView.as_view(), name="login"),
    # Organisation accounts (OpenID Connect): 404 while it is not configured.
    path("account/organisatie/inloggen/", oidc.authenticate_view, name="oidc_authentication_init"),
    path("account/organisatie/terug/", oidc.callback_view, name="oidc_authentication_callback"),
    path("account/uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/organisatie-starten/", organisation_start, name="organisation_start"),
    path("account/uitnodiging/<uidb64>/<token>/", invitation_accept, name="invitation_accept"),
    path("account/taal/", set_language, name="set_language"),
    path("account/tweede-factor/", account_views.overview, name="second_factor"),
    path("account/tweede-factor/bevestigen/", account_views.verify, name="second_factor_verify"),
    path("account/tweede-factor/herstelcodes/", account_views.codes, name="second_factor_codes"),
    path("account/tweede-factor/verwijderen/", account_views.remove, name="second_factor_remove"),
    path(
        "account/wachtwoord/wijzigen/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "account/wachtwoord/vergeten/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "account/wachtwoord/vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/wachtwoord/nieuw/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/wachtwoord/nieuw/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler403 = "soplan.views.permission_denied"
handler404 = "soplan.views.page_not_found"

admin.site.site_header = "soplan"
admin.site.site_title = "soplan"
