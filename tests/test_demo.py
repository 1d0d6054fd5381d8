"""The demo data: one plan adopted through the whole flow and sent, one change waiting for the VAR."""

from __future__ import annotations

from plans import approval
from plans.models import Decision, DecisionKind, Notification, Plan, PlanStatus, PlanTransition
from soplan import demo, demo_content


def test_the_demo_holds_an_adopted_plan_and_a_change_awaiting_only_the_var(db):
    demo.seed(password="demo-password-for-tests")
    adopted = Plan.objects.get(title=demo_content.PLAN["title"])
    change = Plan.objects.get(title=demo_content.CHANGE["title"])

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
