"""The plan file in the browser (issue 14): download a plan as JSON, import one with a preview."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.interchange.services import export_plan
from plans.models import Plan
from tests import factories


@pytest.fixture
def complete(org, author):
    return factories.complete_plan(org, author)


def _file(document, name="plan.json") -> SimpleUploadedFile:
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    return SimpleUploadedFile(name, data, content_type="application/json")


def _import_url(org) -> str:
    return reverse("plans:plan_import", kwargs={"org": org.slug})


def test_a_member_downloads_the_plan_as_its_json_document(complete, viewer, client_of):
    response = client_of(viewer).get(reverse("plans:plan_file", kwargs={"plan": complete.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="') and response["Content-Disposition"].endswith('.json"')
    assert json.loads(response.content) == export_plan(complete)


def test_another_organisation_gets_no_plan_file(complete, outsider, client_of):
    # Outside one's organisations a plan does not exist (404), as on every plan page.
    assert client_of(outsider).get(reverse("plans:plan_file", kwargs={"plan": complete.pk})).status_code == 404


def test_the_file_is_previewed_then_imported_into_this_organisation(complete, outsider, other_org, client_of):
    document = export_plan(complete)
    client = client_of(outsider)
    preview = client.post(_import_url(other_org), {"file": _file(document)})
    assert preview.status_code == 200 and document["plan"]["title"] in preview.content.decode()
    assert not other_org.plans.exists()  # nothing saved before the confirmation
    token = preview.context["token"]
    assert preview.context["summary"]["themes"] == len(document["plan"]["themes"])
    known = set(other_org.units.values_list("code", flat=True))
    codes = [u["code"] for u in document["organisation"]["units"]]
    assert preview.context["summary"]["units_new"] == len([c for c in codes if c not in known])
    assert preview.context["summary"]["units_found"] == len([c for c in codes if c in known])

    done = client.post(_import_url(other_org), {"token": token, "confirm": "1"})
    imported = other_org.plans.get()
    assert done.status_code == 302 and done["Location"] == imported.get_absolute_url()
    again = export_plan(imported)
    assert again["plan"] == document["plan"] and again.get("budget") == document.get("budget")
    assert imported.status == "draft" and complete.organisation.plans.count() == 1


def test_a_file_with_problems_names_each_place_in_dutch_and_saves_nothing(complete, outsider, other_org, client_of):
    document = export_plan(complete)
    document["plan"]["themes"][0]["title"] = ""
    units = other_org.units.count()
    response = client_of(outsider).post(_import_url(other_org), {"file": _file(document)})
    assert response.context["problems"] == [("plan.themes[0].title", "mag niet leeg zijn")]
    assert "mag niet leeg zijn" in response.content.decode()
    # References are checked once the file has the right form.
    document = export_plan(complete)
    document["plan"]["interventions"][0]["units"] = ["nergens"]
    response = client_of(outsider).post(_import_url(other_org), {"file": _file(document)})
    assert ("plan.interventions[0].units", "onbekend organisatieonderdeel 'nergens'") in response.context["problems"]
    assert not other_org.plans.exists() and other_org.units.count() == units


def test_a_file_that_is_not_json_is_refused_with_the_reason(outsider, other_org, client_of):
    response = client_of(outsider).post(_import_url(other_org), {"file": _file(b"{niet: json")})
    (place, message), = response.context["problems"]
    assert message.startswith("geen geldige JSON: regel 1, kolom 2") and place == "het bestand als geheel"
    assert not Plan.objects.filter(organisation=other_org).exists()


def test_a_file_that_is_not_utf8_is_refused_not_mangled(outsider, other_org, client_of):
    response = client_of(outsider).post(_import_url(other_org), {"file": _file('{"a": "caf\xe9"}'.encode("latin-1"))})
    assert response.context["error"] == "Het bestand is geen UTF-8-tekst; een planbestand uit soplan is dat altijd."
    assert not other_org.plans.exists()


def test_confirming_without_the_previewed_file_imports_nothing(outsider, other_org, client_of):
    response = client_of(outsider).post(_import_url(other_org), {"token": "forged", "confirm": "1"})
    assert response.context["error"] == "Het geüploade bestand is er niet meer; kies het opnieuw."
    assert not other_org.plans.exists()


def test_only_an_author_of_the_organisation_imports(org, viewer, outsider, client_of):
    assert client_of(viewer).get(_import_url(org)).status_code == 403  # a member without the author role
    assert client_of(outsider).get(_import_url(org)).status_code == 404  # another organisation
