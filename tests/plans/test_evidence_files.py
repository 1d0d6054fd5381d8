"""Evidence files of the yearly evaluation (R17, issue 11): checked by content, stored with their
SHA-256, append-only, listed on the evaluation page, served only to members."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from plans.evaluation import evidence_files, services
from plans.evidence import ImmutableRecordError
from plans.models import EvidenceFile
from soplan.errors import DomainError
from tests.plans.test_evaluation import IN_2028, _evaluate, adopted  # noqa: F401 - the fixture

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


def ooxml(main_part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<x/>")
    return out.getvalue()


@pytest.fixture
def evaluation(adopted, author):  # noqa: F811
    return services.evaluation_start(actor=author, plan=adopted, year=2027, today=IN_2028)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("mto-2027.pdf", PDF, "application/pdf"),
        ("flip-over.PNG", None, "image/png"),
        ("verzuim.xlsx", ooxml("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("verslag.docx", ooxml("word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_the_author_uploads_a_file_it_is_stored_with_its_sha256(evaluation, author, name, content, content_type):
    content = content if content is not None else png()
    record = evidence_files.upload(actor=author, evaluation=evaluation, filename=name, content=content, objective_code="D2")
    assert (record.content_type, record.size, record.objective_code) == (content_type, len(content), "D2")
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert name not in record.file.name  # a name of our own, never the uploader's
    with record.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.html", b"<script>alert(1)</script>", "Upload a file of one of these kinds"),
        ("nep.pdf", b"<html>not a pdf</html>", "is not the PDF its name says"),
        ("nep.png", b"\x89PNG\r\n\x1a\nrubbish", "is not the PNG its name says"),
        ("nep.docx", ooxml("xl/workbook.xml"), "is not the DOCX its name says"),
        ("leeg.pdf", b"", "The file is empty"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(evaluation, author, name, content, message):
    with pytest.raises(DomainError, match=message):
        evidence_files.upload(actor=author, evaluation=evaluation, filename=name, content=content)
    assert not EvidenceFile.objects.exists()


def test_a_file_over_the_limit_is_refused(evaluation, author, settings):
    settings.SOPLAN_EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(DomainError, match="larger than 1 MB"):
        evidence_files.upload(actor=author, evaluation=evaluation, filename="groot.pdf",
                              content=PDF + b"0" * (1024 * 1024))


@pytest.mark.parametrize("who", ["or_member", "board_member", "viewer"])
def test_only_the_author_uploads(evaluation, who, request):
    with pytest.raises(DomainError, match="Only the L&D author writes the evaluation"):
        evidence_files.upload(actor=request.getfixturevalue(who), evaluation=evaluation, filename="a.pdf", content=PDF)


def test_a_closed_evaluation_takes_no_more_files(adopted, author):  # noqa: F811
    closed = _evaluate(adopted, author, ["realised"] * adopted.objectives.count())
    with pytest.raises(DomainError, match="is closed"):
        evidence_files.upload(actor=author, evaluation=closed, filename="a.pdf", content=PDF)


def test_an_evidence_file_is_never_changed_or_removed(evaluation, author):
    record = evidence_files.upload(actor=author, evaluation=evaluation, filename="a.pdf", content=PDF)
    with pytest.raises(ImmutableRecordError, match="append-only"):
        record.delete()
    with pytest.raises(ImmutableRecordError, match="append-only"):
        EvidenceFile.objects.filter(pk=record.pk).update(filename="b.pdf")


def test_members_see_and_download_the_files_outsiders_get_404(evaluation, author, or_member, outsider, client_of):
    page = reverse("plans:evaluation", kwargs={"plan": evaluation.plan_id, "year": 2027})
    client = client_of(author)
    response = client.post(
        reverse("plans:evidence_upload", kwargs={"plan": evaluation.plan_id, "year": 2027}),
        {"objective": "D2", "description": "Uitkomst MTO", "file": SimpleUploadedFile("mto.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    record = EvidenceFile.objects.get()
    download = reverse("plans:evidence_download", kwargs={"plan": evaluation.plan_id, "year": 2027, "file": record.pk})
    client = client_of(or_member)
    html = client.get(page).content.decode()
    assert download in html and "Uitkomst MTO" in html
    got = client.get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert got["Content-Type"] == "application/pdf" and "attachment" in got["Content-Disposition"]
    # Another organisation's user: 404 (their organisation holds no such plan), never the file.
    assert client_of(outsider).get(download).status_code == 404


def test_a_council_member_cannot_upload_through_the_page(evaluation, or_member, client_of):
    url = reverse("plans:evidence_upload", kwargs={"plan": evaluation.plan_id, "year": 2027})
    response = client_of(or_member).post(url, {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 403
    assert not EvidenceFile.objects.exists()


def test_a_refused_upload_through_the_page_says_why_in_dutch(evaluation, author, client_of):
    url = reverse("plans:evidence_upload", kwargs={"plan": evaluation.plan_id, "year": 2027})
    response = client_of(author).post(url, {"file": SimpleUploadedFile("x.exe", b"MZ")}, follow=True)
    assert "Upload een bestand" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_verify_evidence_names_an_evidence_file_changed_underneath(evaluation, author):
    from tests.plans.test_evidence_chain import verify

    record = evidence_files.upload(actor=author, evaluation=evaluation, filename="a.pdf", content=PDF)
    clean, out, _err = verify()
    assert clean and "1 evidence files" in out
    with record.file.open("ab") as stored:
        stored.write(b"% changed")
    clean, _out, err = verify()
    assert not clean
    assert f"plans.EvidenceFile #{record.pk} (plan {record.plan_id}" in err
    assert "its file does not match its SHA-256" in err
