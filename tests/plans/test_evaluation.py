"""The yearly evaluation (R17) and the board statement drawn from it (R11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from plans.approval import statements
from plans.content import services as content
from plans.evaluation import services
from plans.models import Evaluation, Plan, Realisation
from soplan.errors import DomainError
from tests import factories

IN_2028 = dt.date(2028, 3, 1)


@pytest.fixture
def adopted(org, author, board_member, or_member, var_member, cr_member):
    plan = factories.complete_plan(org, author)
    theme = plan.themes.first()
    for text in ("Elk team heeft een aandachtsvelder.", "Verzuim onder de 5 %."):
        objective = content.objective_create(
            actor=author, theme=theme, description=text, indicator="teams", target_year=2028
        )
        plan.interventions.first().objectives.add(objective)  # every objective has an intervention
    factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member, cr_member])
    return plan


def _objectives(plan):
    return list(plan.objectives.order_by("theme__position", "position", "pk"))


def _evaluate(plan, author, results: list[str]):
    evaluation = services.evaluation_start(actor=author, plan=plan, year=2027, today=IN_2028)
    for objective, result in zip(_objectives(plan), results, strict=True):
        services.objective_result_save(
            actor=author, evaluation=evaluation, objective=objective, result=result,
            measured="3 van de 5 teams", evidence=["survey", "appraisal"], note="Toelichting.",
        )
    evaluation.refresh_from_db()
    services.evaluation_update(
        actor=author, evaluation=evaluation, expected_version=evaluation.lock_version,
        conclusions="De leergang liep goed.", attention_points="Meer aandacht voor nachtdiensten.",
        plan_change="year_plan", plan_change_reason="Planning van de scholing verschuift.",
    )
    return services.evaluation_close(actor=author, evaluation=evaluation)


def test_a_draft_plan_is_not_evaluated(org, author, plan):
    with pytest.raises(DomainError, match="so you cannot evaluate now"):
        services.evaluation_start(actor=author, plan=plan, year=2027, today=IN_2028)


def test_a_year_that_has_not_begun_is_not_evaluated(adopted, author):
    with pytest.raises(DomainError, match="that has begun"):
        services.evaluation_start(actor=author, plan=adopted, year=2029, today=IN_2028)


def test_starting_twice_gives_the_one_evaluation_of_the_year(adopted, author):
    first = services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    again = services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    assert first.pk == again.pk
    assert Evaluation.objects.filter(plan=adopted).count() == 1
    assert first.theme_reviews.count() == adopted.themes.count() > 0


@pytest.mark.parametrize("who", ["or_member", "board_member", "line_manager", "viewer"])
def test_only_the_author_writes_the_evaluation(adopted, author, who, request):
    actor = request.getfixturevalue(who)
    with pytest.raises(DomainError, match="Only the L&D author writes the evaluation"):
        services.evaluation_start(actor=actor, plan=adopted, year=2027, today=IN_2028)
    evaluation = services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    with pytest.raises(DomainError, match="Only the L&D author writes the evaluation"):
        services.objective_result_save(
            actor=actor, evaluation=evaluation, objective=_objectives(adopted)[0], result=Realisation.REALISED
        )


def test_closing_needs_a_result_for_every_objective_and_conclusions(adopted, author):
    evaluation = services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    codes = [o.code for o in _objectives(adopted)]
    with pytest.raises(DomainError, match="Give a result for every objective first .R17.: " + ", ".join(codes)):
        services.evaluation_close(actor=author, evaluation=evaluation)
    for objective in _objectives(adopted):
        services.objective_result_save(actor=author, evaluation=evaluation, objective=objective, result=Realisation.REALISED)
    with pytest.raises(DomainError, match="Write the conclusions first"):
        services.evaluation_close(actor=author, evaluation=evaluation)


def test_a_closed_evaluation_cannot_be_changed(adopted, author):
    evaluation = _evaluate(adopted, author, [Realisation.REALISED] * len(_objectives(adopted)))
    assert evaluation.is_closed
    with pytest.raises(DomainError, match="is closed; it can no longer be changed"):
        services.objective_result_save(
            actor=author, evaluation=evaluation, objective=_objectives(adopted)[0], result=Realisation.NOT_REALISED
        )


def test_the_statement_after_an_evaluation_with_unmet_objectives_needs_the_boards_explanation(
    adopted, author, board_member
):
    objectives = _objectives(adopted)
    assert len(objectives) == 3
    results = [Realisation.REALISED] + [Realisation.NOT_REALISED] + [Realisation.PARTLY] * (len(objectives) - 2)
    _evaluate(adopted, author, results)
    unmet_codes = [o.code for o in objectives[1:]]
    # R11: the old yes/no form cannot declare them met...
    with pytest.raises(DomainError, match="shows objectives not met: " + ", ".join(unmet_codes)):
        statements.issue_statement(actor=board_member, plan=adopted, year=2028, text="Uitvoering loopt.", objectives_met=True)
    # ...nor leave one unexplained.
    with pytest.raises(DomainError, match=r"Explain every objective not met \(R11\): " + unmet_codes[0]):
        services.statement_from_evaluation(
            actor=board_member, plan=adopted, year=2028, text="Uitvoering loopt.",
            explanations={code: "Later gestart." for code in unmet_codes[1:]},
        )
    statement = services.statement_from_evaluation(
        actor=board_member, plan=adopted, year=2028, text="Uitvoering loopt.",
        explanations={code: f"Reden bij {code}." for code in unmet_codes},
    )
    assert statement.objectives_met is False
    assert statement.explanation.splitlines() == [f"{code}: Reden bij {code}." for code in unmet_codes]


def test_the_statement_after_an_evaluation_with_every_objective_met_needs_no_explanation(adopted, author, board_member):
    _evaluate(adopted, author, [Realisation.REALISED] * len(_objectives(adopted)))
    statement = services.statement_from_evaluation(
        actor=board_member, plan=adopted, year=2028, text="Uitvoering loopt.", explanations={}
    )
    assert statement.objectives_met is True
    assert statement.explanation == ""


def test_the_statement_waits_for_the_evaluation_to_be_closed(adopted, author, board_member):
    services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    with pytest.raises(DomainError, match="Close the evaluation of 2027 first"):
        services.statement_from_evaluation(actor=board_member, plan=adopted, year=2028, text="Tekst.", explanations={})


# --- Pages -----------------------------------------------------------------------------------


def test_councils_read_the_evaluation_but_get_no_form(adopted, author, or_member, client_of):
    _evaluate(adopted, author, [Realisation.REALISED] * len(_objectives(adopted)))
    page = client_of(or_member).get(reverse("plans:evaluation", kwargs={"plan": adopted.pk, "year": 2027}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "De leergang liep goed." in text
    assert 'id="save-evaluation"' not in text
    refused = client_of(or_member).post(
        reverse("plans:evaluation_close", kwargs={"plan": adopted.pk, "year": 2027})
    )
    assert refused.status_code == 403


def test_outsiders_see_nothing_of_the_evaluation(adopted, author, outsider, client_of):
    services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    for name, kwargs in [
        ("plans:evaluations", {"plan": adopted.pk}),
        ("plans:evaluation", {"plan": adopted.pk, "year": 2027}),
        ("plans:evaluation_statement", {"plan": adopted.pk, "year": 2027}),
    ]:
        assert client_of(outsider).get(reverse(name, kwargs=kwargs)).status_code == 404, name


def test_the_author_saves_the_whole_evaluation_in_one_form(adopted, author, client_of):
    evaluation = services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    objective = _objectives(adopted)[0]
    theme = adopted.themes.first()
    url = reverse("plans:evaluation", kwargs={"plan": adopted.pk, "year": 2027})
    data = {
        "e-conclusions": "Goed jaar.", "e-attention_points": "", "e-plan_change": "none", "e-plan_change_reason": "",
        "e-lock_version": evaluation.lock_version,
        f"o-{objective.code}-result": "partly", f"o-{objective.code}-measured": "60 %",
        f"o-{objective.code}-evidence": ["survey"], f"o-{objective.code}-note": "",
        f"t-{theme.code}-needs_attention": "on", f"t-{theme.code}-note": "Extra scholing.",
        f"t-{theme.code}-lock_version": evaluation.theme_reviews.get(theme=theme).lock_version,
    }
    response = client_of(author).post(url, data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.conclusions == "Goed jaar."
    result = evaluation.objective_results.get()
    assert (result.objective, result.result, result.measured, result.evidence) == (objective, "partly", "60 %", ["survey"])
    assert evaluation.theme_reviews.get(theme=theme).needs_attention is True


def test_a_bad_value_keeps_the_input_and_saves_nothing(adopted, author, client_of):
    evaluation = services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    objective = _objectives(adopted)[0]
    url = reverse("plans:evaluation", kwargs={"plan": adopted.pk, "year": 2027})
    response = client_of(author).post(url, {
        "e-conclusions": "Bewaar mij.", "e-plan_change": "none", "e-lock_version": evaluation.lock_version,
        f"o-{objective.code}-result": "bijna",
    })
    assert response.status_code == 200
    assert "Bewaar mij." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.conclusions == ""
    assert not evaluation.objective_results.exists()


# --- The demo ----------------------------------------------------------------------------------


@pytest.fixture
def demo_plan(db):
    from soplan.demo import seed

    seed(password="demo-password-for-tests")
    return Plan.objects.get(organisation__slug="het-voorbeeld", previous__isnull=True)


def test_the_demo_has_2027_evaluated_and_the_2028_statement_drawn_from_it(demo_plan):
    evaluation = demo_plan.evaluations.get(year=2027)
    assert evaluation.is_closed
    results = {r.result for r in evaluation.objective_results.all()}
    assert results == {Realisation.REALISED, Realisation.PARTLY, Realisation.NOT_REALISED}
    assert evaluation.objective_results.count() == demo_plan.objectives.count()
    assert all(r.evidence for r in evaluation.objective_results.all())
    statement = demo_plan.statements.get(year=2028)
    unmet = sorted(r.objective.code for r in services.unmet(evaluation))
    assert statement.objectives_met is False
    assert sorted(line.split(":")[0] for line in statement.explanation.splitlines()) == unmet
    assert sorted(statement.signatures.values_list("body_kind", flat=True)) == ["cr", "or", "var"]


def test_the_evaluation_page_reads_in_a_fixed_number_of_queries(demo_plan, client_of, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(username="or@soplan.example")
    client = client_of(member)
    url = reverse("plans:evaluation", kwargs={"plan": demo_plan.pk, "year": 2027})
    client.get(url)  # warm the per-state caches, as a second visit would find them
    # Pinned: themes, objectives, results and reviews are read once each, whatever their number;
    # plus one each for the evaluation report's latest PDF (a closed evaluation), the evidence
    # files, the comments of the board and the councils, and the regions in the navigation.
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200


# --- The next cycle ------------------------------------------------------------------------------


def test_the_next_cycle_carries_the_unrealised_objectives_and_continuing_interventions(adopted, author):
    from plans.evaluation import cycle
    from plans.interchange import services as interchange

    objectives = _objectives(adopted)
    _evaluate(adopted, author, [Realisation.REALISED, Realisation.NOT_REALISED, Realisation.PARTLY])
    before = interchange.export_plan(adopted)
    new = cycle.start_next_cycle(actor=author, plan=adopted)

    assert (new.start_year, new.end_year, new.status) == (2031, 2034, "draft")
    assert new.previous == adopted and list(adopted.successors.all()) == [new]
    assert {o.code: o.carried_over for o in new.objectives.all()} == {
        objectives[1].code: "not_realised", objectives[2].code: "partly",
    }
    after = interchange.export_plan(new)
    # Nothing lost, nothing duplicated: every theme, the vision and the formation once, as they were.
    for key in ("vision", "preface", "vision_on_learning", "formation", "improvement_actions", "learning_mix"):
        assert after["plan"][key] == before["plan"][key], key
    assert [t["code"] for t in after["plan"]["themes"]] == [t["code"] for t in before["plan"]["themes"]]
    continuing = [i for i in before["plan"]["interventions"] if 2030 in i["years"]]
    assert [i["code"] for i in after["plan"]["interventions"]] == [i["code"] for i in continuing]
    assert all(i["years"] == [2031] for i in after["plan"]["interventions"])
    assert after["budget"]["lines"] == []  # the year plan and realised figures stay with the old plan
    # The old plan is untouched.
    assert interchange.export_plan(adopted) == before


def test_the_next_cycle_starts_once(adopted, author):
    from plans.evaluation import cycle

    new = cycle.start_next_cycle(actor=author, plan=adopted)
    with pytest.raises(DomainError, match="The next cycle of this plan has already started: “" + new.title):
        cycle.start_next_cycle(actor=author, plan=adopted)
    assert adopted.successors.count() == 1


def test_only_the_author_starts_the_next_cycle_and_only_from_an_adopted_plan(adopted, author, board_member, plan):
    from plans.evaluation import cycle

    with pytest.raises(DomainError, match="Only an L&D author of .* can change this plan"):
        cycle.start_next_cycle(actor=board_member, plan=adopted)
    with pytest.raises(DomainError, match="so you cannot start the next cycle now"):
        cycle.start_next_cycle(actor=author, plan=plan)


def test_the_next_cycle_is_started_from_the_page_and_lands_on_the_flagged_objectives(adopted, author, client_of):
    _evaluate(adopted, author, [Realisation.REALISED, Realisation.NOT_REALISED, Realisation.PARTLY])
    response = client_of(author).post(reverse("plans:next_cycle", kwargs={"plan": adopted.pk}), follow=True)
    assert response.status_code == 200
    new = adopted.successors.get()
    assert response.redirect_chain[-1][0] == reverse("plans:themes", kwargs={"plan": new.pk})
    text = response.content.decode()  # in the reader's language
    assert "Not realised in the previous plan" in text or "Niet gerealiseerd in het vorige plan" in text


def test_the_demo_has_a_next_cycle_draft_with_the_unrealised_objectives(demo_plan):
    from plans.evaluation import cycle

    new = cycle.next_cycle_of(demo_plan)
    assert new is not None and new.status == "draft"
    unmet = {r.objective.code for r in services.unmet(demo_plan.evaluations.get(year=2027))}
    assert set(new.objectives.values_list("code", flat=True)) == unmet


def _action_urls(user, today) -> list[str]:
    from plans.overview.selectors import dashboard_entries

    return [a.url for entry in dashboard_entries(user, today=today) for a in entry.actions]


def test_the_dashboard_asks_the_author_to_evaluate_each_year_that_has_ended(adopted, author, or_member):
    # R17: in 2028 the year 2027 waits for its evaluation; nothing asks for 2028 itself yet.
    overview = reverse("plans:evaluations", kwargs={"plan": adopted.pk})
    assert overview in _action_urls(author, IN_2028)
    assert overview not in _action_urls(or_member, IN_2028)
    assert overview not in _action_urls(author, dt.date(2027, 6, 1))  # 2027 has not ended
    evaluation = services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)
    assert evaluation.get_absolute_url() in _action_urls(author, IN_2028)  # started: finish it
    evaluation.delete()
    _evaluate(adopted, author, [Realisation.REALISED, Realisation.NOT_REALISED, Realisation.PARTLY])
    urls = _action_urls(author, IN_2028)
    assert overview not in urls and not any("/evaluatie/2027/" in u for u in urls)


def test_the_board_is_led_to_the_statement_drawn_from_the_closed_evaluation(adopted, author, board_member):
    # R11: the statement of 2028 follows the evaluation of 2027 once it is closed.
    from_evaluation = reverse("plans:evaluation_statement", kwargs={"plan": adopted.pk, "year": 2027})
    plain = reverse("plans:statement_add", kwargs={"plan": adopted.pk})
    assert plain in _action_urls(board_member, IN_2028)
    _evaluate(adopted, author, [Realisation.REALISED, Realisation.NOT_REALISED, Realisation.PARTLY])
    urls = _action_urls(board_member, IN_2028)
    assert from_evaluation in urls and plain not in urls


def test_the_dashboard_offers_the_next_cycle_in_the_plans_last_year_until_it_is_started(adopted, author):
    from plans.evaluation import cycle

    start = reverse("plans:evaluations", kwargs={"plan": adopted.pk}) + "#next-cycle"
    assert start not in _action_urls(author, IN_2028)
    last_year = dt.date(adopted.end_year, 2, 1)
    assert start in _action_urls(author, last_year)
    cycle.start_next_cycle(actor=author, plan=adopted)
    assert start not in _action_urls(author, last_year)
