"""The regional monitor PDF ("Regionale monitor 2027", issue 15; seeds 001 and 003): printed by
the Celery worker through the documents machinery from a frozen snapshot of only what members
share, small groups only in totals (design.md "How data flows" 4 and 6)."""

from __future__ import annotations

import hashlib
import io
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans.documents import services as documents
from plans.interchange.format import canonical_bytes
from plans.models import Document, DocumentKind, DocumentStatus
from plans.regional import report, selectors, services
from soplan.errors import DomainError
from stakeholders.models import Region, RegionalCoordinator, ShareKind
from tests import factories
from tests.plans.pdf_support import flat, pages_text, table_rows
from tests.plans.test_regional_dashboard import coordinator, member, region  # noqa: F401 - fixtures


@pytest.fixture
def ask(django_capture_on_commit_callbacks, queued_tasks):
    def go(**kwargs) -> tuple[Document, int]:
        before = len(queued_tasks)
        with django_capture_on_commit_callbacks(execute=True):
            document = report.request_monitor(**kwargs)
        document.refresh_from_db()
        return document, queued_tasks[before:].count(documents.RENDER_TASK)

    return go


def _bytes(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _text(document: Document) -> str:
    """The pages as laid out (a table's row stays on one line), whitespace made single."""
    return flat(" ".join(pages_text(_bytes(document))))


def test_the_monitor_prints_what_members_share_and_names_the_silent_one(ask, region, coordinator):  # noqa: F811
    members = [member(region, i) for i in range(3)]
    quota_only = member(region, 3, kinds={ShareKind.TRAINING_QUOTA})
    silent = member(region, 4, kinds=set())
    document, renders = ask(actor=coordinator, region=region, year=2027)
    assert (document.status, renders, document.kind) == (DocumentStatus.READY, 1, DocumentKind.REGIONAL)
    assert document.plan_id is None and document.region_id == region.pk
    assert document.snapshot_sha256 == hashlib.sha256(canonical_bytes(report.monitor_snapshot(region, 2027))).hexdigest()
    text = _text(document)
    assert "Regionale monitor 2027" in text and region.name in text
    assert document.snapshot_sha256[:16] in text.replace(" ", "")
    assert "CONCEPT" not in text
    content = _bytes(document)
    quota = table_rows(content, 1, ["Organisatie", "Fte", "Stageplaatsen", "Per"])
    names = [row[0] for row in quota]
    # R20: four sharing members of 10 FTE care staff and 2 places each; the silent one not counted.
    assert [*[m.name for m in members], quota_only.name] == names[1:5]
    assert quota[5][:4] == ["Totaal", "40,0", "8,0", "20,0"]
    assert silent.name not in names
    assert f"Niet meegeteld {silent.name}" in text  # named, as on the dashboard, never counted
    # The formation is shared by three: its one group is shown; the quota-only member adds nothing.
    assert "Verzorgende IG (mbo 3) 4,5 4,5 3" in text
    assert "Gedeeld door 3 organisaties" in text
    assert "Opleidingstekort" not in text and document.filename == f"regionale-monitor-{region.slug}-2027.pdf"


def test_a_group_of_two_organisations_is_only_in_the_total_in_the_pdf_too(ask, region, coordinator):  # noqa: F811
    member(region, 0)
    member(region, 1)
    member(region, 2, kinds={ShareKind.TRAINING_QUOTA})
    document, _ = ask(actor=coordinator, region=region, year=2026)
    text = _text(document)
    # Two organisations share the formation: the function group is not printed, its sum is.
    assert "Verzorgende IG" not in text
    assert "Uitstroom en opleidingsbehoefte" in text and "Totaal 3,0 3,0 2" in text
    assert "1 groep van minder dan drie organisaties telt alleen mee in het totaal." in text
    # Themes: two organisations chose it; not on its own line, only in the count of choices.
    assert "Versterking van de beroepsgroep" not in text and "Keuzes in totaal 2" in text


def test_the_pdf_and_the_excel_export_agree_on_the_totals(ask, region, client, coordinator):  # noqa: F811
    for i in range(3):
        member(region, i)
    member(region, 3, kinds={ShareKind.SPENDING, ShareKind.TRAINING_QUOTA})
    document, _ = ask(actor=coordinator, region=region, year=2027)
    text = _text(document)
    client.force_login(coordinator)
    book = load_workbook(io.BytesIO(client.get(reverse("plans:region_excel", kwargs={"region": region.slug})).content))
    board = selectors.dashboard(region)
    totals = {sheet.title: [c.value for c in sheet[sheet.max_row]] for sheet in book.worksheets}
    assert totals["Opleidingsquote"][1:4] == [40, 8, 20]
    assert "Totaal 40,0 8,0 20,0" in text
    spending = totals["Geplande uitgaven per financieringsbron"[:31]]
    assert spending[1] == board.spending.total[0] == Decimal("24000.00")
    assert "Totaal 24.000 4" in text
    # Every table: the workbook's total row is the PDF's total line (values and organisations).
    tables = report.monitor_snapshot(region, 2027)["tables"]
    assert len(tables) == len(totals) - 2  # besides the quota and the doe-agenda
    for table in tables:
        row = totals[table["title"][:31]]  # an Excel sheet's name has at most 31 characters
        b = table["breakdown"]
        assert row[0] == "Totaal" and [Decimal(str(v)) for v in row[1:-1]] == [Decimal(v) for v in b["total"]]
        assert row[-1] == b["organisations"]
        if not b["rows"] and not b["hidden_groups"]:  # nothing to add up: the PDF says why
            assert (table["empty"] or "Nog geen lid deelt deze cijfers.") in text
            continue
        printed = [f"{Decimal(v):,.{table['places']}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
                   for v in b["total"]]
        line = " ".join([table["total_label"], *printed, *([] if table["hide_organisations"] else [str(b["organisations"])])])
        assert line in text, line


def test_asking_again_returns_the_stored_pdf_and_a_withdrawal_makes_a_new_one(ask, region, coordinator):  # noqa: F811
    members = [member(region, i) for i in range(3)]
    first, _ = ask(actor=coordinator, region=region, year=2027)
    again, renders = ask(actor=coordinator, region=region, year=2027)
    assert (again.pk, renders) == (first.pk, 0)
    services.withdraw(actor=members[0].board_member, organisation=members[0], kind=ShareKind.TRAINING_QUOTA)
    after, renders = ask(actor=coordinator, region=region, year=2027)
    assert after.pk != first.pk and renders == 1
    assert members[0].name not in [r[0] for r in table_rows(_bytes(after), 1, ["Organisatie", "Fte", "Stageplaatsen", "Per"])]


def test_only_the_regions_coordinators_ask_for_and_download_the_monitor(ask, region, client, coordinator):  # noqa: F811
    first = member(region, 0)
    document, _ = ask(actor=coordinator, region=region, year=2027)
    other = Region.objects.create(name="Regio Elders", slug="regio-elders")
    stranger = factories.UserFactory()
    RegionalCoordinator.objects.create(region=other, user=stranger)
    with pytest.raises(DomainError, match="Only a coordinator of"):
        report.request_monitor(actor=first.author, region=region, year=2027)
    download = reverse("plans:region_monitor_download", kwargs={"region": region.slug, "document": document.pk})
    status = reverse("plans:region_monitor_status", kwargs={"region": region.slug, "document": document.pk})
    ask_url = reverse("plans:region_monitor", kwargs={"region": region.slug})
    # Outsiders, another region's coordinator and the members' own authors and board: not found
    # (the region does not even confirm that it exists).
    for user in (factories.UserFactory(), stranger, first.author, first.board_member):
        client.force_login(user)
        assert client.get(download).status_code == 404
        assert client.get(status).status_code == 404
        assert client.post(ask_url, {"year": 2027}).status_code == 404
    # Another region's coordinator cannot reach it through their own region's address either.
    client.force_login(stranger)
    assert client.get(reverse("plans:region_monitor_download",
                              kwargs={"region": other.slug, "document": document.pk})).status_code == 404
    # Nor through a plan's document download.
    assert Document.objects.filter(plan__isnull=False, pk=document.pk).count() == 0
    client.logout()
    assert client.get(download).status_code == 302  # to the login page
    client.force_login(coordinator)
    response = client.get(download)
    assert response.status_code == 200 and response["X-Content-SHA256"] == document.sha256
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_coordinator_asks_on_the_dashboard_and_the_page_offers_the_download(region, client, coordinator,  # noqa: F811
                                                                                 django_capture_on_commit_callbacks):
    for i in range(3):
        member(region, i)
    client.force_login(coordinator)
    page = client.get(region.get_absolute_url())
    assert "Regionale monitor (pdf)" in page.content.decode() and 'id="make-monitor"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:region_monitor", kwargs={"region": region.slug}), {"year": 2027})
    assert response.status_code == 302
    response = client.get(response["Location"])
    document = report.latest_monitor(region)
    assert document.status == DocumentStatus.READY
    html = response.content.decode()
    assert reverse("plans:region_monitor_download", kwargs={"region": region.slug, "document": document.pk}) in html
    assert "Download Regionale monitor 2027" in html
    bad = client.post(reverse("plans:region_monitor", kwargs={"region": region.slug}), {"year": "x"}, follow=True)
    assert bad.status_code == 200 and Document.objects.filter(region=region).count() == 1


def test_a_broker_that_is_down_leaves_the_monitor_queued_for_the_sweep(region, coordinator, monkeypatch,  # noqa: F811
                                                                       django_capture_on_commit_callbacks):
    from soplan import queue

    for i in range(3):
        member(region, i)
    monkeypatch.setattr(queue, "send", lambda *a, **k: False)  # the hand-over is refused
    with django_capture_on_commit_callbacks(execute=True):
        document = report.request_monitor(actor=coordinator, region=region, year=2027)
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    monkeypatch.undo()
    Document.objects.filter(pk=document.pk).update(requested_at=document.requested_at - documents.outbox_grace() * 2)
    assert document.pk in documents.requeue_stuck()
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


def test_the_pages_turn_into_images(ask, region, coordinator, tmp_path):  # noqa: F811
    for i in range(3):
        member(region, i)
    document, _ = ask(actor=coordinator, region=region, year=2027)
    path = tmp_path / "monitor.pdf"
    path.write_bytes(_bytes(document))
    subprocess.run(["/usr/bin/pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "p")], check=True)  # noqa: S603
    assert len(list(tmp_path.glob("p-*.png"))) == document.page_count >= 2

