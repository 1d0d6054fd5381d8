"""Per-user interface language: the user's own choice, Dutch for everyone else."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode

from . import second_factor
from .models import UserProfile


class UserLanguageMiddleware:
    """Activate the language from the user's profile (after AuthenticationMiddleware).

    Anonymous visitors get the language cookie set by the login page's switch, or Dutch, the
    product's default; the browser's Accept-Language is deliberately ignored so that the same
    link shows the same page to everybody in the organisation.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = None
        if request.user.is_authenticated:
            language = (
                UserProfile.objects.filter(user=request.user)
                .values_list("language", flat=True)
                .first()
            )
        if language is None:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class SecondFactorSignInMiddleware:
    """After the password (or the organisation's sign-in), a person with an authenticator app
    gives its code before any other page (stakeholders.second_factor; docs/security.md).

    Reads only the session flag set at login, so a page costs no extra query. The code page,
    signing out and the language switch stay open."""

    OPEN = {"second_factor_verify", "logout", "set_language", "login"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and second_factor.sign_in_pending(request):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in self.OPEN:
                if request.user.is_verified():
                    request.session.pop(second_factor.SIGN_IN_PENDING, None)
                else:
                    target = reverse("second_factor_verify")
                    if request.method == "GET":
                        target += "?" + urlencode({"next": request.get_full_path()})
                    return redirect(target)
        return self.get_response(request)
