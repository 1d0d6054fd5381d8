"""The board and the councils comment on the yearly evaluation as in step 4; the author reacts
(R17, issue 11). The comments stay out of step 4's alignment page and its counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans.alignment import services as alignment
from plans.content.selectors import plan_content
from plans.evaluation import services
from plans.models import Comment, Notification
from soplan.errors import DomainError
from tests.plans.test_evaluation import IN_2028, adopted  # noqa: F401 - the fixture


@pytest.fixture
def evaluation(adopted, author):  # noqa: F811
    return services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)


@pytest.mark.parametrize("who", ["or_member", "cr_member", "var_member", "board_member"])
def test_the_board_and_each_council_comment_on_the_evaluation(evaluation, who, request):
    actor = request.getfixturevalue(who)
    comment = alignment.comment_create(actor=actor, plan=evaluation.plan, evaluation=evaluation, text="Mooi resultaat.")
    assert comment.evaluation == evaluation
    assert list(evaluation.comments.all()) == [comment]


@pytest.mark.parametrize("who", ["viewer", "author"])
def test_others_do_not_comment_on_the_evaluation(evaluation, who, request):
    with pytest.raises(DomainError, match="The board and the councils comment on the evaluation"):
        alignment.comment_create(actor=request.getfixturevalue(who), plan=evaluation.plan, evaluation=evaluation,
                                 text="Tekst.")


def test_an_outsider_does_not_comment(evaluation, outsider):
    with pytest.raises(DomainError, match="The board and the councils comment on the evaluation"):
        alignment.comment_create(actor=outsider, plan=evaluation.plan, evaluation=evaluation, text="Tekst.")


def test_a_comment_on_the_evaluation_is_no_comment_on_the_draft(evaluation, or_member):
    alignment.comment_create(actor=or_member, plan=evaluation.plan, evaluation=evaluation, text="Over de evaluatie.")
    assert plan_content(evaluation.plan).comments == []


def test_commenting_does_not_let_a_council_write_the_evaluation(evaluation, or_member):
    with pytest.raises(DomainError, match="Only the L&D author writes the evaluation"):
        services.evaluation_update(actor=or_member, evaluation=evaluation, expected_version=evaluation.lock_version,
                                   conclusions="Anders.")


def test_through_the_page_a_council_comments_and_the_author_reacts(evaluation, or_member, author, client_of):
    page = reverse("plans:evaluation", kwargs={"plan": evaluation.plan_id, "year": 2027})
    client = client_of(or_member)
    assert 'id="add-evaluation-comment"' in client.get(page).content.decode()
    client.post(reverse("plans:evaluation_comment", kwargs={"plan": evaluation.plan_id, "year": 2027}),
                {"text": "Waarom bleef D3 achter?"})
    comment = Comment.objects.get(evaluation=evaluation)
    client = client_of(author)
    html = client.get(page).content.decode()
    assert "Waarom bleef D3 achter?" in html and 'id="add-evaluation-comment"' not in html
    react = reverse("plans:evaluation_comment_react",
                    kwargs={"plan": evaluation.plan_id, "year": 2027, "comment": comment.pk})
    client.post(react, {"reaction": "Te weinig roosterruimte.", "lock_version": comment.lock_version})
    comment.refresh_from_db()
    assert comment.is_handled and comment.reaction == "Te weinig roosterruimte."
    note = Notification.objects.filter(user=or_member).latest("pk")
    assert note.url.endswith(f"{page}#comment-{comment.pk}")


def test_a_council_member_cannot_react_and_a_viewer_cannot_comment_through_the_page(
    evaluation, or_member, viewer, client_of
):
    comment = alignment.comment_create(actor=or_member, plan=evaluation.plan, evaluation=evaluation, text="Vraag.")
    react = reverse("plans:evaluation_comment_react",
                    kwargs={"plan": evaluation.plan_id, "year": 2027, "comment": comment.pk})
    assert client_of(or_member).post(react, {"reaction": "Zelf.", "lock_version": 0}).status_code == 403
    url = reverse("plans:evaluation_comment", kwargs={"plan": evaluation.plan_id, "year": 2027})
    assert client_of(viewer).post(url, {"text": "Ik ook."}).status_code == 403
    assert Comment.objects.filter(evaluation=evaluation).count() == 1
