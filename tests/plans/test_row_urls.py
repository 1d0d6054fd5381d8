"""Row URLs built once per page lead where the resolved URLs lead."""

from __future__ import annotations

from django.urls import reverse


def test_the_links_of_a_row_are_the_resolved_urls(client_of, author, plan):
    theme, objective, intervention = plan.themes.get(), plan.objectives.get(), plan.interventions.get()
    themes = client_of(author).get(reverse("plans:themes", kwargs={"plan": plan.pk})).content.decode()
    for name, kwargs in (
        ("plans:theme_edit", {"theme": theme.pk}),
        ("plans:theme_delete", {"theme": theme.pk}),
        ("plans:objective_edit", {"theme": theme.pk, "objective": objective.pk}),
        ("plans:objective_delete", {"objective": objective.pk}),
        ("plans:objective_add", {"theme": theme.pk}),
        ("plans:move", {"kind": "objective", "pk": objective.pk, "direction": "down"}),
    ):
        assert f'"{reverse(name, kwargs={"plan": plan.pk, **kwargs})}"' in themes, name
    interventions = client_of(author).get(reverse("plans:interventions", kwargs={"plan": plan.pk})).content.decode()
    assert f'"{reverse("plans:intervention_edit", kwargs={"plan": plan.pk, "intervention": intervention.pk})}"' in interventions
    assert "999999999999999999" not in themes + interventions
