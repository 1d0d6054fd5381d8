"""Our own error pages: in the site's layout, in the user's language (Dutch by default), with a way back."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_not_required
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.utils import translation
from django.views import defaults

DASHBOARD = 'href="/"'


@login_not_required
def _broken(request):
    raise RuntimeError("a defect")


# Only for test_an_unexpected_error_answers_with_our_500_page (settings.ROOT_URLCONF).
urlpatterns = [path("kapot/", _broken)]


def heading(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def test_a_refused_page_answers_with_our_403_in_dutch(client_of, viewer, plan):
    response = client_of(viewer).post(reverse("plans:theme_add", kwargs={"plan": plan.pk}), {"title": "X"})
    page = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="nl">' in page and heading(response) == "Geen toegang"
    assert "Forbidden" not in page
    assert DASHBOARD in page and 'id="main-nav"' in page  # the site's layout, menu included


def test_a_missing_page_answers_with_our_404_in_dutch(client_of, author):
    response = client_of(author).get("/plannen/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="nl">' in page and heading(response) == "Pagina niet gevonden"
    assert "Not Found" not in page and DASHBOARD in page


def test_an_unknown_address_answers_with_our_404_also_before_logging_in(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404 and heading(response) == "Pagina niet gevonden"


def test_the_error_page_leads_back_to_the_page_of_this_site_the_user_came_from(client_of, author):
    client = client_of(author)
    came_from = "http://testserver/o/org-a/"
    page = client.get("/plannen/999999/", HTTP_REFERER=came_from).content.decode()
    assert f'href="{came_from}"' in page and "Terug naar de vorige pagina" in page
    elsewhere = client.get("/plannen/999999/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in elsewhere and "Terug naar de vorige pagina" not in elsewhere


def test_an_english_user_gets_the_error_page_in_english(client_of, author):
    client = client_of(author)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/plannen/999999/")
    assert '<html lang="en">' in response.content.decode() and heading(response) == "Page not found"


def main_text(response) -> str:
    return re.search(r'<main id="main".*?</main>', response.content.decode(), re.S).group(0)


def test_a_form_sent_with_a_stale_csrf_token_answers_with_our_page_in_dutch(author, plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    page_url = f"http://testserver{reverse('plans:theme_add', kwargs={'plan': plan.pk})}"
    assert client.get(page_url).status_code == 200  # the form page sets the CSRF cookie
    response = client.post(page_url, {"title": "Mijn titel", "csrfmiddlewaretoken": "x" * 64}, HTTP_REFERER=page_url)
    page = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="nl">' in page and heading(response) == "Het formulier kon niet worden verstuurd"
    assert "CSRF" not in main_text(response) and "Forbidden" not in page and "cookies" not in page
    assert f'href="{page_url}"' in page and DASHBOARD in page  # back to the form, or to the dashboard
    assert not plan.themes.filter(title="Mijn titel").exists()


def test_a_form_sent_without_cookies_says_the_browser_must_accept_them(author, plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)  # a session, but the form page never set a CSRF cookie
    response = client.post(reverse("plans:theme_add", kwargs={"plan": plan.pk}), {"title": "X"})
    assert response.status_code == 403 and heading(response) == "Het formulier kon niet worden verstuurd"
    assert "sta cookies toe voor deze site" in main_text(response)


def test_an_unexpected_error_answers_with_our_500_page(client, db, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/kapot/")
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="nl">' in page and heading(response) == "Er ging iets mis"
    assert DASHBOARD in page


def test_the_500_page_renders_without_a_database_or_request_context():
    # No ``db`` fixture: pytest-django refuses any query. Django renders 500.html with an empty
    # context, so the page may need neither the user nor the request.
    with translation.override("nl"):
        response = defaults.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="nl">' in page and heading(response) == "Er ging iets mis" and DASHBOARD in page
    with translation.override("en"):
        assert heading(defaults.server_error(RequestFactory().get("/"))) == "Something went wrong"


def test_a_bad_request_answers_with_our_400_page_in_dutch(client, db):
    translation.deactivate()  # as in a fresh request thread: nothing activated yet
    response = client.get("/", HTTP_HOST="evil.example")  # not in ALLOWED_HOSTS
    page = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="nl">' in page and heading(response) == "Ongeldig verzoek" and DASHBOARD in page
