"""The pages a load run visits, by the name its report gives them (``loadtest/locustfile.py``).

Plain Python without Django or locust, so that the locust process needs neither and a test
(tests/test_load_script.py) can check every path against Django's URL patterns: PAGES maps
each report name to (URL name, path template); the templates take the ids of the manifest
(``plan``, ``theme``, ``intervention``, ``body``, ``document``).
"""

from __future__ import annotations

PAGES: dict[str, tuple[str, str]] = {
    "login": ("login", "/account/inloggen/"),
    "dashboard": ("plans:dashboard", "/"),
    "plan overview": ("plans:plan", "/plannen/{plan}/"),
    "general (form)": ("plans:plan_edit", "/plannen/{plan}/algemeen/"),
    "general (save)": ("plans:plan_edit", "/plannen/{plan}/algemeen/"),
    "koers": ("plans:koers", "/plannen/{plan}/koers/"),
    "themes": ("plans:themes", "/plannen/{plan}/themas/"),
    "theme (form)": ("plans:theme_edit", "/plannen/{plan}/themas/{theme}/"),
    "theme (save)": ("plans:theme_edit", "/plannen/{plan}/themas/{theme}/"),
    "vision": ("plans:vision", "/plannen/{plan}/visie-op-leren/"),
    "interventions": ("plans:interventions", "/plannen/{plan}/interventies/"),
    "intervention (form)": ("plans:intervention_edit", "/plannen/{plan}/interventies/{intervention}/"),
    "intervention (save)": ("plans:intervention_edit", "/plannen/{plan}/interventies/{intervention}/"),
    "qualification": ("plans:qualification", "/plannen/{plan}/kwalificatiemix/"),
    "formation": ("plans:formation", "/plannen/{plan}/formatie/"),
    "history": ("plans:history", "/plannen/{plan}/geschiedenis/"),
    "alignment": ("plans:alignment", "/plannen/{plan}/afstemming/"),
    "comment (save)": ("plans:alignment", "/plannen/{plan}/afstemming/"),
    "approval": ("plans:approval", "/plannen/{plan}/goedkeuring/"),
    "timeline": ("plans:timeline", "/plannen/{plan}/tijdlijn/"),
    "consent (form)": ("plans:record_consent", "/plannen/{plan}/instemming/{body}/"),
    "consent (save)": ("plans:record_consent", "/plannen/{plan}/instemming/{body}/"),
    "documents": ("plans:documents", "/plannen/{plan}/documenten/"),
    "document request": ("plans:document_request", "/plannen/{plan}/documenten/aanvragen/"),
    "document status": ("plans:document_status", "/plannen/{plan}/documenten/{document}/"),
    "document download": ("plans:document_download", "/plannen/{plan}/documenten/{document}/pdf/"),
    "notifications": ("plans:notifications", "/meldingen/"),
}


def path(page: str, **ids: int) -> str:
    """The path of ``page`` (a key of PAGES) for the given ids."""
    return PAGES[page][1].format(**ids)
