"""A decision record can never be edited or deleted: not through the ORM, the admin, the web, nor SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from plans.approval import services as lifecycle
from plans.approval import statements
from plans.models import (
    BoardStatement,
    Decision,
    DecisionKind,
    ImmutableRecordError,
    SignatureKind,
    StatementSignature,
)
from tests import factories


@pytest.fixture
def decision(org, author, board_member):
    plan = factories.complete_plan(org, author)
    version = factories.submit(plan, author)
    return lifecycle.approve_plan(actor=board_member, plan=plan, expected_sha256=version.sha256, note="Akkoord.")


@pytest.fixture
def admin_user(db):
    user = factories.UserFactory(username="beheer@example.test")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_a_stored_decision_cannot_be_saved_again(decision):
    decision.text = "Toch anders."
    with pytest.raises(ImmutableRecordError):
        decision.save()
    assert Decision.objects.get(pk=decision.pk).text == "Akkoord."


def test_a_decision_cannot_be_deleted_through_the_model(decision):
    with pytest.raises(ImmutableRecordError):
        decision.delete()
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_querysets_refuse_update_and_delete(decision):
    with pytest.raises(ImmutableRecordError):
        Decision.objects.filter(pk=decision.pk).update(text="Anders.")
    with pytest.raises(ImmutableRecordError):
        Decision.objects.filter(pk=decision.pk).delete()
    with pytest.raises(ImmutableRecordError), transaction.atomic():
        Decision.objects.bulk_update([decision], ["text"])
    assert Decision.objects.get(pk=decision.pk).text == "Akkoord."


def test_a_new_decision_can_still_be_inserted(decision, org, author, or_member, var_member):
    # The refusal is for changes only; append-only means inserting keeps working.
    plan, version = decision.version.plan, decision.version
    lifecycle.request_consent(actor=author, plan=plan)
    consent = lifecycle.record_consent(
        actor=or_member, plan=plan, body=org.bodies.get(kind="or"), decision=DecisionKind.CONSENTED,
        text="Akkoord OR.", expected_sha256=version.sha256,
    )
    assert list(Decision.objects.order_by("pk").values_list("pk", "text")) == [
        (decision.pk, "Akkoord."), (consent.pk, "Akkoord OR."),
    ]
    # ... and the new row is at once as append-only as the first.
    consent.text = "Toch anders."
    with pytest.raises(ImmutableRecordError, match="append-only: update refused"):
        consent.save()
    assert Decision.objects.get(pk=consent.pk).text == "Akkoord OR."


@pytest.mark.parametrize("statement", ["UPDATE plans_decision SET text = 'Anders.' WHERE id = %s", "DELETE FROM plans_decision WHERE id = %s"])
def test_the_database_refuses_changes_to_a_decision_in_plain_sql(decision, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [decision.pk])
    assert Decision.objects.get(pk=decision.pk).text == "Akkoord."


def test_the_database_refuses_changes_to_board_statements_and_co_signatures(
    org, author, board_member, or_member, var_member, cr_member
):
    plan = factories.complete_plan(org, author)
    factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member])
    statement = statements.issue_statement(actor=board_member, plan=plan, year=2028, text="Verklaring.", objectives_met=True)
    signature = statements.sign_statement(
        actor=or_member, statement=statement, body=org.bodies.get(kind="or"), decision=SignatureKind.COSIGNED
    )
    for sql, pk in (
        ("UPDATE plans_boardstatement SET actor_name = 'x' WHERE id = %s", statement.pk),
        ("DELETE FROM plans_boardstatement WHERE id = %s", statement.pk),
        ("UPDATE plans_statementsignature SET actor_name = 'x' WHERE id = %s", signature.pk),
        ("DELETE FROM plans_statementsignature WHERE id = %s", signature.pk),
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [pk])
    assert BoardStatement.objects.get(pk=statement.pk).actor_name == board_member.get_full_name()
    assert StatementSignature.objects.filter(pk=signature.pk).exists()
    with pytest.raises(ImmutableRecordError):
        statement.delete()


def test_the_admin_shows_decisions_but_cannot_change_or_delete_them(client, admin_user, decision):
    client.force_login(admin_user)
    change_url = reverse("admin:plans_decision_change", args=[decision.pk])
    assert client.get(reverse("admin:plans_decision_changelist")).status_code == 200
    page = client.get(change_url)
    assert page.status_code == 200  # readable, as evidence
    assert b'name="_save"' not in page.content
    assert client.post(change_url, {"text": "Anders.", "decision": DecisionKind.RETURNED}).status_code == 403
    assert client.post(reverse("admin:plans_decision_delete", args=[decision.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:plans_decision_add")).status_code == 403
    response = client.post(
        reverse("admin:plans_decision_changelist"), {"action": "delete_selected", "_selected_action": [decision.pk]}
    )
    assert Decision.objects.filter(pk=decision.pk, text="Akkoord.").exists()
    assert response.status_code in {200, 302}


def test_the_web_offers_no_way_to_record_a_council_decision_twice(client, org, author, board_member, or_member, var_member):
    plan = factories.complete_plan(org, author)
    version = factories.submit(plan, author)
    lifecycle.approve_plan(actor=board_member, plan=plan, expected_sha256=version.sha256, consent_deadlines={})
    works_council = org.bodies.get(kind="or")
    client.force_login(or_member)
    url = reverse("plans:record_consent", kwargs={"plan": plan.pk, "body": works_council.pk})
    client.post(url, {"decision": DecisionKind.CONSENTED, "text": "", "version_sha256": version.sha256})
    again = client.post(url, {"decision": DecisionKind.REFUSED, "text": "Toch niet.", "version_sha256": version.sha256})
    assert again.status_code == 200  # the form again, with the refusal on it
    assert Decision.objects.get(version=version, body=works_council).decision == DecisionKind.CONSENTED


@pytest.mark.parametrize("table", ["plans_planversion", "plans_plantransition", "plans_consentrequest"])
def test_versions_history_and_consent_requests_refuse_raw_sql_changes(
    table, org, author, board_member, or_member, var_member, cr_member
):
    from django.db import DatabaseError, connection, transaction

    plan = factories.complete_plan(org, author)
    version = factories.submit(plan, author)
    from plans.approval import services as lifecycle

    lifecycle.approve_plan(actor=board_member, plan=plan, expected_sha256=version.sha256, consent_deadlines={})
    for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608 - fixed names
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


@pytest.mark.django_db(transaction=True)
def test_a_tampered_version_is_not_printed(org, author, django_capture_on_commit_callbacks):
    from plans.documents import services as documents
    from plans.models import DocumentStatus
    from tests.dbroles import tamper

    plan = factories.complete_plan(org, author)
    version = factories.submit(plan, author)
    # As somebody with the owner's access to the database would (the app role could not).
    tamper("plans_planversion", "UPDATE plans_planversion SET snapshot = %s WHERE id = %s",
           ['{"plan": {"title": "Anders"}}', version.pk])
    with django_capture_on_commit_callbacks(execute=True):
        document = documents.request_document(actor=author, plan=plan, version=version, kind="plan")
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert not document.file
