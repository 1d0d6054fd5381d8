"""The PDFs read back: chapter order, contents, tables, footers, languages, PDF/A, and safety.

The plans are built in the test (tests.plans.pdf_support.snapshot), so each PDF is rendered once
per module and read with pdftotext, pypdf and pdfplumber.
"""

from __future__ import annotations

import hashlib
import re
import socket
import threading
from html.parser import HTMLParser

import pytest
from django.utils import translation
from weasyprint.urls import URLFetcher

from plans.documents import rendering
from plans.documents.rendering import BASE_URL, RefusedURLError
from plans.interchange.format import canonical_bytes
from tests.plans.pdf_support import first_page_with, flat, pages_text, reader, snapshot, source, table_rows

CHAPTERS_NL = [
    "Voorwoord",
    "Strategische visie van de organisatie (koers)",
    "Visie op leren",
    "Strategische thema's",
    "Doelstellingen per thema",
    "Gewenste formatie",
    "Gewenste ontwikkelingen in opleidingsniveau en kwalificatierichting",
    "Leerinterventies",
    "Totaaloverzicht subsidiabele kosten",
    "Acties voor het komende jaar om het plan te verbeteren",
]
CHAPTERS_EN = [
    "Preface",
    "Strategic vision of the organisation (koers)",
    "Vision on learning",
    "Strategic themes",
    "Objectives per theme",
    "Desired formation",
    "Desired developments in qualification level and direction",
    "Learning interventions",
    "Total overview of subsidisable costs",
    "Actions for the coming year to improve the plan",
]
SIGNATURES = [
    {"body_kind": "board", "body_name": "Raad van Bestuur", "person_name": "Bestuurder Raad van Bestuur",
     "position": "Voorzitter", "decision": "approve", "conditions": "", "decided_at": "2026-05-01T10:00:00+02:00"},
    {"body_kind": "or", "body_name": "Ondernemingsraad", "person_name": "Voorzitter <b>OR</b>",
     "position": "Voorzitter", "decision": "consent_with_conditions",
     "conditions": "Evaluatie na een jaar met de OR bespreken.", "decided_at": "2026-05-20T09:30:00+02:00"},
    {"body_kind": "var", "body_name": "Verpleegkundige Adviesraad", "person_name": "Secretaris VAR",
     "position": "Secretaris", "decision": "consent", "conditions": "", "decided_at": "2026-05-18T14:00:00+02:00"},
]


def render(src, language: str = "nl") -> tuple[rendering.Rendered, list[str]]:
    with translation.override(language):
        rendered = rendering.render(src)
    return rendered, pages_text(rendered.content)


@pytest.fixture(scope="module")
def plan_nl():
    src = source(signatures=SIGNATURES)
    rendered, pages = render(src)
    return src, rendered, pages


@pytest.fixture(scope="module")
def plan_en():
    return render(source(signatures=SIGNATURES), "en")


@pytest.fixture(scope="module")
def draft_nl():
    return render(source(snapshot(interventions=3, budget=False), version=None, status="draft"))


def chapter_pages(pages: list[str], titles: list[str]) -> list[int]:
    """The page index on which each numbered chapter heading stands (after the contents).

    A long heading wraps, so its first words identify it (with its number, at a line start).
    """
    toc = 1
    found = []
    for number, title in enumerate(titles, start=1):
        pattern = re.compile(rf"^\s*{number}\s+{re.escape(title[:24])}", re.M)
        found.append(next(n for n, text in enumerate(pages) if n > toc and pattern.search(text)))
    return found


# --- The plan PDF -------------------------------------------------------------------------------


def test_the_ten_chapters_follow_the_order_of_domain_md(plan_nl):
    _src, rendered, pages = plan_nl
    starts = chapter_pages(pages, CHAPTERS_NL)
    assert starts == sorted(starts)
    assert len(set(starts)) == 10  # each chapter starts on a page of its own
    consent = first_page_with(pages, "Goedkeuring en instemming", starts[-1])
    assert consent > starts[-1]
    assert rendered.pages == len(pages)


def test_the_title_page_names_organisation_plan_period_version_status_and_date(plan_nl):
    src, _rendered, pages = plan_nl
    title = pages[0]
    for text in ("ZORGGROEP TEST A", "Opleidingsplan 2027–2030", "2027–2030", "Versie 3", "Vastgesteld",
                 "21 mei 2026", src.sha256):
        assert text in title
    assert "CONCEPT" not in title


def test_the_table_of_contents_gives_the_page_of_each_chapter(plan_nl):
    _src, _rendered, pages = plan_nl
    toc = pages[1]
    assert "Inhoud" in toc
    starts = chapter_pages(pages, CHAPTERS_NL)
    for number, (title, start) in enumerate(zip(CHAPTERS_NL, starts, strict=True), start=1):
        match = re.search(rf"^\s*{number}\s+{re.escape(title)}\s+(\d+)\s*$", toc, re.M)
        assert match, f"chapter {number} is not in the table of contents"
        assert int(match.group(1)) == start + 1  # page numbers count from 1


def test_every_page_footer_carries_the_page_number_and_the_plan_hash(plan_nl):
    src, _rendered, pages = plan_nl
    total = len(pages)
    assert total > 12
    for number, text in enumerate(pages, start=1):
        footer = text.strip().splitlines()[-1]
        assert src.sha256 in footer, f"page {number} has no plan hash in its footer"
        assert f"Pagina {number} van {total}" in footer


def test_the_interventions_table_repeats_its_header_and_never_splits_a_row(plan_nl):
    _src, _rendered, pages = plan_nl
    start = chapter_pages(pages, CHAPTERS_NL)[7]
    end = first_page_with(pages, "De vier onderwerpen die elk plan behandelt", start)
    assert end > start  # 30 interventions take more than one page
    header = re.compile(r"Code\s+Interventie\s+Voor wie\s+Doelen\s+Jaren")
    for n in range(start, end + 1):
        assert header.search(pages[n]), f"page {n + 1} continues the table without its header"
    for i in range(1, 31):
        title = re.compile(rf"Interventie nummer {i}\b")
        on = [n for n in range(start, end + 1) if title.search(pages[n])]
        assert len(on) == 1
        # The row's lower lines (its learning outcome) stand on the same page as its title.
        assert re.search(rf"Leeropbrengst {i}\.", pages[on[0]]), f"the row of L{i} is split"


def test_a_table_row_reads_back_with_its_cells(plan_nl):
    _src, rendered, pages = plan_nl
    start = chapter_pages(pages, CHAPTERS_NL)[4]  # objectives per theme
    rows = table_rows(rendered.content, start, ["Code", "Gewenste situatie", "Indicator", "Jaar", "Interventies"])
    assert rows.count(["Code", "Gewenste situatie", "Indicator", "Jaar", "Interventies"]) == 3  # one per theme
    # D1 is served by the interventions whose objective is D1: L6, L12, L18, L24, L30.
    assert ["D1", "Gewenste situatie 1.", "Indicator 1", "2029", "L6, L12, L18, L24, L30"] in rows
    assert ["D6", "Gewenste situatie 6.", "Indicator 6", "2029", "L5, L11, L17, L23, L29"] in rows


def test_the_qualification_chapter_has_its_chart_and_table(plan_nl):
    _src, _rendered, pages = plan_nl
    text = pages[chapter_pages(pages, CHAPTERS_NL)[6]]
    assert "Kwalificatiemix" in text or "Figuur" in text
    assert re.search(r"Team Een", text)
    assert re.search(r"10,0\s+8,0\s+-2,0\s+2030", text)
    assert "Nu" in text and "Gewenst" in text  # the chart's legend


def test_the_budget_chapter_shows_costs_per_theme_and_source_with_charts(plan_nl):
    _src, _rendered, pages = plan_nl
    start = chapter_pages(pages, CHAPTERS_NL)[8]
    text = "".join(pages[start:chapter_pages(pages, CHAPTERS_NL)[9]])
    assert "Per strategisch thema" in text and "Per financieringsbron" in text
    # T1 costs 12 500 + 14 000 + 9 000 + 8 000: in its table row and as the chart's bar label.
    assert text.count("€ 43.500") >= 2
    assert re.search(r"Eigen opleidingsbudget\s+€ 15.000\s+€ 15.500\s+€ 12.000\s+€ 11.000\s+€ 53.500", text)
    assert "geen begroting" not in text


def test_without_a_budget_the_chapter_says_none_was_entered(draft_nl):
    _rendered, pages = draft_nl
    start = chapter_pages(pages, CHAPTERS_NL)[8]
    assert "Er is nog geen begroting ingevoerd." in pages[start]


def test_the_consent_section_lists_decisions_and_open_bodies(plan_nl):
    _src, _rendered, pages = plan_nl
    text = pages[first_page_with(pages, "Goedkeuring en instemming", chapter_pages(pages, CHAPTERS_NL)[9] + 1)]
    assert "Goedgekeurd" in text and "Instemming onder" in text and "Instemming verleend" in text
    assert "Nog geen besluit" in text  # the client council has not decided


def test_a_draft_says_concept_on_every_page(draft_nl):
    _rendered, pages = draft_nl
    for number, text in enumerate(pages, start=1):
        assert "CONCEPT" in text, f"page {number} does not say CONCEPT"
    assert "niet vastgesteld" in pages[0]


def test_a_frozen_version_does_not_say_concept(plan_nl):
    _src, _rendered, pages = plan_nl
    assert not any("CONCEPT" in text for text in pages)


def test_the_english_document_has_english_texts(plan_en):
    rendered, pages = plan_en
    assert chapter_pages(pages, CHAPTERS_EN) == sorted(chapter_pages(pages, CHAPTERS_EN))
    assert "Contents" in pages[1]
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert "Voorwoord" not in "".join(pages)
    assert rendered.filename.endswith("-v3.pdf")


def test_the_pdf_is_pdf_a_with_embedded_fonts_and_carries_its_snapshot(plan_nl):
    src, rendered, _pages = plan_nl
    pdf = reader(rendered.content)
    metadata = pdf.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]*3", metadata)
    assert re.search(r"pdfaid:conformance[^A-Z]*B", metadata)
    assert "/OutputIntents" in pdf.trailer["/Root"]
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]).get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert any("Source-Sans-3" in name for name in fonts)
    assert all(fonts.values()), f"not embedded: {[n for n, e in fonts.items() if not e]}"
    attached = pdf.attachments["plan.json"][0]
    assert attached == canonical_bytes(src.snapshot)
    assert hashlib.sha256(attached).hexdigest() == src.sha256


# --- Cover sheet and board statement --------------------------------------------------------------


def test_the_cover_sheet_is_one_page_with_every_signature():
    src = source(kind="cover", signatures=SIGNATURES)
    rendered, _pages = render(src)
    assert rendered.pages == 1
    text = flat(pages_text(rendered.content, layout=False)[0])
    for expected in ("Voorblad strategisch opleidingsplan", "Zorgkantoor Test", "Opleidingsplan 2027–2030",
                     "2027–2030", src.sha256, "Versie 3", "Raad van Bestuur", "Bestuurder Raad van Bestuur",
                     "Goedgekeurd", "1 mei 2026", "Ondernemingsraad", "Instemming onder", "20 mei 2026",
                     "Evaluatie na een jaar", "Verpleegkundige", "Adviesraad", "Secretaris VAR", "18 mei 2026",
                     "Kenmerk", "Datum ontvangst", "Paraaf"):
        assert expected in text, expected
    assert "Voorzitter <b>OR</b>" in text  # user text printed as text, not markup
    assert "Nog geen besluit vastgelegd" in text  # the client council's line stays open for signing
    assert rendered.filename == "opleidingsplan-2027-2030-voorblad-v3.pdf"


def test_the_cover_sheet_renders_whatever_rows_it_receives():
    rows = [{"body_kind": "cr", "body_name": "Centrale Cliëntenraad", "person_name": "Voorzitter CR",
             "position": "Voorzitter", "decision": "consent", "conditions": "", "decided_at": "2026-06-02"}]
    rendered, _pages = render(source(kind="cover", signatures=rows))
    text = flat(pages_text(rendered.content, layout=False)[0])
    assert "Voorzitter CR" in text and "2 juni 2026" in text
    assert text.count("Nog geen besluit vastgelegd") == 3  # board, OR and VAR still open


def test_the_board_statement_names_the_year_and_the_co_signing_bodies():
    src = source(kind="statement", signatures=SIGNATURES, year=2028)
    rendered, _pages = render(src)
    assert rendered.pages == 1
    text = flat(pages_text(rendered.content, layout=False)[0])
    assert "Bestuursverklaring 2028" in text
    assert re.search(r"in\s+2028\s+wordt\s+uitgevoerd", text)
    assert "Ondernemingsraad" in text and "Verpleegkundige Adviesraad" in text
    assert "Secretaris VAR" in text and src.sha256 in text
    assert rendered.filename == "opleidingsplan-2027-2030-bestuursverklaring-2028-v3.pdf"


def test_the_board_statement_in_english():
    rendered, _pages = render(source(kind="statement", signatures=SIGNATURES), "en")
    text = flat(pages_text(rendered.content, layout=False)[0])
    assert "Board statement 2027" in text
    assert "Consent given with conditions" in text


# --- The URL fetcher and user text ----------------------------------------------------------------


def test_the_fetcher_serves_our_static_files_and_data_urls():
    fetcher = rendering.url_fetcher()
    css = fetcher.fetch(BASE_URL + "pdf/document.css")
    assert b"@font-face" in css.read()
    font = fetcher.fetch(BASE_URL + "vendor/source-sans-3/files/source-sans-3-latin-400-normal.woff2")
    assert len(font.read()) > 10_000
    assert fetcher.fetch("data:text/plain;base64,aGFsbG8=").read() == b"hallo"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/logo.png",
        "ftp://example.com/x",
        "https://static.soplan.invalid/../../../etc/passwd",
        "https://static.soplan.invalid/%2e%2e/%2e%2e/etc/passwd",
        "https://static.soplan.invalid/pdf/..%2f..%2fsettings.py",
        "https://static.soplan.invalid//etc/passwd",
        "https://static.soplan.invalid/pdf/document.css?x=1",
        "https://static.soplan.invalid/no/such/file.css",
        "https://user@static.soplan.invalid/pdf/document.css",
        "//example.com/x.png",
        "etc/passwd",
    ],
)
def test_the_fetcher_refuses_everything_else(url):
    fetcher = rendering.url_fetcher()
    with pytest.raises((RefusedURLError, ValueError)):
        fetcher.fetch(url)
    assert url in fetcher.refused or not url.startswith(("https://", "http://", "file:", "FILE:", "ftp:"))


def urls_in(html: str) -> set[str]:
    """Every address an element of ``html`` would make the renderer fetch or link to."""

    class Collect(HTMLParser):
        found: set[str] = set()

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in {"src", "href", "data", "srcset", "poster", "background"} and value:
                    if not value.startswith("#"):
                        self.found.add(value)
                if name == "style" and value and "url(" in value:
                    self.found.add(value)

    parser = Collect()
    parser.found = set()
    parser.feed(html)
    return parser.found


@pytest.fixture
def listener():
    """A TCP server on localhost that counts the connections made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    state = {"connections": 0, "running": True}

    def accept():
        while state["running"]:
            try:
                conn, _addr = server.accept()
            except OSError:
                continue
            state["connections"] += 1
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    state["port"] = server.getsockname()[1]
    yield state
    state["running"] = False
    thread.join(timeout=2)
    server.close()


HOSTILE = (
    '<link rel="stylesheet" href="file://{css}">'
    '<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">'
    '<p>Begin</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/logo.png">'
    '<iframe src="file:///etc/passwd"></iframe><object data="http://127.0.0.1:{port}/x"></object>'
)


def test_the_renderer_reads_no_local_file_and_reaches_no_network(tmp_path, listener):
    css = tmp_path / "leak.css"
    css.write_text('p::after { content: "LEAKED-FROM-DISK"; }')
    html = HOSTILE.format(css=css, port=listener["port"])
    content, _pages = rendering.write_pdf(html)
    text = "".join(pages_text(content))
    assert "Begin" in text
    assert "LEAKED-FROM-DISK" not in text
    assert "root:" not in text
    assert listener["connections"] == 0


def test_without_our_fetcher_the_same_html_would_leak(tmp_path, listener):
    """The control for the test above: WeasyPrint's own fetcher does read and connect."""
    from weasyprint import HTML

    css = tmp_path / "leak.css"
    css.write_text('p::after { content: "LEAKED-FROM-DISK"; }')
    html = HOSTILE.format(css=css, port=listener["port"])
    content = HTML(string=html, url_fetcher=URLFetcher(timeout=2)).write_pdf()
    assert "LEAKED-FROM-DISK" in "".join(pages_text(content))
    assert listener["connections"] >= 1


def test_markup_and_addresses_in_plan_texts_are_printed_as_text(listener):
    preface = (
        f'Zie <img src="file:///etc/passwd"> en ![logo](http://127.0.0.1:{listener["port"]}/logo.png) '
        "en [onze site](https://example.com/plan) <script>alert(1)</script> & meer."
    )
    document = snapshot(interventions=1, budget=False, preface=preface)
    document["plan"]["title"] = 'Plan <img src="file:///etc/passwd">'
    src = source(document)
    with translation.override("nl"):
        html = rendering.build_html(src)
    assert urls_in(html) == {"pdf/document.css"}  # our stylesheet; the rest are #chapter anchors
    rendered, pages = render(src)
    text = "".join(pages)
    assert '<img src="file:///etc/passwd">' in text  # shown, escaped, as the user typed it
    assert "onze site (https://example.com/plan)" in text  # a link becomes plain text
    assert "<script>alert(1)</script>" in text
    assert listener["connections"] == 0


def test_the_training_quota_has_one_formula_for_pages_pdf_and_region():
    """R20: BPV places per 100 FTE care staff, one decimal; nothing to show without care staff."""
    from decimal import Decimal

    from plans.content.selectors import training_quota

    assert training_quota(Decimal("12"), Decimal("121")) == Decimal("9.9")
    assert training_quota(Decimal("15"), Decimal("100")) == Decimal("15.0")
    assert training_quota(Decimal("3"), Decimal("0")) is None
