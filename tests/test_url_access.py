"""Walk every URL pattern of the project as an anonymous visitor and as an outsider.

New URLs are covered automatically: the walk reads the URL configuration, fills each parameter
with an object of organisation A, and fails on a parameter it does not know (add it to
``params`` below). Only the views marked public (Django's ``login_not_required``) may answer an
anonymous visitor, and that list is pinned here too.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from plans.approval import statements
from plans.models import Document
from tests import factories

PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation_accept",
    "healthz",
    "set_language",
    # Organisation accounts (OpenID Connect): off (404) unless configured; signs in only invited accounts.
    "oidc_authentication_init",
    "oidc_authentication_callback",
}
PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}", entry.callback


def project_urls():
    """(route, name, view) for every pattern outside the Django admin (tested on its own below)."""
    return [(route, name, view) for route, name, view in walk(get_resolver().url_patterns)
            if not route.startswith("admin/")]


def is_public(view) -> bool:
    return getattr(view, "login_required", True) is False


@pytest.fixture
def params(org, author, plan, board_member, or_member, var_member, cr_member):
    """A value for every URL parameter, all pointing into organisation A."""
    from plans.alignment import services as alignment
    from plans.models import Notification

    theme = plan.themes.first()
    adopted = factories.complete_plan(org, author, title="Vastgesteld plan")
    version = factories.adopt(adopted, author=author, board=board_member, councils=[or_member, var_member, cr_member])
    statement = statements.issue_statement(
        actor=board_member, plan=adopted, year=2028, text="Verklaring.", objectives_met=True
    )
    line_manager = factories.person(org, roles=["line_manager"], units=[org.units.get(code="team-1")])
    wish = alignment.comment_create(
        actor=line_manager, plan=plan, text="Scholing palliatieve zorg.", kind="wish", unit=org.units.get(code="team-1")
    )
    from django.core.files.base import ContentFile

    from plans.models import Evaluation, EvidenceFile

    evaluation = Evaluation.objects.create(plan=adopted, year=adopted.start_year)
    evidence = EvidenceFile(plan=adopted, evaluation=evaluation, filename="mto.pdf", extension="pdf",
                            content_type="application/pdf", size=9, sha256="0" * 64)
    evidence.file.save("mto.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    evidence.save()
    from stakeholders.models import Region

    region = Region.objects.create(name="Regio A", slug="regio-a")
    region.organisations.add(org)
    from plans.regional.models import RegionalAction

    regional_action = RegionalAction.objects.create(region=region, title="Leerwerkplaatsen", owner=org, horizon="short")
    return {
        "file": evidence.pk,
        "region": region.slug,
        "regional_action": regional_action.pk,
        "version": version.pk,
        "statement": statement.pk,
        "comment": wish.pk,
        "notification": Notification.objects.filter(user=board_member).first().pk,
        "org": org.slug,
        "plan": plan.pk,
        "theme": theme.pk,
        "objective": plan.objectives.first().pk,
        "intervention": plan.interventions.first().pk,
        "action": plan.improvement_actions.first().pk,
        "unit": org.units.first().pk,
        "function_group": org.function_groups.first().pk,
        "person": author.pk,
        "body": org.bodies.first().pk,
        "kind": "theme",
        "pk": theme.pk,
        "direction": "up",
        "year": plan.start_year,
        "uidb64": "MQ",
        "token": "set-password",
        "document": Document.objects.create(
            plan=plan, kind="plan", language="nl", template_revision="-", snapshot_sha256="0" * 64, key="url-walk"
        ).pk,
    }


def fill(route: str, params: dict) -> str:
    def value(match: re.Match) -> str:
        name = match.group("name")
        if name not in params:
            pytest.fail(f"The URL walk does not know the parameter <{name}> in {route!r}: add it to params.")
        return str(params[name])

    return "/" + PARAM.sub(value, route)


def test_the_public_urls_are_exactly_the_expected_ones():
    public = {name for _route, name, view in project_urls() if is_public(view)}
    assert public == PUBLIC


def test_an_anonymous_visitor_gets_nothing_but_the_public_pages(client, params):
    checked = 0
    for route, name, view in project_urls():
        if is_public(view):
            continue
        url = fill(route, params)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            checked += 1
            assert response.status_code == 302, f"{method.upper()} {url} ({name}) answered {response.status_code}"
            assert response["Location"].startswith("/account/inloggen/"), f"{url} ({name})"
    assert checked > 40  # the walk really walked


def test_a_user_of_another_organisation_gets_nothing_of_organisation_a(client, params, outsider, org):
    client.force_login(outsider)
    refused = 0
    for route, name, view in project_urls():
        if is_public(view):
            continue
        url = fill(route, params)
        touches_org_a = bool(PARAM.search(route))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if touches_org_a:
                assert response.status_code in {403, 404, 405}, (
                    f"{method.upper()} {url} ({name}) answered {response.status_code} to an outsider"
                )
                refused += 1
            else:
                # Pages without an object in the URL (dashboard, account) only show the
                # visitor's own organisation.
                assert org.name.encode() not in response.content, f"{url} ({name}) shows organisation A"
    assert refused > 40


def test_a_member_without_a_role_in_any_organisation_sees_no_plan(client, params, plan):
    loner = factories.UserFactory()
    client.force_login(loner)
    response = client.get(f"/plannen/{plan.pk}/")
    assert response.status_code == 404
    response = client.get("/")
    assert response.status_code == 200
    assert plan.title.encode() not in response.content


@pytest.mark.parametrize("path", ["/admin/", "/admin/stakeholders/organisation/", "/admin/plans/plan/"])
def test_the_admin_is_for_site_administrators_only(client, path, author, org):
    assert client.get(path).status_code == 302
    client.force_login(author)  # an L&D author is no site administrator
    response = client.get(path)
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "/inloggen/" in response["Location"]


def test_healthz_answers_without_login(client, db, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    broker = "eager" if settings.CELERY_TASK_ALWAYS_EAGER else "ok"  # .ci/run's second pass has Redis
    assert response.json() == {"status": "ok", "database": "ok", "broker": broker}


# Where a member who may only read (a viewer) may still POST: their own settings and
# notifications, asking for a PDF of a plan they may read, and commenting while a plan is open
# for comments (design.md "Roles").
VIEWER_MAY_POST = {
    "set_language",
    "logout",
    "password_change",
    "password_change_done",
    "second_factor",  # their own second factor (stakeholders.account_views)
    "second_factor_verify",
    "second_factor_codes",
    "second_factor_remove",
    "plans:notifications_read",
    "plans:notification_open",
    "plans:document_request",
    "plans:alignment",  # the comment form of step 4
}


def test_a_reader_is_refused_every_change(client, params, viewer):
    """A viewer of organisation A POSTs to every URL (also as htmx): nothing may accept it.

    This catches a view that forgot its permission check on POST, which the outsider walk
    cannot see (an outsider is already stopped by the organisation scope).
    """
    client.force_login(viewer)
    checked = 0
    for route, name, view in project_urls():
        if is_public(view) or name in VIEWER_MAY_POST:
            continue
        url = fill(route, params)
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(url, {"title": "Overschreven", "text": "x"}, **headers)
            checked += 1
            assert response.status_code in {403, 404, 405}, (
                f"POST {url} ({name}) answered {response.status_code} to a viewer"
            )
    assert checked > 80
