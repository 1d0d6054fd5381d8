"""Per-user interface language: the user's own choice, Dutch for everyone else."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

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
