"""Helpers for the document tests: a plan snapshot built in the test, and reading PDFs back."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pdfplumber
from pypdf import PdfReader

from plans.documents import rendering
from plans.interchange.format import FORMAT, FORMAT_VERSION, sha256

YEARS = [2027, 2028, 2029, 2030]


def budget_summary() -> dict:
    """The budget section as the budgets app promises it (decimals as strings)."""
    themes = [("T1", "Vakmanschap", ["12500.00", "14000.00", "9000.00", "8000.00"]),
              ("T2", "Dementie", ["8000.50", "7000.00", "6500.00", "6000.00"]),
              ("T3", "Leercultuur", ["3000.00", "3000.00", "3000.00", "3000.00"])]
    sources = [("own", "Eigen opleidingsbudget", ["15000.00", "15500.00", "12000.00", "11000.00"]),
               ("wlz", "Extra middelen Wlz", ["8500.50", "8500.00", "6500.00", "6000.00"])]

    def rows(specs, label):
        out = []
        for code, name, amounts in specs:
            out.append({"code": code, label: name, "amounts": dict(zip(map(str, YEARS), amounts, strict=True)),
                        "total": str(sum(Decimal(a) for a in amounts))})
        return out

    by_year = {str(y): str(sum(Decimal(t[2][i]) for t in themes)) for i, y in enumerate(YEARS)}
    return {
        "years": YEARS,
        "currency": "EUR",
        "by_source": rows(sources, "name"),
        "by_theme": rows(themes, "title"),
        "by_year": by_year,
        "total": str(sum(Decimal(v) for v in by_year.values())),
    }


def snapshot(*, interventions: int = 30, budget: bool = True, preface: str = "Een voorwoord.") -> dict:
    """A plan as plans.interchange.export_plan writes it, built without a database."""
    units = [("team-1", "Team Een", None), ("team-2", "Team Twee", None), ("team-3", "Wijkteam Noord", None)]
    themes = []
    for t in range(1, 4):
        themes.append({
            "code": f"T{t}", "kind": "custom", "title": ["Vakmanschap", "Dementie", "Leercultuur"][t - 1],
            "description": f"Beschrijving van thema {t}.", "implications": f"Gevolgen van thema {t}.",
            "position": t,
            "objectives": [
                {"code": f"D{2 * t - 1 + k}", "description": f"Gewenste situatie {2 * t - 1 + k}.",
                 "indicator": f"Indicator {2 * t - 1 + k}", "target_year": 2029, "position": k + 1}
                for k in range(2)
            ],
        })
    items = []
    for n in range(1, interventions + 1):
        items.append({
            "code": f"L{n}", "title": f"Interventie nummer {n}",
            "description": f"Omschrijving van interventie {n}, met wat meer tekst zodat de rij twee regels telt.",
            "learning_outcome": f"Leeropbrengst {n}.", "level": "unit" if n % 3 == 0 else "organisation",
            "units": ["team-1"] if n % 3 == 0 else [], "objectives": [f"D{(n % 6) + 1}"],
            "function_groups": ["vig"], "work_forms": ["course", "elearning"], "years": [2027, 2028],
            "topics": ["disease"] if n % 2 else ["communication"], "horizon": "short",
            "already_running": n == 2, "funded_elsewhere": False, "is_big_training": n == 1, "position": n,
        })
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "organisation": {
            "name": "Zorggroep Test A", "slug": "org-a", "sector": "vvt", "has_var": True,
            "has_client_council": True, "always_involve_client_council": False,
            "zorgkantoor": "Zorgkantoor Test", "document_language": "nl",
            "units": [{"code": c, "name": n, "parent": p, "fte": "20.00"} for c, n, p in units],
            "function_groups": [{"code": "vig", "name": "Verzorgende IG", "qualification_level": "mbo3",
                                 "is_care_staff": True}],
        },
        "plan": {
            "title": "Opleidingsplan 2027–2030", "start_year": 2027, "end_year": 2030,
            "preface": preface, "vision": "De koers van de organisatie.",
            "learning_mix": {"on_the_job": 70, "social": 20, "formal": 10},
            "vision_on_learning": [{"point": "desired", "now": "Nu klassikaal.", "future": "Straks op de werkvloer."}],
            "themes": themes,
            "interventions": items,
            "qualification_mix": [
                {"unit": "team-1", "level": "mbo3", "current_fte": "10.00", "desired_fte": "8.00", "target_year": 2030},
                {"unit": "team-1", "level": "hbo", "current_fte": "2.00", "desired_fte": "4.50", "target_year": 2030},
            ],
            "formation": [
                {"unit": "team-1", "function_group": "vig", "current_fte": "10.00", "retirement_per_year": "0.50",
                 "turnover_per_year": "1.00", "growth_per_year": "0.00", "internship_places": "2.00"},
            ],
            "improvement_actions": [
                {"code": "A1", "description": "Nulmeting doen.", "responsible": "Afdeling HR", "due": "2027-03-31",
                 "position": 1},
            ],
        },
    }
    if budget:
        document["budget"] = {"summary": budget_summary()}
    return document


def source(document: dict | None = None, *, kind: str = "plan", version: int | None = 3, signatures=(),
           status: str = "adopted", year: int | None = 2027) -> rendering.Source:
    document = document if document is not None else snapshot()
    return rendering.Source(
        kind=kind, snapshot=document, sha256=sha256(document), version_number=version, status=status,
        date=dt.date(2026, 5, 21), signatures=list(signatures), statement_year=year,
    )


def pages_text(content: bytes, *, layout: bool = True) -> list[str]:
    """The text of each page as poppler's pdftotext reads it (with the layout kept, or in
    reading order, where a table cell's wrapped lines stay together)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(content)
        out = subprocess.run(  # noqa: S603 - fixed program, our own temporary file
            ["/usr/bin/pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", str(path), "-"],
            check=True, capture_output=True,
        ).stdout.decode("utf-8")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def flat(text: str) -> str:
    """Whitespace (including line breaks inside table cells) as single spaces."""
    return " ".join(text.split())


def table_rows(content: bytes, index: int, header: list[str]) -> list[list[str]]:
    """The rows of the table(s) on page ``index`` whose header starts with the words ``header``.

    Our tables draw a line under each row but none between columns, so the columns are taken
    from where the header words stand.
    """
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[index]
        words = page.extract_words()
        top = next(w for w in words if w["text"] == header[0].split()[0])["top"]
        line = [w for w in words if abs(w["top"] - top) < 2]  # the header row
        xs = [next(w for w in line if w["text"] == label.split()[0])["x0"] - 3 for label in header]
        table = page.extract_table({
            "vertical_strategy": "explicit",
            # up to where the row lines end: the right edge of the table
            "explicit_vertical_lines": [*xs, max(e["x1"] for e in page.horizontal_edges)],
            "horizontal_strategy": "lines",
        })
    return [[flat(cell or "") for cell in row] for row in table or []]


def first_page_with(pages: list[str], needle: str, start: int = 0) -> int:
    for n, text in enumerate(pages[start:], start=start):
        if needle in text:
            return n
    raise AssertionError(f"{needle!r} is on no page")
