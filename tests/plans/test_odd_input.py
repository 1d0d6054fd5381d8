"""Odd input never causes a server error: property-based tests (hypothesis) for forms and importer."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.interchange import format as plan_format
from plans.interchange import services as interchange

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow])

# Text with everything a browser or a script can send: control characters, NUL, emoji, long runs.
odd_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "99999999999999999999", "-1", "1e309",
                     "NaN", "2027.5", "１２", "ß" * 5000, "'; DROP TABLE plans_plan; --"]),
)
odd_value = st.one_of(odd_text, st.integers(min_value=-10**12, max_value=10**12).map(str))


def form_targets(plan, org):
    theme = plan.themes.get()
    unit = org.units.get(code="team-1")
    return {
        reverse("plans:plan_create", kwargs={"org": org.slug}): ["title", "start_year", "end_year", "previous"],
        reverse("plans:plan_edit", kwargs={"plan": plan.pk}): ["title", "start_year", "end_year", "preface", "lock_version"],
        reverse("plans:theme_add", kwargs={"plan": plan.pk}): ["kind", "title", "description", "implications"],
        reverse("plans:objective_add", kwargs={"plan": plan.pk, "theme": theme.pk}): ["description", "indicator", "target_year"],
        reverse("plans:vision", kwargs={"plan": plan.pk}): ["lock_version", "desired_now", "route_future",
                                                           "mix_on_the_job", "mix_social", "mix_formal"],
        reverse("plans:intervention_add", kwargs={"plan": plan.pk}): ["title", "level", "units", "objectives", "years",
                                                                     "topics", "work_forms", "horizon", "function_groups"],
        reverse("plans:qualification_unit", kwargs={"plan": plan.pk, "unit": unit.pk}): ["target_year", "hbo_current",
                                                                                           "hbo_desired", "hbo_version"],
        reverse("plans:formation_unit", kwargs={"plan": plan.pk, "unit": unit.pk}): [
            f"g{g.pk}_{f}" for g in org.function_groups.all() for f in ("current_fte", "growth_per_year", "version")
        ],
        reverse("plans:action_add", kwargs={"plan": plan.pk}): ["description", "responsible", "due"],
    }


FORMS = ["plan_create", "plan_edit", "theme_add", "objective_add", "vision", "intervention_add",
         "qualification_unit", "formation_unit", "action_add"]


@pytest.mark.parametrize("form", FORMS)
@FUZZ
@given(data=st.data())
def test_plan_forms_answer_odd_input_with_a_page_not_a_server_error(client_of, author, plan, org, form, data):
    client = client_of(author)
    path, fields = next((p, f) for p, f in form_targets(plan, org).items() if p == _path_of(form, plan, org))
    payload = {field: data.draw(odd_value, label=field) for field in fields}
    response = client.post(path, payload)
    assert response.status_code in {200, 302}, (path, payload, response.status_code)


def test_an_absurd_id_in_an_address_is_not_found(client_of, author, plan):
    response = client_of(author).get(f"/plannen/{10**30}/themas/")
    assert response.status_code == 404
    response = client_of(author).get(f"/plannen/{plan.pk}/themas/{2**62}/")
    assert response.status_code == 404


def _path_of(form: str, plan, org) -> str:
    return list(form_targets(plan, org))[FORMS.index(form)]


def _paths(node, prefix=()):
    """Every (path, value) leaf and container in a JSON document."""
    yield prefix, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
              st.floats(allow_nan=False, allow_infinity=False), odd_text),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@FUZZ
@given(data=st.data())
def test_the_importer_refuses_odd_documents_with_named_errors_and_never_crashes(plan, data):
    document = interchange.export_plan(plan)
    document["organisation"]["slug"] = "fuzz"
    mutated = copy.deepcopy(document)
    paths = [p for p, _v in _paths(mutated) if p]
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="mutations")):
        path = data.draw(st.sampled_from(paths), label="path")
        target = mutated
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = data.draw(json_values, label="value")
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced the container
    try:
        imported = interchange.import_plan(mutated)
    except plan_format.InterchangeError as exc:
        assert exc.errors and all(isinstance(e, str) and e for e in exc.errors)
        return
    assert imported.pk  # whatever got through is a real, valid plan
    assert interchange.validate(interchange.export_plan(imported)) == []


@pytest.mark.parametrize("document", [None, [], "plan", 42, {}, {"format": "soplan/plan"}])
def test_the_importer_refuses_documents_that_are_not_plans(db, document):
    with pytest.raises(plan_format.InterchangeError):
        interchange.import_plan(document)
