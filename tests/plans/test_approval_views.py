"""The step 6 pages: thin views around plans.lifecycle, with the right people seeing the right buttons."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.approval import services as lifecycle
from plans.models import Decision, DecisionKind, Notification, PlanStatus
from tests import factories


def url(name, plan, **kwargs):
    return reverse(f"plans:{name}", kwargs={"plan": plan.pk, **kwargs})


@pytest.fixture
def complete(org, author):
    return factories.complete_plan(org, author)


@pytest.fixture
def submitted(complete, author):
    factories.submit(complete, author)
    complete.refresh_from_db()
    return complete


@pytest.fixture
def awaiting(submitted, board_member, or_member, var_member):
    version = submitted.versions.get()
    lifecycle.approve_plan(actor=board_member, plan=submitted, expected_sha256=version.sha256, consent_deadlines={})
    submitted.refresh_from_db()
    return submitted


# --- Submit ---------------------------------------------------------------------------------


def test_the_approval_page_lists_blocking_findings_with_links_while_incomplete(client_of, author, plan):
    response = client_of(author).get(url("approval", plan))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="blocking-findings"' in content
    assert reverse("plans:vision", kwargs={"plan": plan.pk}) in content  # a link to where it is fixed
    assert 'id="submit-plan"' not in content


def test_the_submit_page_refuses_an_incomplete_plan_and_lists_what_to_do(client_of, author, plan):
    client = client_of(author)
    page = client.get(url("submit", plan))
    assert b'id="blocking-findings"' in page.content
    assert b'id="confirm-submit"' not in page.content
    response = client.post(url("submit", plan), follow=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert response.redirect_chain[-1][0] == url("submit", plan)


def test_the_author_submits_through_the_confirmation_page(client_of, author, complete):
    client = client_of(author)
    assert b'id="confirm-submit"' in client.get(url("submit", complete)).content
    response = client.post(url("submit", complete))
    assert response.status_code == 302
    complete.refresh_from_db()
    assert complete.status == PlanStatus.SUBMITTED
    version = complete.versions.get()
    # The short hash of the current version shows on every plan page.
    for name in ("plan", "themes", "approval"):
        assert version.short_hash.encode() in client.get(url(name, complete)).content


def test_a_draft_shows_no_version_hash(client_of, author, complete):
    assert b'id="current-version"' not in client_of(author).get(url("plan", complete)).content


@pytest.mark.parametrize("persona", ["viewer", "board_member", "or_member", "line_manager"])
def test_only_authors_reach_the_submit_page(request, client_of, complete, persona):
    client = client_of(request.getfixturevalue(persona))
    assert client.get(url("submit", complete)).status_code == 403
    assert client.post(url("submit", complete)).status_code == 403
    complete.refresh_from_db()
    assert complete.status == PlanStatus.DRAFT


def test_an_outsider_cannot_even_find_the_plan(client_of, outsider, complete):
    assert client_of(outsider).post(url("submit", complete)).status_code == 404


# --- The board ------------------------------------------------------------------------------


def test_the_board_approves_and_asks_for_consent_in_one_go(client_of, board_member, submitted, or_member, var_member):
    client = client_of(board_member)
    version = submitted.versions.get()
    page = client.get(url("approve", submitted))
    assert page.status_code == 200
    assert version.short_hash.encode() in page.content
    deadline = timezone.localdate() + dt.timedelta(days=21)
    response = client.post(
        url("approve", submitted),
        {"version_sha256": version.sha256, "note": "Akkoord.", "ask_consent": "on",
         "deadline_or": deadline.isoformat(), "deadline_var": deadline.isoformat()},
        HTTP_USER_AGENT="Testbrowser/1.0",
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.AWAITING_CONSENT
    decision = version.decisions.get()
    assert (decision.ip_address, decision.user_agent) == ("127.0.0.1", "Testbrowser/1.0")
    assert {r.deadline for r in version.consent_requests.all()} == {deadline}


def test_the_board_returns_and_the_author_sees_the_reasons_on_the_draft(client_of, board_member, author, submitted):
    version = submitted.versions.get()
    client_of(board_member).post(
        url("return_plan", submitted), {"version_sha256": version.sha256, "reasons": "Maak de evaluatie concreter."}
    )
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.DRAFT
    page = client_of(author).get(url("approval", submitted)).content.decode()
    assert 'id="back-to-draft"' in page
    assert "Maak de evaluatie concreter." in page


def test_returning_without_reasons_keeps_the_form(client_of, board_member, submitted):
    version = submitted.versions.get()
    response = client_of(board_member).post(url("return_plan", submitted), {"version_sha256": version.sha256, "reasons": ""})
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["author", "or_member", "viewer"])
def test_only_the_board_reaches_the_board_pages(request, client_of, submitted, persona):
    client = client_of(request.getfixturevalue(persona))
    for name in ("approve", "return_plan"):
        assert client.get(url(name, submitted)).status_code == 403


def test_a_board_page_opened_too_late_says_so_instead_of_deciding(client_of, board_member, complete):
    response = client_of(board_member).get(url("approve", complete), follow=True)
    assert response.redirect_chain[-1][0] == url("approval", complete)
    assert not Decision.objects.exists()


# --- The councils ---------------------------------------------------------------------------


def test_a_council_records_consent_with_conditions_bound_to_the_hash(client_of, or_member, awaiting):
    version = awaiting.versions.get()
    works_council = awaiting.organisation.bodies.get(kind="or")
    client = client_of(or_member)
    page = client.get(url("record_consent", awaiting, body=works_council.pk))
    assert page.status_code == 200
    assert version.short_hash.encode() in page.content
    response = client.post(
        url("record_consent", awaiting, body=works_council.pk),
        {"version_sha256": version.sha256, "decision": DecisionKind.CONSENTED_WITH_CONDITIONS, "text": "Halfjaarlijks rapporteren."},
        HTTP_USER_AGENT="Edge/120",
    )
    assert response.status_code == 302
    decision = version.decisions.get(body=works_council)
    assert (decision.text, decision.user_agent, decision.version_sha256) == ("Halfjaarlijks rapporteren.", "Edge/120", version.sha256)


def test_conditions_are_required_for_consent_with_conditions(client_of, or_member, awaiting):
    works_council = awaiting.organisation.bodies.get(kind="or")
    response = client_of(or_member).post(
        url("record_consent", awaiting, body=works_council.pk),
        {"version_sha256": awaiting.versions.get().sha256, "decision": DecisionKind.CONSENTED_WITH_CONDITIONS, "text": ""},
    )
    assert response.status_code == 200
    assert not Decision.objects.filter(body=works_council).exists()


def test_a_decision_posted_for_an_older_version_is_refused(client_of, or_member, awaiting):
    works_council = awaiting.organisation.bodies.get(kind="or")
    response = client_of(or_member).post(
        url("record_consent", awaiting, body=works_council.pk),
        {"version_sha256": "f" * 64, "decision": DecisionKind.CONSENTED, "text": ""},
    )
    assert response.status_code == 200
    assert not Decision.objects.filter(body=works_council).exists()


def test_only_a_recorder_of_that_council_reaches_its_consent_page(client_of, or_member, var_member, author, awaiting):
    works_council = awaiting.organisation.bodies.get(kind="or")
    for user in (var_member, author):
        assert client_of(user).get(url("record_consent", awaiting, body=works_council.pk)).status_code == 403


def test_the_consent_page_shows_what_changed_since_the_version_the_council_consented_to(
    client_of, author, board_member, or_member, var_member, complete
):
    factories.adopt(complete, author=author, board=board_member, councils=[or_member, var_member])
    change = lifecycle.start_change(actor=author, plan=complete, title="Plan – wijziging 2028")
    theme = change.themes.first()
    from plans.content import services

    services.theme_update(actor=author, theme=theme, expected_version=theme.lock_version, title="Vakmanschap en trots")
    version = factories.submit(change, author)
    lifecycle.approve_plan(actor=board_member, plan=change, expected_sha256=version.sha256, consent_deadlines={})
    works_council = change.organisation.bodies.get(kind="or")
    page = client_of(or_member).get(url("record_consent", change, body=works_council.pk)).content.decode()
    assert "Vakmanschap en trots" in page
    assert complete.versions.get().short_hash in page  # compared with the version it consented to


# --- After adoption -------------------------------------------------------------------------


@pytest.fixture
def adopted(complete, author, board_member, or_member, var_member):
    factories.adopt(complete, author=author, board=board_member, councils=[or_member, var_member])
    return complete


def test_the_author_marks_the_plan_as_sent(client_of, author, adopted):
    client = client_of(author)
    assert b"Zorgkantoor Test" in client.get(url("mark_sent", adopted)).content  # the default
    response = client.post(url("mark_sent", adopted), {"sent_on": timezone.localdate().isoformat(), "zorgkantoor": "Zorgkantoor Test"})
    assert response.status_code == 302
    adopted.refresh_from_db()
    assert adopted.status == PlanStatus.IN_EXECUTION
    assert b'id="submission"' in client.get(url("approval", adopted)).content


def test_starting_a_change_opens_the_new_draft(client_of, author, adopted):
    response = client_of(author).post(url("start_change", adopted), {"title": "Wijziging 2028"})
    change = adopted.successors.get()
    assert response.status_code == 302
    assert response["Location"] == url("approval", change)
    assert change.status == PlanStatus.DRAFT


def test_the_board_issues_a_statement_and_the_councils_co_sign_on_the_web(
    client_of, board_member, or_member, var_member, cr_member, adopted
):
    response = client_of(board_member).post(
        url("statement_add", adopted), {"year": 2028, "text": "Uitvoering volgens plan.", "objectives_met": "yes"}
    )
    statement = adopted.statements.get()
    assert response["Location"] == url("statement", adopted, statement=statement.pk)
    works_council = adopted.organisation.bodies.get(kind="or")
    client = client_of(or_member)
    assert b"Uitvoering volgens plan." in client.get(url("statement", adopted, statement=statement.pk)).content
    client.post(url("statement_sign", adopted, statement=statement.pk, body=works_council.pk), {"decision": "cosigned", "text": ""})
    assert statement.signatures.get().body_kind == "or"


def test_a_statement_without_explanation_for_unmet_objectives_keeps_the_form(client_of, board_member, adopted, cr_member):
    response = client_of(board_member).post(
        url("statement_add", adopted), {"year": 2028, "text": "Verklaring.", "objectives_met": "no", "explanation": ""}
    )
    assert response.status_code == 200
    assert not adopted.statements.exists()


def test_the_version_and_timeline_pages_show_the_hash_and_every_step(client_of, viewer, adopted):
    version = adopted.versions.get()
    client = client_of(viewer)
    page = client.get(url("version", adopted, version=version.pk)).content.decode()
    assert version.sha256 in page
    assert adopted.themes.first().title in page
    timeline = client.get(url("timeline", adopted)).content.decode()
    assert timeline.count('class="timeline-entry') == len(adopted.transitions.all()) + Decision.objects.count()


def test_a_version_of_another_plan_is_not_found_under_this_plan(client_of, author, adopted, complete, org):
    other = factories.complete_plan(org, author, title="Ander plan")
    version = adopted.versions.get()
    assert client_of(author).get(url("version", other, version=version.pk)).status_code == 404


# --- Notifications and dashboard ------------------------------------------------------------


def test_notifications_are_listed_opened_and_marked_read(client_of, board_member, submitted):
    notification = Notification.objects.get(user=board_member)
    client = client_of(board_member)
    assert b'id="notification-count"' in client.get(reverse("plans:dashboard")).content
    listing = client.get(reverse("plans:notifications")).content.decode()
    assert submitted.title in listing
    response = client.post(reverse("plans:notification_open", kwargs={"notification": notification.pk}))
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert b'id="notification-count"' not in client.get(reverse("plans:dashboard")).content


def test_somebody_else_s_notification_cannot_be_opened(client_of, author, board_member, submitted):
    notification = Notification.objects.get(user=board_member)
    assert client_of(author).post(reverse("plans:notification_open", kwargs={"notification": notification.pk})).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_all_notifications_can_be_marked_read(client_of, board_member, submitted):
    client_of(board_member).post(reverse("plans:notifications_read"))
    assert not Notification.objects.filter(user=board_member, read_at__isnull=True).exists()


def test_acting_clears_the_notification_that_asked_for_it(board_member, submitted):
    version = submitted.versions.get()
    lifecycle.approve_plan(actor=board_member, plan=submitted, expected_sha256=version.sha256)
    assert Notification.objects.get(user=board_member).read_at is not None


def test_the_dashboard_tells_each_person_what_to_do(client_of, board_member, or_member, var_member, author, submitted):
    assert url("approve", submitted) in _actions(client_of(board_member))
    assert url("approve", submitted) not in _actions(client_of(author))
    version = submitted.versions.get()
    lifecycle.approve_plan(actor=board_member, plan=submitted, expected_sha256=version.sha256, consent_deadlines={})
    assert url("record_consent", submitted, body=submitted.organisation.bodies.get(kind="or").pk) in _actions(client_of(or_member))
    lifecycle.record_consent(
        actor=var_member, plan=submitted, body=submitted.organisation.bodies.get(kind="var"),
        decision=DecisionKind.REFUSED, text="Onvoldoende uitgewerkt.", expected_sha256=version.sha256,
    )
    assert "Onvoldoende uitgewerkt." in _actions(client_of(author))


def test_the_dashboard_asks_the_author_to_mark_an_adopted_plan_as_sent(client_of, author, adopted):
    assert url("mark_sent", adopted) in _actions(client_of(author))


def _actions(client) -> str:
    """The dashboard's "what you can do next" card."""
    page = client.get(reverse("plans:dashboard")).content.decode()
    start = page.index("next-actions")
    return page[start:page.index("</ul>", start)]


def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_approval_and_timeline_pages_do_not_grow_with_the_history(client_of, author, board_member, complete):
    client = client_of(author)

    def return_once():
        version = factories.submit(complete, author)
        lifecycle.return_plan(actor=board_member, plan=complete, expected_sha256=version.sha256, reasons="Opnieuw.")

    return_once()
    few = (_queries(client, url("approval", complete)), _queries(client, url("timeline", complete)))
    for _ in range(3):
        return_once()
    many = (_queries(client, url("approval", complete)), _queries(client, url("timeline", complete)))
    assert many == few
