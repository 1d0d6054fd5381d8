"""Journey (R17, issue 11): the L&D author adds an evidence file to the open evaluation and
closes it; the works council comments and the author reacts; the board member makes the
evaluation report PDF ("Evaluatie 2027") and downloads it. Screenshots at 1280 and 390 px.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from plans.evaluation import services
from plans.models import Comment, Document, EvidenceFile
from tests import factories
from tests.plans.pdf_support import flat, pages_text

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_comments_and_the_evaluation_report(
    page, live_server, login, shot, org, author, board_member, or_member, var_member, cr_member, tmp_path
):
    plan = factories.complete_plan(org, author)
    factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member, cr_member])
    evaluation = services.evaluation_start(actor=author, plan=plan, year=2027, today=dt.date(2028, 1, 15))
    objective = plan.objectives.order_by("theme__position", "position", "pk").first()
    services.objective_result_save(actor=author, evaluation=evaluation, objective=objective, result="partly",
                                   measured="3 van de 5 teams", evidence=["survey"])
    evaluation.refresh_from_db()
    services.evaluation_update(actor=author, evaluation=evaluation, expected_version=evaluation.lock_version,
                               conclusions="De leergang liep goed; de nachtdiensten bleven achter.")
    url = f"{live_server.url}/plannen/{plan.pk}/evaluatie/2027/"
    evidence = tmp_path / "uitkomst-mto-2027.pdf"
    evidence.write_bytes(PDF)

    login(page, author)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    files = page.locator("#evidence-files")
    files.get_by_label("Voor").select_option(objective.code)
    files.locator("input[type=file]").set_input_files(str(evidence))
    files.get_by_label("Omschrijving").fill("Rapport van het onderzoeksbureau")
    files.get_by_role("button", name="Bestand toevoegen").click()
    expect(page.locator(".alert-success").first).to_contain_text("Het bestand is aan de evaluatie toegevoegd.")
    expect(page.locator("#evidence-files table")).to_contain_text("uitkomst-mto-2027.pdf")
    expect(page.locator(f"#objective-{objective.code}")).to_contain_text("uitkomst-mto-2027.pdf")
    shot(page, "evaluation-evidence-01-file-1280")
    # A file that is not what its name says is refused, in Dutch, and nothing is stored.
    fake = tmp_path / "verzuim.xlsx"
    fake.write_bytes(b"geen spreadsheet")
    files = page.locator("#evidence-files")
    files.locator("input[type=file]").set_input_files(str(fake))
    files.get_by_role("button", name="Bestand toevoegen").click()
    expect(page.locator(".alert-danger").first).to_contain_text("Het bestand is geen XLSX")
    assert EvidenceFile.objects.count() == 1
    page.get_by_role("button", name="Evaluatie afsluiten").click()
    expect(page.locator(".alert-success").first).to_contain_text("De evaluatie van 2027 is afgesloten.")

    page.context.clear_cookies()
    login(page, or_member)
    page.goto(url)
    expect(page.get_by_role("button", name="Evaluatie opslaan")).to_have_count(0)
    page.get_by_label("Uw opmerking").fill("Waarom bleven de nachtdiensten achter?")
    page.get_by_role("button", name="Opmerking toevoegen").click()
    expect(page.locator("#evaluation-comments")).to_contain_text("Waarom bleven de nachtdiensten achter?")

    page.context.clear_cookies()
    login(page, author)
    page.goto(url)
    comment = Comment.objects.get(evaluation=evaluation)
    page.locator(f"#comment-{comment.pk}").get_by_label("Uw reactie").fill("Te weinig roosterruimte; in 2028 ingepland.")
    page.get_by_role("button", name="Reactie opslaan").click()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Te weinig roosterruimte")

    page.context.clear_cookies()
    login(page, board_member)
    page.goto(url)
    page.get_by_role("button", name="Pdf maken").click()
    expect(page.locator("#evaluation-report")).to_have_attribute("data-status", "ready", timeout=60_000)
    shot(page, "evaluation-evidence-02-report-1280")
    with page.expect_download() as info:
        page.locator("#download-evaluation-report").click()
    content = open(info.value.path(), "rb").read()  # noqa: PTH123, SIM115 - the browser's temporary file
    text = flat(" ".join(pages_text(content, layout=False)))
    assert "Evaluatie 2027" in text and "uitkomst-mto-2027.pdf" in text and "Deels gerealiseerd" in text
    assert Document.objects.get(evaluation=evaluation).sha256
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "evaluation-evidence-03-report-390")
