"""Deployment checks of our own (``manage.py check --deploy``), next to Django's."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

_LOGGING_MAIL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(Tags.security, deploy=True)
def check_production_mail_and_links(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    problems = []
    if settings.EMAIL_BACKEND in _LOGGING_MAIL:
        problems.append(
            Warning(
                "E-mail is not sent but printed or stored: invitation and password links would end "
                "up in the logs instead of with the person.",
                hint="Set EMAIL_URL (smtp+tls://user:password@host:587) or EMAIL_HOST.",
                id="soplan.W001",
            )
        )
    if settings.SOPLAN_BASE_URL.startswith(("http://127.0.0.1", "http://localhost")):
        problems.append(
            Warning(
                "Links in notification e-mails point at this machine, not at the site.",
                hint="Set SOPLAN_BASE_URL to the address users open, e.g. https://soplan.example.org.",
                id="soplan.W002",
            )
        )
    return problems
