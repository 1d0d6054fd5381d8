"""Step 6 transitions: each allowed only from the right status and by the right role (R9, R10, R11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from plans.approval import selectors as approval
from plans.approval import services as lifecycle
from plans.approval import statements
from plans.models import (
    ConsentReason,
    Decision,
    DecisionKind,
    Notification,
    NotificationKind,
    PlanStatus,
    PlanTransition,
    PlanVersion,
    SignatureKind,
)
from stakeholders import services as org_services
from stakeholders.changes import DomainError
from stakeholders.models import BodyKind
from tests import factories


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


@pytest.fixture
def adopted(complete, author, board_member, or_member, var_member):
    factories.adopt(complete, author=author, board=board_member, councils=[or_member, var_member])
    return complete


def body(org, kind):
    return org.bodies.get(kind=kind)


def version_of(plan) -> PlanVersion:
    return plan.versions.order_by("-number").first()


# --- Submit -----------------------------------------------------------------------------------


def test_the_author_submits_a_complete_draft_which_freezes_a_version(complete, author):
    version = lifecycle.submit_plan(actor=author, plan=complete)
    complete.refresh_from_db()
    assert complete.status == PlanStatus.SUBMITTED
    assert version.number == 1
    assert version.snapshot["plan"]["title"] == complete.title
    transition = complete.transitions.get()
    assert (transition.action, transition.from_status, transition.to_status, transition.version) == (
        "submitted", PlanStatus.DRAFT, PlanStatus.SUBMITTED, version,
    )


def test_it_refuses_to_submit_a_plan_with_blocking_findings(plan, author):
    with pytest.raises(DomainError, match="must be resolved before it can be submitted") as refused:
        lifecycle.submit_plan(actor=author, plan=plan)
    assert refused.value.code == "incomplete"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not plan.versions.exists()


@pytest.mark.parametrize("persona", ["board_member", "or_member", "viewer", "line_manager"])
def test_only_an_author_may_submit(request, complete, persona):
    with pytest.raises(DomainError, match=r"Only an L&D author .* can submit this plan"):
        lifecycle.submit_plan(actor=request.getfixturevalue(persona), plan=complete)
    complete.refresh_from_db()
    assert complete.status == PlanStatus.DRAFT


def test_an_author_of_another_organisation_may_not_submit(complete, outsider):
    with pytest.raises(DomainError, match=r"Only an L&D author .* can submit this plan"):
        lifecycle.submit_plan(actor=outsider, plan=complete)


def test_a_submitted_plan_cannot_be_submitted_again(submitted, author):
    with pytest.raises(DomainError, match="is submitted to the board, so you cannot submit it"):
        lifecycle.submit_plan(actor=author, plan=submitted)
    assert submitted.versions.count() == 1


def test_submitting_notifies_the_board_by_e_mail_after_the_commit(
    complete, author, board_member, django_capture_on_commit_callbacks, queued_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.submit_plan(actor=author, plan=complete)
    assert queued_tasks == ["plans.tasks.send_notification_emails"]
    notification = Notification.objects.get(user=board_member)
    assert notification.kind == NotificationKind.SUBMITTED
    assert notification.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[board_member.email]]
    assert "/goedkeuring/goedkeuren/" in mail.outbox[0].body


def test_no_e_mail_leaves_before_the_transaction_commits(complete, author, board_member):
    # Without running the on-commit callbacks (the test transaction never commits) nothing is sent.
    lifecycle.submit_plan(actor=author, plan=complete)
    assert Notification.objects.filter(user=board_member).exists()
    assert mail.outbox == []


# --- The board --------------------------------------------------------------------------------


def test_the_board_approves_with_a_note_and_the_decision_is_evidence(submitted, board_member):
    version = version_of(submitted)
    decision = lifecycle.approve_plan(
        actor=board_member, plan=submitted, expected_sha256=version.sha256, note="Akkoord.",
        ip="192.0.2.10", user_agent="Firefox/130",
    )
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.APPROVED_BY_BOARD
    assert (decision.decision, decision.text, decision.body_kind) == (DecisionKind.APPROVED, "Akkoord.", "board")
    assert decision.version_sha256 == version.sha256
    assert decision.ip_address == "192.0.2.10"
    assert decision.user_agent == "Firefox/130"
    assert decision.position == "chair"
    assert decision.actor == board_member
    assert decision.decided_at.tzinfo is not None


def test_approving_can_ask_for_consent_at_once_with_deadlines(submitted, board_member, or_member, var_member):
    deadline = timezone.localdate() + dt.timedelta(days=30)
    lifecycle.approve_plan(
        actor=board_member, plan=submitted, expected_sha256=version_of(submitted).sha256,
        consent_deadlines={"or": deadline},
    )
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.AWAITING_CONSENT
    requests = {r.body.kind: r for r in version_of(submitted).consent_requests.select_related("body")}
    assert requests["or"].deadline == deadline
    assert requests["var"].deadline == timezone.localdate() + dt.timedelta(days=lifecycle.DEFAULT_CONSENT_DAYS)
    assert list(submitted.transitions.values_list("action", flat=True)) == [
        "submitted", "approved", "consent_requested",
    ]


@pytest.mark.parametrize("persona", ["author", "or_member", "viewer"])
def test_only_the_board_may_approve(request, submitted, persona):
    with pytest.raises(DomainError, match=r"Only a member of .* who may record its decision"):
        lifecycle.approve_plan(
            actor=request.getfixturevalue(persona), plan=submitted, expected_sha256=version_of(submitted).sha256
        )
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


def test_a_board_member_who_may_not_record_the_decision_cannot_approve(org, submitted):
    member = factories.person(org, bodies={"board": {"position": "member", "may_record_decision": False}})
    with pytest.raises(DomainError, match=r"Only a member of .* who may record its decision"):
        lifecycle.approve_plan(actor=member, plan=submitted, expected_sha256=version_of(submitted).sha256)


def test_the_board_cannot_approve_a_draft(complete, board_member):
    with pytest.raises(DomainError, match="is draft, so you cannot approve it"):
        lifecycle.approve_plan(actor=board_member, plan=complete, expected_sha256=None)
    assert not Decision.objects.exists()


def test_a_decision_on_a_version_nobody_read_is_refused(submitted, board_member):
    with pytest.raises(DomainError, match="The plan has a newer version"):
        lifecycle.approve_plan(actor=board_member, plan=submitted, expected_sha256="0" * 64)
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


def test_the_board_returns_with_reasons_which_the_draft_keeps(submitted, board_member, author):
    lifecycle.return_plan(
        actor=board_member, plan=submitted, expected_sha256=version_of(submitted).sha256,
        reasons="De begroting ontbreekt.",
    )
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.DRAFT
    assert submitted.is_editable
    back = approval.back_to_draft(submitted)
    assert back.transition.action == "returned"
    assert [d.text for d in back.decisions] == ["De begroting ontbreekt."]
    assert Notification.objects.get(user=author).kind == NotificationKind.RETURNED


def test_returning_without_reasons_is_refused(submitted, board_member):
    with pytest.raises(DomainError, match="Say why the board returns the plan"):
        lifecycle.return_plan(actor=board_member, plan=submitted, expected_sha256=None, reasons="  ")
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


def test_only_the_board_may_return(submitted, author):
    with pytest.raises(DomainError, match=r"Only a member of .* who may record its decision"):
        lifecycle.return_plan(actor=author, plan=submitted, expected_sha256=None, reasons="Nee.")


def test_the_next_submission_after_a_return_makes_a_new_version(submitted, board_member, author):
    first = version_of(submitted)
    lifecycle.return_plan(actor=board_member, plan=submitted, expected_sha256=first.sha256, reasons="Aanvullen.")
    submitted.refresh_from_db()
    second = lifecycle.submit_plan(actor=author, plan=submitted)
    assert second.number == 2
    assert approval.back_to_draft(submitted) is None  # the reasons are shown on the draft only


# --- Which bodies must consent (derived) -------------------------------------------------------


def test_the_works_council_always_consents_and_the_var_when_there_is_one(org):
    assert approval.required_consent(org, {}) == [("or", ConsentReason.WORKS_COUNCIL), ("var", ConsentReason.HAS_VAR)]


def test_an_organisation_without_a_var_never_waits_for_one(db, author):
    org = factories.organisation(slug="zonder-var", has_var=False)
    writer = factories.person(org, roles=["author"])
    board = factories.person(org, bodies={"board": {"position": "chair", "may_record_decision": True}})
    works_council = factories.person(org, bodies={"or": {"position": "chair", "may_record_decision": True}})
    plan = factories.complete_plan(org, writer)
    assert [kind for kind, _reason in approval.required_consent(org, {})] == ["or"]
    version = factories.adopt(plan, author=writer, board=board, councils=[works_council])
    assert plan.status == PlanStatus.ADOPTED
    assert [r.body.kind for r in version.consent_requests.all()] == ["or"]


def test_the_client_council_consents_when_the_version_claims_the_extra_middelen_wlz(org):
    claims = {"budget": {"claims_extra_middelen_wlz": True}}
    kinds = dict(approval.required_consent(org, claims))
    assert kinds["cr"] == ConsentReason.EXTRA_MIDDELEN
    assert "cr" not in dict(approval.required_consent(org, {"budget": {"claims_extra_middelen_wlz": False}}))
    # Only a real True counts; the budget section is another app's contract.
    assert "cr" not in dict(approval.required_consent(org, {"budget": {"claims_extra_middelen_wlz": "yes"}}))
    assert "cr" not in dict(approval.required_consent(org, {"budget": None}))


def test_the_client_council_consents_when_the_organisation_always_involves_it(org):
    org_services.organisation_update(actor=None, organisation=org, always_involve_client_council=True)
    assert dict(approval.required_consent(org, {}))["cr"] == ConsentReason.ALWAYS_CR


def test_a_version_claiming_the_extra_middelen_waits_for_the_client_council(
    submitted, board_member, or_member, var_member, cr_member
):
    # The budget section is built elsewhere; a version whose snapshot carries the claim is enough.
    version = version_of(submitted)
    snapshot = {**version.snapshot, "budget": {"claims_extra_middelen_wlz": True}}
    from plans.interchange.format import sha256

    claiming = PlanVersion.objects.create(plan=submitted, number=2, snapshot=snapshot, sha256=sha256(snapshot))
    lifecycle.approve_plan(actor=board_member, plan=submitted, expected_sha256=claiming.sha256, consent_deadlines={})
    assert sorted(r.body.kind for r in claiming.consent_requests.all()) == ["cr", "or", "var"]
    for user, kind in ((or_member, "or"), (var_member, "var")):
        lifecycle.record_consent(
            actor=user, plan=submitted, body=body(submitted.organisation, kind),
            decision=DecisionKind.CONSENTED, expected_sha256=claiming.sha256,
        )
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.AWAITING_CONSENT  # still waiting for the CR
    lifecycle.record_consent(
        actor=cr_member, plan=submitted, body=body(submitted.organisation, "cr"),
        decision=DecisionKind.CONSENTED, expected_sha256=claiming.sha256,
    )
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.ADOPTED


def test_asking_consent_is_refused_while_a_required_council_has_nobody_to_record(org, submitted, board_member, or_member):
    # The VAR exists on paper (has_var) but has no member who may record its decision.
    with pytest.raises(DomainError, match="but nobody in the organisation may record its decision yet") as refused:
        lifecycle.approve_plan(
            actor=board_member, plan=submitted, expected_sha256=version_of(submitted).sha256, consent_deadlines={}
        )
    assert "VAR" in refused.value.message
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED  # the whole approval was rolled back
    assert not Decision.objects.exists()


# --- Request consent --------------------------------------------------------------------------


@pytest.fixture
def approved(submitted, board_member):
    lifecycle.approve_plan(actor=board_member, plan=submitted, expected_sha256=version_of(submitted).sha256)
    submitted.refresh_from_db()
    return submitted


def test_the_author_may_ask_for_consent_after_the_board_approved(approved, author, or_member, var_member):
    requests = lifecycle.request_consent(actor=author, plan=approved, deadlines=timezone.localdate())
    approved.refresh_from_db()
    assert approved.status == PlanStatus.AWAITING_CONSENT
    assert sorted(r.body.kind for r in requests) == ["or", "var"]
    kinds = set(Notification.objects.filter(kind=NotificationKind.CONSENT_REQUESTED).values_list("user__username", flat=True))
    assert kinds == {or_member.username, var_member.username}


@pytest.mark.parametrize("persona", ["or_member", "viewer", "line_manager"])
def test_councils_and_readers_may_not_ask_for_consent(request, approved, persona, or_member, var_member):
    with pytest.raises(DomainError, match="Only the board or an L&D author can ask for consent"):
        lifecycle.request_consent(actor=request.getfixturevalue(persona), plan=approved)


def test_consent_cannot_be_asked_before_the_board_approved(submitted, author, or_member, var_member):
    with pytest.raises(DomainError, match="is submitted to the board, so you cannot ask for consent"):
        lifecycle.request_consent(actor=author, plan=submitted)


def test_a_deadline_in_the_past_is_refused(approved, author, or_member, var_member):
    with pytest.raises(DomainError, match="A deadline cannot lie in the past"):
        lifecycle.request_consent(actor=author, plan=approved, deadlines=timezone.localdate() - dt.timedelta(days=1))
    approved.refresh_from_db()
    assert approved.status == PlanStatus.APPROVED_BY_BOARD


# --- Record consent ---------------------------------------------------------------------------


def test_consent_with_conditions_is_recorded_with_everything_the_evidence_needs(awaiting, or_member):
    version = version_of(awaiting)
    decision = lifecycle.record_consent(
        actor=or_member, plan=awaiting, body=body(awaiting.organisation, "or"),
        decision=DecisionKind.CONSENTED_WITH_CONDITIONS, text="Opleidingstijd is werktijd.",
        expected_sha256=version.sha256, ip="2001:db8::1", user_agent="Safari",
    )
    assert (decision.body_kind, decision.body_name, decision.position) == ("or", body(awaiting.organisation, "or").name, "chair")
    assert decision.actor_name == or_member.get_full_name()
    assert decision.text == "Opleidingstijd is werktijd."
    assert (decision.ip_address, decision.user_agent, decision.version_sha256) == ("2001:db8::1", "Safari", version.sha256)
    awaiting.refresh_from_db()
    assert awaiting.status == PlanStatus.AWAITING_CONSENT  # the VAR has not decided yet


def test_the_plan_is_adopted_when_every_required_council_consented(awaiting, or_member, var_member, author):
    version = version_of(awaiting)
    lifecycle.record_consent(
        actor=or_member, plan=awaiting, body=body(awaiting.organisation, "or"),
        decision=DecisionKind.CONSENTED_WITH_CONDITIONS, text="Voorwaarde.", expected_sha256=version.sha256,
    )
    lifecycle.record_consent(
        actor=var_member, plan=awaiting, body=body(awaiting.organisation, "var"),
        decision=DecisionKind.CONSENTED, expected_sha256=version.sha256,
    )
    awaiting.refresh_from_db()
    assert awaiting.status == PlanStatus.ADOPTED
    assert approval.adopted_version(awaiting) == version
    assert Notification.objects.filter(user=author, kind=NotificationKind.ADOPTED).exists()


def test_a_refusal_sends_the_plan_back_to_draft_with_the_reasons(awaiting, var_member, author):
    lifecycle.record_consent(
        actor=var_member, plan=awaiting, body=body(awaiting.organisation, "var"),
        decision=DecisionKind.REFUSED, text="Te weinig aandacht voor klinisch redeneren.",
        expected_sha256=version_of(awaiting).sha256,
    )
    awaiting.refresh_from_db()
    assert awaiting.status == PlanStatus.DRAFT
    back = approval.back_to_draft(awaiting)
    assert back.transition.action == "consent_refused"
    assert [d.text for d in back.decisions] == ["Te weinig aandacht voor klinisch redeneren."]
    second = lifecycle.submit_plan(actor=author, plan=awaiting)
    assert second.number == 2  # the next submission makes a new version that needs fresh decisions
    assert not second.decisions.exists()


@pytest.mark.parametrize(
    ("decision", "text", "refusal"),
    [
        (DecisionKind.REFUSED, "", "Give the reasons for the refusal"),
        (DecisionKind.CONSENTED_WITH_CONDITIONS, " ", "Write down the conditions of the consent"),
        (DecisionKind.APPROVED, "x", "Choose consent, consent with conditions or refusal"),
        ("maybe", "", "Choose consent, consent with conditions or refusal"),
    ],
)
def test_refusals_need_reasons_conditions_need_conditions_and_councils_do_not_approve(
    awaiting, or_member, decision, text, refusal
):
    with pytest.raises(DomainError, match=refusal):
        lifecycle.record_consent(
            actor=or_member, plan=awaiting, body=body(awaiting.organisation, "or"), decision=decision, text=text,
            expected_sha256=version_of(awaiting).sha256,
        )
    assert not version_of(awaiting).decisions.filter(body_kind="or").exists()


def test_a_member_records_only_for_their_own_body(awaiting, or_member):
    with pytest.raises(DomainError, match=r"Only a member of .*\(VAR\) who may record its decision"):
        lifecycle.record_consent(
            actor=or_member, plan=awaiting, body=body(awaiting.organisation, "var"),
            decision=DecisionKind.CONSENTED, expected_sha256=None,
        )


def test_a_council_member_who_may_not_record_cannot(org, awaiting):
    member = factories.person(org, bodies={"or": {"position": "member", "may_record_decision": False}})
    with pytest.raises(DomainError, match=r"Only a member of .*\(OR\) who may record its decision"):
        lifecycle.record_consent(
            actor=member, plan=awaiting, body=body(org, "or"), decision=DecisionKind.CONSENTED, expected_sha256=None
        )


@pytest.mark.parametrize("persona", ["author", "board_member", "viewer"])
def test_nobody_outside_the_council_records_its_consent(request, awaiting, persona):
    with pytest.raises(DomainError, match=r"Only a member of .*\(OR\) who may record its decision"):
        lifecycle.record_consent(
            actor=request.getfixturevalue(persona), plan=awaiting, body=body(awaiting.organisation, "or"),
            decision=DecisionKind.CONSENTED, expected_sha256=None,
        )


def test_consent_cannot_be_recorded_before_it_was_asked(approved, or_member, var_member):
    with pytest.raises(DomainError, match="is approved by the board, so you cannot record consent"):
        lifecycle.record_consent(
            actor=or_member, plan=approved, body=body(approved.organisation, "or"),
            decision=DecisionKind.CONSENTED, expected_sha256=None,
        )


def test_a_council_decides_only_once_per_version(awaiting, or_member):
    kwargs = {
        "actor": or_member, "plan": awaiting, "body": body(awaiting.organisation, "or"),
        "decision": DecisionKind.CONSENTED, "expected_sha256": version_of(awaiting).sha256,
    }
    lifecycle.record_consent(**kwargs)
    with pytest.raises(DomainError, match="already decided on this version"):
        lifecycle.record_consent(**{**kwargs, "decision": DecisionKind.REFUSED, "text": "Toch niet."})
    assert version_of(awaiting).decisions.get(body_kind="or").decision == DecisionKind.CONSENTED


def test_the_client_council_is_not_asked_when_it_need_not_decide(awaiting, cr_member):
    with pytest.raises(DomainError, match="was not asked for consent on this version"):
        lifecycle.record_consent(
            actor=cr_member, plan=awaiting, body=body(awaiting.organisation, "cr"),
            decision=DecisionKind.CONSENTED, expected_sha256=None,
        )


# --- After adoption ---------------------------------------------------------------------------


def test_the_author_marks_the_adopted_version_as_sent_which_starts_execution(adopted, author):
    submission = lifecycle.mark_sent(actor=author, plan=adopted, sent_on=timezone.localdate())
    adopted.refresh_from_db()
    assert adopted.status == PlanStatus.IN_EXECUTION
    assert submission.zorgkantoor == "Zorgkantoor Test"  # the organisation's, by default
    assert submission.version == approval.adopted_version(adopted)
    actions = list(adopted.transitions.values_list("action", "to_status"))
    assert actions[-2:] == [("sent", PlanStatus.SENT_TO_ZORGKANTOOR), ("execution_started", PlanStatus.IN_EXECUTION)]


def test_marking_as_sent_is_refused_before_adoption(awaiting, author):
    with pytest.raises(DomainError, match="is awaiting consent, so you cannot mark it as sent"):
        lifecycle.mark_sent(actor=author, plan=awaiting, sent_on=timezone.localdate())
    awaiting.refresh_from_db()
    assert awaiting.status == PlanStatus.AWAITING_CONSENT


def test_marking_as_sent_is_refused_for_non_authors_and_for_future_dates(adopted, author, board_member):
    with pytest.raises(DomainError, match=r"Only an L&D author .* can mark as sent"):
        lifecycle.mark_sent(actor=board_member, plan=adopted, sent_on=timezone.localdate())
    with pytest.raises(DomainError, match="cannot lie in the future"):
        lifecycle.mark_sent(actor=author, plan=adopted, sent_on=timezone.localdate() + dt.timedelta(days=1))
    adopted.refresh_from_db()
    assert adopted.status == PlanStatus.ADOPTED


def test_a_change_of_an_adopted_plan_starts_a_new_draft_from_the_adopted_version(adopted, author):
    change = lifecycle.start_change(actor=author, plan=adopted, title="Plan – wijziging 2028")
    assert change.status == PlanStatus.DRAFT
    assert change.previous == adopted
    assert change.title == "Plan – wijziging 2028"
    base = approval.change_base(change)
    assert base == approval.adopted_version(adopted)
    assert change.themes.count() == adopted.themes.count()
    assert change.transitions.get().action == "change_started"
    # Only the title the author gave differs from what was adopted.
    from plans.approval.diff import diff
    from plans.approval.versions import current_snapshot

    snapshot, _hash = current_snapshot(change)
    assert diff(base.snapshot, snapshot).summary == [
        "The plan: 1 changed (Title, period, preface and koers)", "No other changes."
    ]


def test_a_change_keeps_the_plans_title_so_an_untouched_default_is_no_change(adopted, author):
    from plans.approval.diff import diff
    from plans.approval.versions import current_snapshot

    change = lifecycle.start_change(actor=author, plan=adopted)
    snapshot, _hash = current_snapshot(change)
    assert change.title == adopted.title
    assert diff(approval.adopted_version(adopted).snapshot, snapshot).summary == ["No changes: the content is identical."]


def test_a_change_needs_fresh_decisions(adopted, author, board_member, or_member, var_member):
    change = lifecycle.start_change(actor=author, plan=adopted)
    version = factories.submit(change, author)
    assert version.number == approval.adopted_version(adopted).number + 1  # numbers count on (R9)
    assert not version.decisions.exists()
    assert approval.diff_base(version) == approval.adopted_version(adopted)
    lifecycle.approve_plan(actor=board_member, plan=change, expected_sha256=version.sha256, consent_deadlines={})
    lifecycle.record_consent(
        actor=or_member, plan=change, body=body(change.organisation, "or"), decision=DecisionKind.CONSENTED,
        expected_sha256=version.sha256,
    )
    change.refresh_from_db()
    assert change.status == PlanStatus.AWAITING_CONSENT  # the VAR's consent on the adopted plan does not carry over
    assert approval.last_consented_version(body(change.organisation, "var"), version) == approval.adopted_version(adopted)


def test_only_one_change_at_a_time_and_only_of_an_adopted_plan(adopted, complete, author, board_member):
    lifecycle.start_change(actor=author, plan=adopted)
    with pytest.raises(DomainError, match="A change of this plan is already under way"):
        lifecycle.start_change(actor=author, plan=adopted)
    draft = factories.complete_plan(adopted.organisation, author, title="Nog een concept")
    with pytest.raises(DomainError, match="is draft, so you cannot change it"):
        lifecycle.start_change(actor=author, plan=draft)
    with pytest.raises(DomainError, match=r"Only an L&D author .* can change this plan"):
        lifecycle.start_change(actor=board_member, plan=adopted)


# --- Yearly board statement (R11) -------------------------------------------------------------


@pytest.fixture
def in_execution(adopted, author, cr_member):
    lifecycle.mark_sent(actor=author, plan=adopted, sent_on=timezone.localdate())
    adopted.refresh_from_db()
    return adopted


def test_the_board_issues_a_statement_that_or_var_and_cr_co_sign(in_execution, board_member, or_member, var_member, cr_member):
    statement = statements.issue_statement(
        actor=board_member, plan=in_execution, year=2028, text="Het plan wordt uitgevoerd.", objectives_met=True,
    )
    assert statement.version == approval.adopted_version(in_execution)
    state = approval.statement_state(statement)
    assert state.required == ["or", "var", "cr"]
    for user, kind in ((or_member, "or"), (var_member, "var")):
        statements.sign_statement(actor=user, statement=statement, body=body(in_execution.organisation, kind), decision=SignatureKind.COSIGNED)
    assert not approval.statement_state(statement).is_complete
    statements.sign_statement(actor=cr_member, statement=statement, body=body(in_execution.organisation, "cr"), decision=SignatureKind.COSIGNED)
    assert approval.statement_state(statement).is_complete


def test_when_objectives_were_not_met_the_board_must_explain_why(in_execution, board_member, or_member, var_member, cr_member):
    with pytest.raises(DomainError, match="objectives were not met: explain why"):
        statements.issue_statement(actor=board_member, plan=in_execution, year=2028, text="Verklaring.", objectives_met=False)
    statement = statements.issue_statement(
        actor=board_member, plan=in_execution, year=2028, text="Verklaring.", objectives_met=False,
        explanation="Door personeelstekort startte de leergang een half jaar later.",
    )
    assert statement.explanation.startswith("Door personeelstekort")


def test_statements_are_refused_for_non_board_members_drafts_other_years_and_twice_a_year(
    in_execution, complete, author, board_member, or_member, var_member, cr_member
):
    with pytest.raises(DomainError, match=r"Only a member of .* who may record its decision"):
        statements.issue_statement(actor=author, plan=in_execution, year=2028, text="x", objectives_met=True)
    with pytest.raises(DomainError, match="Pick a year of the plan period"):
        statements.issue_statement(actor=board_member, plan=in_execution, year=2035, text="x", objectives_met=True)
    draft = factories.complete_plan(in_execution.organisation, author, title="Concept")
    with pytest.raises(DomainError, match="is draft, so you cannot issue a board statement"):
        statements.issue_statement(actor=board_member, plan=draft, year=2028, text="x", objectives_met=True)
    statements.issue_statement(actor=board_member, plan=in_execution, year=2028, text="x", objectives_met=True)
    with pytest.raises(DomainError, match="There is already a board statement for 2028"):
        statements.issue_statement(actor=board_member, plan=in_execution, year=2028, text="y", objectives_met=True)


def test_a_council_signs_a_statement_once_and_only_for_its_own_body(in_execution, board_member, or_member, var_member, cr_member):
    statement = statements.issue_statement(actor=board_member, plan=in_execution, year=2029, text="x", objectives_met=True)
    works_council = body(in_execution.organisation, "or")
    with pytest.raises(DomainError, match=r"Only a member of .*\(OR\) who may record its decision"):
        statements.sign_statement(actor=var_member, statement=statement, body=works_council, decision=SignatureKind.COSIGNED)
    with pytest.raises(DomainError, match="Give the reasons for declining"):
        statements.sign_statement(actor=or_member, statement=statement, body=works_council, decision=SignatureKind.DECLINED)
    statements.sign_statement(actor=or_member, statement=statement, body=works_council, decision=SignatureKind.COSIGNED)
    with pytest.raises(DomainError, match="already signed this board statement"):
        statements.sign_statement(actor=or_member, statement=statement, body=works_council, decision=SignatureKind.COSIGNED)


def test_a_declined_statement_may_be_issued_again(in_execution, board_member, or_member, var_member, cr_member):
    statement = statements.issue_statement(actor=board_member, plan=in_execution, year=2028, text="x", objectives_met=True)
    statements.sign_statement(
        actor=or_member, statement=statement, body=body(in_execution.organisation, "or"),
        decision=SignatureKind.DECLINED, text="De OR is niet betrokken bij de evaluatie.",
    )
    assert approval.statement_state(statement).is_declined
    again = statements.issue_statement(actor=board_member, plan=in_execution, year=2028, text="Nieuw.", objectives_met=True)
    assert again.pk != statement.pk


# --- History ----------------------------------------------------------------------------------


def test_every_status_change_leaves_one_history_row(in_execution):
    rows = list(PlanTransition.objects.filter(plan=in_execution).values_list("from_status", "to_status"))
    assert rows == [
        ("draft", "submitted"),
        ("submitted", "approved_by_board"),
        ("approved_by_board", "awaiting_consent"),
        ("awaiting_consent", "adopted"),
        ("adopted", "sent_to_zorgkantoor"),
        ("sent_to_zorgkantoor", "in_execution"),
    ]


def test_the_timeline_shows_every_transition_and_decision(in_execution):
    entries = approval.timeline(in_execution)
    kinds = [e.kind for e in entries]
    assert kinds.count("transition") == 6
    assert kinds.count("decision") == 3  # board, OR, VAR
    assert [e.when for e in entries] == sorted(e.when for e in entries)
    board_decision = next(e for e in entries if e.kind == "decision")
    assert board_decision.title.startswith(body(in_execution.organisation, BodyKind.BOARD).name)
    assert board_decision.version == approval.adopted_version(in_execution)


def test_a_plan_that_only_continues_from_an_adopted_one_is_not_a_change(adopted, author):
    from plans.content import services

    next_cycle = services.plan_create(
        actor=author, organisation=adopted.organisation, title="Opleidingsplan 2031–2034",
        start_year=2031, end_year=2034, previous=adopted,
    )
    assert approval.change_base(next_cycle) is None
    change = lifecycle.start_change(actor=author, plan=adopted)
    assert approval.change_base(change) == approval.adopted_version(adopted)
