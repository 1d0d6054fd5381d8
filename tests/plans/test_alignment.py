"""Step 4 (R6): consultation rounds, comments and team wishes, by role and by status."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from plans.alignment import services as alignment
from plans.approval import services as lifecycle
from plans.approval.versions import current_snapshot
from plans.content.completeness import WARNING, evaluate
from plans.interchange.services import export_plan
from plans.models import (
    Comment,
    CommentKind,
    Consultation,
    Notification,
    NotificationKind,
    PlanStatus,
    PlanTransition,
)
from stakeholders.changes import ConflictError, DomainError
from tests import factories


@pytest.fixture
def consulting(plan, author):
    alignment.open_consultation(actor=author, plan=plan, message="Graag uw reactie.")
    plan.refresh_from_db()
    return plan


def r6(plan) -> list[tuple[str, str, str]]:
    return [(f.section, f.severity, f.anchor) for f in evaluate(plan).findings if f.rule == "R6"]


def notified(plan, kind) -> set[str]:
    return set(Notification.objects.filter(plan=plan, kind=kind).values_list("user__username", flat=True))


# --- Opening and closing a consultation round -------------------------------------------------


def test_the_author_opens_a_consultation_round_and_the_people_concerned_are_notified(
    plan, author, line_manager, viewer, board_member, or_member, var_member, cr_member, django_capture_on_commit_callbacks
):
    closes_on = timezone.localdate() + dt.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        round_ = alignment.open_consultation(actor=author, plan=plan, message="Kijk vooral naar de formatie.", closes_on=closes_on)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONSULTATION
    assert round_.is_open and round_.closes_on == closes_on and round_.opened_by == author
    transition = PlanTransition.objects.get(plan=plan, action="consultation_opened")
    assert (transition.from_status, transition.to_status) == (PlanStatus.DRAFT, PlanStatus.CONSULTATION)
    assert transition.note == "Kijk vooral naar de formatie."
    concerned = {line_manager.username, or_member.username, var_member.username, cr_member.username}
    assert notified(plan, NotificationKind.CONSULTATION_OPENED) == concerned  # not the board, a viewer, the author
    assert sorted(m.to[0] for m in mail.outbox) == sorted(concerned)
    assert "/afstemming/" in mail.outbox[0].body
    assert "Kijk vooral naar de formatie." in mail.outbox[0].body


def test_the_var_and_the_client_council_are_only_invited_where_the_organisation_has_them(db, author):
    org = factories.organisation(slug="zonder-var", has_var=False, has_client_council=False)
    writer = factories.person(org, roles=["author"])
    or_chair = factories.person(org, bodies={"or": {"position": "chair"}})
    plan = factories.plan(org, writer, rich=False)
    alignment.open_consultation(actor=writer, plan=plan)
    assert notified(plan, NotificationKind.CONSULTATION_OPENED) == {or_chair.username}


@pytest.mark.parametrize("persona", ["line_manager", "or_member", "board_member", "viewer"])
def test_only_the_author_opens_a_consultation_round(plan, persona, request):
    with pytest.raises(DomainError, match=r"Only an L&D author .* can put out for consultation"):
        alignment.open_consultation(actor=request.getfixturevalue(persona), plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not Consultation.objects.exists()


def test_an_outsider_cannot_open_a_consultation_round(plan, outsider):
    with pytest.raises(DomainError, match=r"Only an L&D author .* can put out for consultation"):
        alignment.open_consultation(actor=outsider, plan=plan)


def test_a_closing_date_in_the_past_is_refused(plan, author):
    with pytest.raises(DomainError, match="The closing date cannot lie in the past"):
        alignment.open_consultation(actor=author, plan=plan, closes_on=timezone.localdate() - dt.timedelta(days=1))
    assert not plan.consultations.exists()


def test_a_plan_in_consultation_or_past_drafting_cannot_be_put_out_again(consulting, author, board_member):
    with pytest.raises(DomainError, match="is in consultation, so you cannot put it out for consultation"):
        alignment.open_consultation(actor=author, plan=consulting)
    assert consulting.consultations.count() == 1
    complete = factories.complete_plan(consulting.organisation, author, title="Ingediend")
    factories.submit(complete, author)
    complete.refresh_from_db()
    with pytest.raises(DomainError, match="is submitted to the board, so you cannot put it out for consultation"):
        alignment.open_consultation(actor=author, plan=complete)


def test_closing_the_round_makes_the_plan_a_draft_and_tells_the_people_concerned(
    plan, author, or_member, line_manager
):
    alignment.open_consultation(actor=author, plan=plan)
    consulting = plan
    assert notified(consulting, NotificationKind.CONSULTATION_OPENED) == {or_member.username, line_manager.username}
    round_ = alignment.close_consultation(actor=author, plan=consulting)
    consulting.refresh_from_db()
    assert consulting.status == PlanStatus.DRAFT
    round_.refresh_from_db()
    assert round_.closed_at is not None and round_.closed_by == author
    assert PlanTransition.objects.filter(plan=consulting, action="consultation_closed").count() == 1
    assert notified(consulting, NotificationKind.CONSULTATION_CLOSED) == {or_member.username, line_manager.username}
    # The invitation is done with: nobody still has it as unread.
    assert not Notification.objects.filter(
        plan=consulting, kind=NotificationKind.CONSULTATION_OPENED, read_at__isnull=True
    ).exists()


def test_only_the_author_closes_a_round_and_only_an_open_one(consulting, plan, author, or_member):
    with pytest.raises(DomainError, match=r"Only an L&D author .* can close the consultation"):
        alignment.close_consultation(actor=or_member, plan=consulting)
    alignment.close_consultation(actor=author, plan=consulting)
    with pytest.raises(DomainError, match="is draft, so you cannot close the consultation"):
        alignment.close_consultation(actor=author, plan=consulting)


def test_the_author_keeps_editing_during_consultation(consulting, author):
    from plans.content import services

    theme = services.theme_create(actor=author, plan=consulting, title="Nieuw thema uit de afstemming")
    assert theme.plan == consulting


def test_a_plan_is_submitted_straight_from_consultation_and_the_round_ends(org, author, board_member):
    plan = factories.complete_plan(org, author)
    alignment.open_consultation(actor=author, plan=plan)
    plan.refresh_from_db()
    version = lifecycle.submit_plan(actor=author, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert version.number == 1
    assert not plan.consultations.filter(closed_at__isnull=True).exists()
    assert not Notification.objects.filter(
        plan=plan, kind=NotificationKind.CONSULTATION_OPENED, read_at__isnull=True
    ).exists()


def test_the_author_may_also_submit_straight_from_draft_without_a_round(org, author, board_member):
    plan = factories.complete_plan(org, author)
    lifecycle.submit_plan(actor=author, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


# --- Comments -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "role"),
    [
        ("or_member", "or_member"),
        ("var_member", "var_member"),
        ("cr_member", "cr_member"),
        ("line_manager", "line_manager"),
        ("board_member", "board_member"),
        ("viewer", "viewer"),
        ("author", "author"),
    ],
)
def test_every_member_of_the_organisation_comments_during_consultation(consulting, persona, role, request):
    user = request.getfixturevalue(persona)
    comment = alignment.comment_create(actor=user, plan=consulting, text="Een opmerking.", section="themes")
    assert comment.author == user
    assert comment.author_role == role
    assert comment.consultation == consulting.consultations.get()
    assert not comment.is_handled


def test_a_draft_takes_comments_too_outside_a_round(plan, or_member):
    comment = alignment.comment_create(actor=or_member, plan=plan, text="Alvast een punt.")
    assert comment.consultation is None
    assert comment.section == ""


def test_comments_are_closed_once_the_plan_is_submitted(org, author, or_member):
    plan = factories.complete_plan(org, author)
    factories.submit(plan, author)
    plan.refresh_from_db()
    with pytest.raises(DomainError, match="comments are closed"):
        alignment.comment_create(actor=or_member, plan=plan, text="Te laat.")


def test_an_outsider_cannot_comment(consulting, outsider):
    with pytest.raises(DomainError, match=r"Only people of .* can comment on this plan"):
        alignment.comment_create(actor=outsider, plan=consulting, text="Van buiten.")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("section", ["approval", "documents", "alignment", "nonsense"])
def test_a_comment_names_a_part_of_the_plan_text(consulting, or_member, section):
    with pytest.raises(DomainError, match="Pick a part of the plan from the list"):
        alignment.comment_create(actor=or_member, plan=consulting, text="Hier.", section=section)


def test_an_empty_comment_is_refused(consulting, or_member):
    with pytest.raises(DomainError, match="Write your comment"):
        alignment.comment_create(actor=or_member, plan=consulting, text="   ")


def test_a_member_with_two_roles_picks_the_capacity_and_cannot_claim_another(consulting, org, or_member):
    both = factories.person(org, roles=["line_manager"], bodies={"or": {"position": "member"}},
                            units=[org.units.get(code="team-2")])
    assert alignment.comment_create(actor=both, plan=consulting, text="Als OR-lid.").author_role == "or_member"
    as_manager = alignment.comment_create(actor=both, plan=consulting, text="Als manager.", role="line_manager")
    assert as_manager.author_role == "line_manager"
    with pytest.raises(DomainError, match="You do not hold that role"):
        alignment.comment_create(actor=or_member, plan=consulting, text="Als bestuurder?", role="board_member")


# --- Team wishes ------------------------------------------------------------------------------


def test_a_line_manager_submits_a_team_wish_for_a_unit_they_manage(consulting, org, line_manager):
    sub_team = org.units.get(code="team-1a")  # below the manager's own unit
    wish = alignment.comment_create(
        actor=line_manager, plan=consulting, text="Scholing palliatieve zorg.", kind=CommentKind.WISH, unit=sub_team
    )
    assert wish.is_wish and wish.unit == sub_team and wish.author_role == "line_manager"


def test_a_team_wish_for_another_managers_unit_is_refused(consulting, org, line_manager):
    with pytest.raises(DomainError, match="You can only submit team wishes for the units you manage"):
        alignment.comment_create(
            actor=line_manager, plan=consulting, text="Voor een ander team.", kind=CommentKind.WISH,
            unit=org.units.get(code="team-2"),
        )


def test_a_team_wish_names_a_unit(consulting, line_manager):
    with pytest.raises(DomainError, match="pick the unit"):
        alignment.comment_create(actor=line_manager, plan=consulting, text="Zonder team.", kind=CommentKind.WISH)


@pytest.mark.parametrize("persona", ["or_member", "author", "viewer"])
def test_only_line_managers_submit_team_wishes(consulting, org, persona, request):
    with pytest.raises(DomainError, match="line managers"):
        alignment.comment_create(
            actor=request.getfixturevalue(persona), plan=consulting, text="Wens.", kind=CommentKind.WISH,
            unit=org.units.get(code="team-1"),
        )


def test_a_unit_of_another_organisation_is_refused(consulting, other_org, line_manager):
    with pytest.raises(DomainError, match="You can only submit team wishes for the units you manage"):
        alignment.comment_create(
            actor=line_manager, plan=consulting, text="Wens.", kind=CommentKind.WISH,
            unit=other_org.units.get(code="team-1"),
        )


def test_a_plain_comment_names_no_unit(consulting, org, or_member):
    with pytest.raises(DomainError, match="Only a team wish names a unit"):
        alignment.comment_create(actor=or_member, plan=consulting, text="Hier.", unit=org.units.get(code="team-1"))


# --- Answering ----------------------------------------------------------------------------------


def test_the_author_answers_a_comment_and_the_writer_is_told(consulting, author, or_member, django_capture_on_commit_callbacks):
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Tijd om te leren?", section="themes")
    with django_capture_on_commit_callbacks(execute=True):
        alignment.comment_handle(actor=author, comment=comment, reaction="Leertijd is werktijd.", expected_version=comment.lock_version)
    comment.refresh_from_db()
    assert comment.is_handled
    assert (comment.reaction, comment.handled_by) == ("Leertijd is werktijd.", author)
    note = Notification.objects.get(plan=consulting, kind=NotificationKind.COMMENT_ANSWERED)
    assert note.user == or_member
    assert note.url.endswith(f"#comment-{comment.pk}")
    assert [m.to for m in mail.outbox] == [[or_member.email]]
    assert "Leertijd is werktijd." in mail.outbox[0].body


@pytest.mark.parametrize("persona", ["or_member", "line_manager", "board_member"])
def test_only_the_author_answers(consulting, or_member, persona, request):
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Vraag.")
    with pytest.raises(DomainError, match=r"Only an L&D author .* answers the comments"):
        alignment.comment_handle(
            actor=request.getfixturevalue(persona), comment=comment, reaction="Zelf afgehandeld.", expected_version=None
        )
    comment.refresh_from_db()
    assert not comment.is_handled


def test_an_answer_needs_a_reaction(consulting, author, or_member):
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Vraag.")
    with pytest.raises(DomainError, match="Write a short reaction"):
        alignment.comment_handle(actor=author, comment=comment, reaction=" ", expected_version=None)


def test_two_authors_answering_at_once_do_not_overwrite_each_other(consulting, org, author, or_member):
    other = factories.person(org, roles=["author"])
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Vraag.")
    seen = comment.lock_version
    alignment.comment_handle(actor=author, comment=Comment.objects.get(pk=comment.pk), reaction="Eerste.", expected_version=seen)
    with pytest.raises(ConflictError, match="Somebody else saved"):
        alignment.comment_handle(actor=other, comment=Comment.objects.get(pk=comment.pk), reaction="Tweede.", expected_version=seen)
    comment.refresh_from_db()
    assert comment.reaction == "Eerste."


def test_a_late_answer_after_submission_is_possible(org, author, or_member):
    plan = factories.complete_plan(org, author)
    comment = alignment.comment_create(actor=or_member, plan=plan, text="Nog een vraag.")
    factories.submit(plan, author)
    plan.refresh_from_db()
    alignment.comment_handle(actor=author, comment=Comment.objects.get(pk=comment.pk), reaction="Alsnog: ja.", expected_version=None)
    assert Comment.objects.get(pk=comment.pk).is_handled


def test_a_comment_links_to_an_intervention_of_its_own_plan_only(consulting, org, author, or_member):
    other_plan = factories.plan(org, author, title="Ander plan")
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Vraag.")
    with pytest.raises(DomainError, match="The intervention belongs to another plan"):
        alignment.comment_handle(
            actor=author, comment=comment, reaction="Zie daar.", expected_version=None,
            intervention=other_plan.interventions.first(),
        )


# --- A wish becomes a learning intervention ----------------------------------------------------


@pytest.fixture
def wish(consulting, org, line_manager):
    return alignment.comment_create(
        actor=line_manager, plan=consulting, text="Palliatieve zorg voor Team Een.", kind=CommentKind.WISH,
        unit=org.units.get(code="team-1"), section="interventions",
    )


def test_the_author_turns_a_wish_into_a_learning_intervention(wish, author, org, line_manager):
    team = org.units.get(code="team-1")
    intervention = alignment.wish_to_intervention(
        actor=author, comment=wish, expected_version=wish.lock_version, title="Palliatieve zorg",
        level="unit", units=[team], years=[2027], work_forms=["course"], reaction="Komt in 2027.",
    )
    wish.refresh_from_db()
    assert intervention.plan == wish.plan and list(intervention.units.all()) == [team]
    assert wish.intervention == intervention
    assert wish.is_handled and wish.reaction == "Komt in 2027."
    assert list(intervention.wishes.all()) == [wish]
    assert Notification.objects.get(kind=NotificationKind.COMMENT_ANSWERED).user == line_manager


def test_a_wish_is_taken_up_once(wish, author):
    alignment.wish_to_intervention(actor=author, comment=wish, expected_version=None, title="Eerste")
    wish.refresh_from_db()
    with pytest.raises(DomainError, match="This wish is already taken up"):
        alignment.wish_to_intervention(actor=author, comment=wish, expected_version=None, title="Tweede")
    assert wish.plan.interventions.filter(title="Tweede").count() == 0


def test_only_a_wish_becomes_an_intervention_and_only_by_the_author(consulting, wish, author, or_member, line_manager):
    comment = alignment.comment_create(actor=or_member, plan=consulting, text="Gewone opmerking.")
    with pytest.raises(DomainError, match="Only a team wish becomes a learning intervention"):
        alignment.wish_to_intervention(actor=author, comment=comment, expected_version=None, title="X")
    with pytest.raises(DomainError, match=r"Only an L&D author .* answers the comments"):
        alignment.wish_to_intervention(actor=line_manager, comment=wish, expected_version=None, title="X")
    assert not consulting.interventions.filter(title="X").exists()


def test_a_refused_intervention_leaves_the_wish_open(wish, author):
    count = wish.plan.interventions.count()
    with pytest.raises(DomainError, match="An organisation-wide intervention is not tied to units"):  # R2: organisation-wide interventions name no units
        alignment.wish_to_intervention(
            actor=author, comment=wish, expected_version=None, title="Fout", level="organisation", units=[wish.unit]
        )
    wish.refresh_from_db()
    assert not wish.is_handled and wish.intervention is None
    assert wish.plan.interventions.count() == count


# --- Comments are discussion, not plan text ----------------------------------------------------


def test_comments_are_not_part_of_the_snapshot_or_its_hash(plan, author, or_member):
    _snapshot, before = current_snapshot(plan)
    comment = alignment.comment_create(actor=or_member, plan=plan, text="Verandert de hash niet.")
    alignment.comment_handle(actor=author, comment=comment, reaction="Klopt.", expected_version=None)
    snapshot, after = current_snapshot(plan)
    assert after == before
    assert "Verandert de hash niet." not in str(export_plan(plan))
    assert "comments" not in snapshot


# --- The completeness check (R6, warnings only) -------------------------------------------------


def test_a_draft_never_put_out_for_consultation_gets_a_warning_r6(plan):
    assert r6(plan) == [("alignment", WARNING, "consultation")]
    assert not evaluate(plan).for_section("alignment")[0].is_blocking


def test_a_plan_in_or_after_a_round_has_no_consultation_warning(consulting, author):
    assert r6(consulting) == []
    alignment.close_consultation(actor=author, plan=consulting)
    consulting.refresh_from_db()
    assert r6(consulting) == []


def test_open_comments_and_wishes_are_a_warning_until_answered_r6(wish, consulting, author, or_member):
    alignment.comment_create(actor=or_member, plan=consulting, text="Vraag.")
    findings = [f for f in evaluate(consulting).findings if f.rule == "R6"]
    assert [(f.severity, f.anchor) for f in findings] == [(WARNING, "open-comments")]
    assert "2 comments and team wishes" in findings[0].message
    for comment in consulting.comments.all():
        alignment.comment_handle(actor=author, comment=comment, reaction="Verwerkt.", expected_version=None)
    assert r6(consulting) == []


def test_the_consultation_warning_does_not_stop_a_submission(org, author):
    plan = factories.complete_plan(org, author)
    assert r6(plan) == [("alignment", WARNING, "consultation")]
    assert lifecycle.submit_plan(actor=author, plan=plan).number == 1
    plan.refresh_from_db()
    assert r6(plan) == []  # past drafting the advice no longer applies
