"""Figures from the HR system: upload, map, preview (problems by row and column), all-or-nothing
import through the services, idempotent re-import, and hostile cells kept as inert text."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from stakeholders import hr_import
from stakeholders.models import AuditEvent, Unit
from tests import factories

HEADERS = ["code", "naam", "onderdeel van (code)", "fte", "zorgpersoneel (ja/nee)"]


def xlsx(rows, headers=HEADERS) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "hr-export.xlsx"
    return buffer


def csv_file(text: str, name: str = "hr-export.csv") -> io.BytesIO:
    buffer = io.BytesIO(text.encode("utf-8"))
    buffer.name = name
    return buffer


UNITS = [
    ["zorg", "Zorg", "", 0, "ja"],
    ["wg-1", "Woongroep 1", "zorg", 18.5, "ja"],
    ["wg-2", "Woongroep 2", "zorg", "12,25", "ja"],
    ["fin", "Financiën", "", 6, "nee"],
]


def url(org, kind="eenheden"):
    return reverse("stakeholders:hr_import", kwargs={"org": org.slug, "kind": kind})


def upload(client, org, file, kind="eenheden"):
    """Upload a file; returns the preview response (with the upload's token)."""
    client.get(url(org, kind))
    return client.post(url(org, kind), {"file": file})


def confirm(client, org, preview, kind="eenheden", extra=None):
    return client.post(url(org, kind), {"upload": preview.context["token"], "confirm": "1", **(extra or {})})


@pytest.fixture
def as_author(client, author):
    client.force_login(author)
    return client


def test_a_clean_file_is_previewed_then_imported_through_the_services(as_author, org):
    preview = upload(as_author, org, xlsx(UNITS))
    assert preview.status_code == 200
    assert preview.context["problems"] == []
    assert not Unit.objects.filter(organisation=org, code="wg-1").exists()  # nothing before confirming

    response = confirm(as_author, org, preview)
    assert response.status_code == 302
    wg1 = Unit.objects.get(organisation=org, code="wg-1")
    assert wg1.parent.code == "zorg"
    assert wg1.fte == Decimal("18.50")
    assert Unit.objects.get(organisation=org, code="wg-2").fte == Decimal("12.25")
    assert Unit.objects.get(organisation=org, code="fin").is_care_staff is False
    assert AuditEvent.objects.filter(organisation=org, action="created", object_repr="Woongroep 1").exists()


def test_a_file_with_errors_changes_nothing_and_names_row_and_column(as_author, org):
    before = list(Unit.objects.filter(organisation=org).values_list("code", "fte"))
    events = AuditEvent.objects.count()
    rows = [*UNITS, ["wg 3", "", "onbekend", "veel", "misschien"]]
    preview = upload(as_author, org, xlsx(rows))

    text = preview.content.decode()
    assert all(p.row == 6 for p in preview.context["problems"])
    assert len(preview.context["problems"]) == 5  # code, name, parent, FTE, care staff
    assert "Rij 6, kolom code (A)" in text
    assert "Rij 6, kolom fte (D)" in text
    assert {p.column for p in preview.context["problems"]} == {
        "code (A)", "naam (B)", "onderdeel van (code) (C)", "fte (D)", "zorgpersoneel (ja/nee) (E)"}
    response = confirm(as_author, org, preview)
    assert response.status_code == 200  # the preview again, nothing imported
    assert list(Unit.objects.filter(organisation=org).values_list("code", "fte")) == before
    assert AuditEvent.objects.count() == events


def test_the_run_refuses_a_file_with_problems_even_without_the_page(org, author):
    table = hr_import.tables.Table(headers=HEADERS, rows=[["x", "X", "", "-1", ""]])
    kind = hr_import.ORGANISATION_KINDS["eenheden"]
    with pytest.raises(hr_import.DomainError, match="nothing was imported"):
        hr_import.run(actor=author, kind=kind, target=org, table=table, mapping=hr_import.default_mapping(kind, HEADERS))
    assert not org.units.filter(code="x").exists()


def test_importing_the_same_file_again_changes_nothing(as_author, org):
    confirm(as_author, org, upload(as_author, org, xlsx(UNITS)))
    stored = list(Unit.objects.filter(organisation=org).values_list("code", "name", "fte", "parent", "is_care_staff").order_by("code"))
    events = AuditEvent.objects.count()

    preview = upload(as_author, org, xlsx(UNITS))
    response = confirm(as_author, org, preview)
    assert response.status_code == 302
    assert list(Unit.objects.filter(organisation=org).values_list("code", "name", "fte", "parent", "is_care_staff").order_by("code")) == stored
    assert AuditEvent.objects.count() == events


def test_formulas_and_control_characters_stay_text(as_author, org):
    hostile = "=cmd|' /C calc'!A0"
    text = (
        "code;naam;onderdeel van (code);fte;zorgpersoneel (ja/nee)\n"
        f"evil;{hostile};;1;ja\n"
        "plus;+SUM(A1:A2);;2;ja\n"
        "ctl;Team\x07 met\x1b bel;;3;ja\n"
    )
    preview = upload(as_author, org, csv_file(text))
    assert preview.context["problems"] == []
    confirm(as_author, org, preview)
    assert Unit.objects.get(organisation=org, code="evil").name == "'" + hostile
    assert Unit.objects.get(organisation=org, code="plus").name == "'+SUM(A1:A2)"
    assert Unit.objects.get(organisation=org, code="ctl").name == "Team met bel"


def test_a_formula_is_no_number(as_author, org):
    text = "code;naam;onderdeel van (code);fte\nx;X;;=1+1\ny;Y;;@SUM(1)\n"
    preview = upload(as_author, org, csv_file(text))
    assert [(p.row, p.column) for p in preview.context["problems"]] == [(2, "fte (D)"), (3, "fte (D)")]
    assert not org.units.filter(code__in=["x", "y"]).exists()


def test_columns_of_another_export_can_be_mapped(as_author, org):
    text = "Kostenplaats,Omschrijving,FTE totaal\nk1,Keuken,3\n"
    preview = upload(as_author, org, csv_file(text))
    assert len(preview.context["problems"]) == 3  # code, name and FTE: not found by header
    mapping = {"map_code": "0", "map_name": "1", "map_fte": "2", "map_parent": "-1", "map_care_staff": "-1"}
    remapped = as_author.post(url(org), {"upload": preview.context["token"], "remap": "1", **mapping})
    assert remapped.context["problems"] == []
    confirm(as_author, org, remapped, extra=mapping)
    assert org.units.get(code="k1").name == "Keuken"


def test_function_groups_are_imported_with_their_level(as_author, org):
    text = "code;naam;kwalificatieniveau\nhlp;Helpende;mbo 2\nvig;Verzorgende IG;mbo 3\nxx;Onbekend;mbo 9\n"
    preview = upload(as_author, org, csv_file(text), kind="functiegroepen")
    assert [(p.row, p.column) for p in preview.context["problems"]] == [(4, "kwalificatieniveau (C)")]
    fixed = upload(as_author, org, csv_file(text.replace("mbo 9", "hbo")), kind="functiegroepen")
    confirm(as_author, org, fixed, kind="functiegroepen")
    assert org.function_groups.get(code="hlp").qualification_level == "mbo2"


def test_the_template_is_a_workbook_with_the_expected_headers(as_author, org):
    response = as_author.get(reverse("stakeholders:hr_template", kwargs={"org": org.slug, "kind": "eenheden"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert len(headers) == 5
    kind = hr_import.ORGANISATION_KINDS["eenheden"]
    assert hr_import.default_mapping(kind, headers) == {c.key: i for i, c in enumerate(kind.columns)}


def test_formation_is_imported_into_a_draft_plan(as_author, org, plan):
    text = ("unit (code);function group (code);FTE now;retirement per year (FTE);turnover per year (FTE);"
            "growth per year (FTE)\nteam-1;vig;12,5;0,5;1,2;-0,5\nteam-2;vpk;4;0;0,4;0\n")
    target = reverse("plans:figures_import", kwargs={"plan": plan.pk, "kind": "formatie"})
    as_author.get(target)
    preview = as_author.post(target, {"file": csv_file(text)})
    assert preview.context["problems"] == []
    as_author.post(target, {"upload": preview.context["token"], "confirm": "1"})
    row = plan.formation_rows.get(unit__code="team-1", function_group__code="vig")
    assert (row.current_fte, row.growth_per_year) == (Decimal("12.50"), Decimal("-0.50"))
    versions = list(plan.formation_rows.values_list("lock_version", flat=True))
    again = as_author.post(target, {"file": csv_file(text)})
    as_author.post(target, {"upload": again.context["token"], "confirm": "1"})
    assert list(plan.formation_rows.values_list("lock_version", flat=True)) == versions


@pytest.mark.parametrize("persona", ["viewer", "line_manager"])
def test_only_the_author_may_import(client, org, plan, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(org)).status_code == 403
    assert client.post(url(org), {"file": xlsx(UNITS)}).status_code == 403
    assert client.get(reverse("plans:figures_import", kwargs={"plan": plan.pk, "kind": "formatie"})).status_code == 403
    assert not org.units.filter(code="wg-1").exists()


def test_an_outsider_finds_no_import_page(client, org, plan, outsider):
    client.force_login(outsider)
    assert client.post(url(org), {"file": xlsx(UNITS)}).status_code == 404
    assert client.get(reverse("stakeholders:hr_template", kwargs={"org": org.slug, "kind": "eenheden"})).status_code == 404
    assert client.get(reverse("plans:figures_import", kwargs={"plan": plan.pk, "kind": "formatie"})).status_code == 404
    assert not org.units.filter(code="wg-1").exists()


def test_an_upload_of_another_person_cannot_be_confirmed(client, org, author):
    other_author = factories.person(org, roles=["author"], email="tweede@example.test")
    client.force_login(author)
    preview = upload(client, org, xlsx(UNITS))
    client.force_login(other_author)
    response = client.post(url(org), {"upload": preview.context["token"], "confirm": "1"})
    assert response.status_code == 200  # back to the upload form: the token is in the other session
    assert not org.units.filter(code="wg-1").exists()


def test_a_formula_cell_of_a_workbook_is_read_as_its_text_never_its_result(as_author, org):
    preview = upload(as_author, org, xlsx([["f", "=HYPERLINK(\"http://x\")", "", "=1+1", "ja"]]))
    assert [(p.row, p.column) for p in preview.context["problems"]] == [(2, "fte (D)")]
    fixed = upload(as_author, org, xlsx([["f", "=HYPERLINK(\"http://x\")", "", 1, "ja"]]))
    confirm(as_author, org, fixed)
    assert org.units.get(code="f").name == "'=HYPERLINK(\"http://x\")"
