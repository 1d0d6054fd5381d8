"""The demo data: one plan adopted through the whole flow and sent, one change waiting for the VAR."""

from __future__ import annotations

from plans.approval import selectors as approval
from plans.models import Comment, Decision, DecisionKind, Notification, Plan, PlanStatus, PlanTransition
from soplan import demo, demo_content


def test_the_demo_holds_an_adopted_plan_and_a_change_awaiting_only_the_var(db):
    demo.seed(password="demo-password-for-tests")
    adopted = Plan.objects.get(title=demo_content.PLAN["title"], previous=None)
    change = Plan.objects.get(previous=adopted, transitions__action="change_started")

    assert adopted.status == PlanStatus.IN_EXECUTION
    version = approval.adopted_version(adopted)
    decisions = {d.body_kind: d for d in version.decisions.all()}
    assert decisions["board"].decision == DecisionKind.APPROVED
    assert decisions["or"].decision == DecisionKind.CONSENTED_WITH_CONDITIONS
    assert decisions["or"].text
    assert decisions["var"].decision == DecisionKind.CONSENTED
    requested = {r.body.kind for r in version.consent_requests.select_related("body")}
    # The client council decides whenever it is required (R10); then the demo records its consent.
    assert ("cr" in requested) == ("cr" in decisions)
    assert adopted.submissions.get().zorgkantoor == demo_content.ORGANISATION["zorgkantoor"]

    assert change.status == PlanStatus.AWAITING_CONSENT
    assert change.previous == adopted
    pending = [b.kind for b in approval.approval_state(change).bodies if b.is_pending]
    assert pending == ["var"]
    change_version = change.versions.get()
    assert approval.diff_base(change_version) == version
    # The demo sends no e-mail, but the people who must act find their notifications.
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert Notification.objects.filter(
        user__username="var@soplan.example", plan=change, read_at__isnull=True
    ).exists()


def test_seeding_the_demo_twice_changes_nothing(db):
    demo.seed(password="demo-password-for-tests")
    counts = (Plan.objects.count(), Decision.objects.count(), PlanTransition.objects.count())
    demo.seed(password="demo-password-for-tests")
    assert (Plan.objects.count(), Decision.objects.count(), PlanTransition.objects.count()) == counts


def test_the_adopted_plan_was_discussed_in_a_consultation_round_before_it_was_submitted(db):
    demo.seed(password="demo-password-for-tests")
    adopted = Plan.objects.get(title=demo_content.PLAN["title"], previous=None)
    actions = list(adopted.transitions.values_list("action", flat=True))
    assert actions[:3] == ["consultation_opened", "consultation_closed", "submitted"]  # R6, then step 6
    round_ = adopted.consultations.get()
    assert round_.closed_at is not None and round_.message == demo_content.CONSULTATION["message"]
    comments = list(adopted.comments.filter(evaluation=None).select_related("unit", "intervention"))
    assert {c.author_role for c in comments} == {"or_member", "var_member", "cr_member", "line_manager"}
    assert all(c.is_handled and c.consultation == round_ for c in comments)
    wish = next(c for c in comments if c.is_wish)
    assert wish.unit.code == demo_content.CONSULTATION["wish"]["unit"]
    assert wish.intervention.title == demo_content.CONSULTATION["wish"]["intervention"]
    # The change of 2028 is a new plan: the discussion stays with the plan it was about.
    change = Plan.objects.get(previous=adopted, transitions__action="change_started")
    assert not change.comments.exists()
    # Seeding again adds no second round.
    demo.seed(password="demo-password-for-tests")
    assert Comment.objects.filter(evaluation=None).count() == len(comments) and adopted.consultations.count() == 1


def test_the_evaluation_of_2027_rests_on_an_uploaded_survey_and_was_commented_on(db):
    """R17: an evidence file (a real PDF, with its SHA-256) and the councils' and board's comments."""
    import hashlib

    from pypdf import PdfReader

    demo.seed(password="demo-password-for-tests")
    adopted = Plan.objects.get(title=demo_content.PLAN["title"], previous=None)
    evaluation = adopted.evaluations.get(year=demo_content.EVALUATION["year"])
    assert evaluation.is_closed
    (evidence,) = evaluation.evidence_files.all()
    content = evidence.file.read()
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert "Respons" in PdfReader(evidence.file.path).pages[0].extract_text()
    comments = list(evaluation.comments.order_by("pk"))
    assert [c.author_role for c in comments] == ["or_member", "board_member"]
    assert [c.is_handled for c in comments] == [True, False]  # the board's question is still open
    demo.seed(password="demo-password-for-tests")  # seeding again adds nothing
    assert evaluation.comments.count() == 2 and evaluation.evidence_files.count() == 1
