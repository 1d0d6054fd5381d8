"""Documents as PDF: a plan snapshot → HTML (Django templates in ``templates/pdf/``) → PDF/A.

The renderer is a pure function of a :class:`Source` (what was asked for, frozen when it was
asked); :func:`render` returns ``(filename, content_type, content, pages)``. Storing the result
and everything around it (status, retries) is the business of :mod:`plans.documents`.

Security (design.md "Chosen dependencies"; security rule "user text never reaches the PDF
renderer as markup or URLs"):

* every user text goes through Django's autoescaping or :func:`soplan.text.render_for_pdf`
  (Markdown without links, attributes or URLs);
* WeasyPrint gets :class:`StaticOnlyFetcher`: it serves our own static files (found through
  ``django.contrib.staticfiles``) under the reserved host ``static.soplan.invalid`` and
  ``data:`` URLs, and refuses everything else (``file:``, ``http(s):`` elsewhere, FTP, paths
  that climb out of the static folders). Whatever ends up in the HTML, the renderer can neither
  read a local file nor reach the network.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import mimetypes
import posixpath
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext

from plans.content.models import (
    Horizon,
    InterventionLevel,
    PlanStatus,
    ThemeKind,
    Topic,
    VisionPoint,
    WorkForm,
)
from plans.content.selectors import training_quota
from plans.documents.models import DocumentKind
from plans.interchange.format import code_key
from soplan import charts
from soplan.text import clean_text
from stakeholders.models import BodyKind, QualificationLevel

CONTENT_TYPE = "application/pdf"
PDF_VARIANT = "pdf/a-3b"  # archival; A-3 lets the plan carry its own snapshot as a source file
STATIC_HOST = "static.soplan.invalid"  # RFC 2606: can never resolve, even if a fetch slipped out
BASE_URL = f"https://{STATIC_HOST}/"
TEMPLATES = {
    DocumentKind.PLAN: "pdf/plan.html",
    DocumentKind.COVER: "pdf/cover.html",
    DocumentKind.STATEMENT: "pdf/statement.html",
    DocumentKind.EVALUATION: "pdf/evaluation.html",
    DocumentKind.REGIONAL: "pdf/regional.html",
}
# Bump when this module changes what is printed; template and stylesheet edits are picked up by
# the digest in template_revision() on their own.
RENDERER_REVISION = "2"  # 2: control characters dropped from the HTML
SUPERSEDED = "superseded"


# --- The URL fetcher --------------------------------------------------------------------------


class RefusedURLError(ValueError):
    """The renderer asked for something outside our static files and data: URLs."""


def static_name(url: str) -> str:
    """The static file name an allowed URL points at; :class:`RefusedURLError` for anything else."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise RefusedURLError(f"malformed URL refused: {url[:80]!r}") from exc
    if parts.scheme != "https" or parts.netloc != STATIC_HOST or parts.query:
        raise RefusedURLError(f"only our static files are allowed, refused: {url[:80]!r}")
    name = unquote(parts.path).lstrip("/")
    segments = name.split("/")
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or any(s in {"", ".", ".."} for s in segments)
        or posixpath.normpath(name) != name
    ):
        raise RefusedURLError(f"not a static file name, refused: {url[:80]!r}")
    return name


def _static_bytes(name: str) -> bytes:
    """Read a static file found by the staticfiles finders (or, once collected, the storage)."""
    try:
        found = finders.find(name)
    except SuspiciousFileOperation as exc:
        raise RefusedURLError(f"outside the static folders, refused: {name!r}") from exc
    if isinstance(found, list):  # pragma: no cover - find(all=False) returns one path
        found = found[0] if found else None
    if found:
        return Path(found).read_bytes()
    try:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return handle.read()
    except SuspiciousFileOperation as exc:
        raise RefusedURLError(f"outside the static folders, refused: {name!r}") from exc
    raise RefusedURLError(f"no such static file: {name!r}")


@cache
def _font_sfnt(name: str) -> bytes:
    """A WOFF/WOFF2 static font unpacked to plain OpenType, once per process.

    WeasyPrint would otherwise unpack every web font on every render (about a third of the
    time of a short document).
    """
    from io import BytesIO

    from fontTools.ttLib import TTFont

    font = TTFont(BytesIO(_static_bytes(name)))
    font.flavor = None
    out = BytesIO()
    font.save(out)
    return out.getvalue()


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@cache
def _fetcher_class():
    # WeasyPrint is imported on first use: the web process need not load it to start.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """WeasyPrint's fetcher, narrowed to our static files and data: URLs."""

        def __init__(self) -> None:
            # Only data: may reach urllib (its DataHandler decodes it in memory); every other
            # scheme is handled, or refused, below before urllib sees it.
            super().__init__(timeout=5, allowed_protocols=("data",), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers=None):
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            try:
                name = static_name(url)
                if name.endswith((".woff2", ".woff")):
                    return URLFetcherResponse(url, _font_sfnt(name), {"Content-Type": "font/otf"})
                body = _static_bytes(name)
            except RefusedURLError:
                self.refused.append(url)
                raise
            return URLFetcherResponse(url, body, {"Content-Type": _content_type(name)})

    return StaticOnlyFetcher


def url_fetcher():
    """A new fetcher (it records the URLs it refused, for tests and logs)."""
    return _fetcher_class()()


# --- What is rendered ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Everything printed in a document, as it was when the document was requested."""

    kind: str
    snapshot: Mapping[str, Any]
    sha256: str
    version_number: int | None  # None: a draft, printed as CONCEPT
    status: str  # a PlanStatus value, or SUPERSEDED
    date: dt.date
    signatures: Sequence[Mapping[str, Any]] = ()
    statement_year: int | None = None
    superseded_by: int | None = None
    bodies: Sequence[Mapping[str, Any]] = ()  # the organisation's bodies: kind and name
    # A changed plan's annex: {"base_number": N, "summary": [lines]} (plans.approval.diff).
    changes: Mapping[str, Any] | None = None
    # An evaluation report: the labels of the evaluation's values, in the document's language
    # ({"result": {value: label}, "evidence": {…}, "plan_change": {…}}).
    labels: Mapping[str, Mapping[str, str]] = ()

    @property
    def is_draft(self) -> bool:
        # A closed evaluation is final: its report is never a concept; nor is a regional monitor
        # (a frozen reading of adopted plans).
        return self.version_number is None and self.kind not in (DocumentKind.EVALUATION, DocumentKind.REGIONAL)


class Rendered(NamedTuple):
    """pretix's renderer contract (filename, content type, bytes), plus the page count."""

    filename: str
    content_type: str
    content: bytes
    pages: int


@cache
def template_revision() -> str:
    """Changes whenever a PDF template, the PDF stylesheet or RENDERER_REVISION changes."""
    digest = hashlib.sha256(RENDERER_REVISION.encode())
    base = Path(settings.BASE_DIR)
    for folder in (base / "templates" / "pdf", base / "static" / "pdf"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(base).as_posix().encode())
                digest.update(path.read_bytes())
    return f"{RENDERER_REVISION}-{digest.hexdigest()[:12]}"


# --- Reading the snapshot -------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _status_label(source: Source) -> str:
    if source.status == SUPERSEDED:
        if source.superseded_by:
            return pgettext("pdf", "Superseded by version %(n)s") % {"n": source.superseded_by}
        return pgettext("pdf", "Superseded")
    return _status_labels().get(source.status) or _label(PlanStatus, source.status)


def _status_labels() -> dict[str, str]:
    """The plan's status in the document's own wording (design.md "Lifecycle")."""
    return {
        PlanStatus.DRAFT.value: pgettext("pdf", "Draft"),
        PlanStatus.CONSULTATION.value: pgettext("pdf", "In consultation"),
        PlanStatus.SUBMITTED.value: pgettext("pdf", "Submitted to the board"),
        PlanStatus.APPROVED_BY_BOARD.value: pgettext("pdf", "Approved by the board"),
        PlanStatus.AWAITING_CONSENT.value: pgettext("pdf", "Awaiting consent"),
        PlanStatus.ADOPTED.value: pgettext("pdf", "Adopted"),
        PlanStatus.SENT_TO_ZORGKANTOOR.value: pgettext("pdf", "Sent to the zorgkantoor"),
        PlanStatus.IN_EXECUTION.value: pgettext("pdf", "In execution"),
        PlanStatus.EVALUATED.value: pgettext("pdf", "Evaluated"),
    }


def _signature_rows(signatures: Sequence[Mapping[str, Any]]) -> list[dict]:
    rows = []
    for s in signatures:
        decided = s.get("decided_at")
        if isinstance(decided, str) and decided:
            try:
                decided = dt.datetime.fromisoformat(decided)
            except ValueError:
                decided = None
        decision = str(s.get("decision") or "")
        rows.append(
            {
                "body_kind": str(s.get("body_kind") or ""),
                "body_name": str(s.get("body_name") or ""),
                "person_name": str(s.get("person_name") or ""),
                "position": str(s.get("position") or ""),
                "decision": decision,
                "decision_label": decision_label(decision),
                "positive": decision in POSITIVE_DECISIONS,
                "conditions": str(s.get("conditions") or ""),
                "decided_at": decided if isinstance(decided, dt.datetime | dt.date) else None,
            }
        )
    return rows


# The approval flow's codes (plans.models.DecisionKind, SignatureKind) and their short forms.
POSITIVE_DECISIONS = frozenset(
    {"approve", "approved", "consent", "consented", "consent_with_conditions", "consented_with_conditions",
     "conditional", "issued", "cosigned"}
)


def decision_label(decision: str) -> str:
    """The approval flow's decision codes in words; an unknown code is printed as it is."""
    labels = {
        "approve": pgettext("pdf", "Approved"),
        "approved": pgettext("pdf", "Approved"),
        "return": pgettext("pdf", "Returned"),
        "returned": pgettext("pdf", "Returned"),
        "consent": pgettext("pdf", "Consent given"),
        "consented": pgettext("pdf", "Consent given"),
        "consent_with_conditions": pgettext("pdf", "Consent given with conditions"),
        "consented_with_conditions": pgettext("pdf", "Consent given with conditions"),
        "conditional": pgettext("pdf", "Consent given with conditions"),
        "issued": pgettext("pdf", "Statement issued"),
        "cosigned": pgettext("pdf", "Co-signed"),
        "declined": pgettext("pdf", "Co-signing declined"),
        "refuse": pgettext("pdf", "Consent refused"),
        "refused": pgettext("pdf", "Consent refused"),
    }
    return labels.get(decision, decision)


def _body_labels() -> dict[str, str]:
    """The bodies as the cover sheet names them (the document's own wording)."""
    return {
        BodyKind.BOARD.value: pgettext("pdf", "Board of directors"),
        BodyKind.WORKS_COUNCIL.value: pgettext("pdf", "Works council (OR)"),
        BodyKind.NURSING_BOARD.value: pgettext("pdf", "Nursing advisory board (VAR)"),
        BodyKind.CLIENT_COUNCIL.value: pgettext("pdf", "Client council (CR)"),
    }


def _bodies(snapshot: Mapping[str, Any], signatures: list[dict], names: Sequence[Mapping[str, Any]] = ()) -> list[dict]:
    """The board and the bodies that must consent (R9, R10), each with its decision rows.

    ``names`` are the organisation's bodies (kind, name) as they were when the document was
    requested; a decision row's body name takes precedence.
    """
    org = snapshot.get("organisation", {})
    labels = _body_labels()
    known = {str(b.get("kind")): str(b.get("name") or "") for b in names}
    kinds = [BodyKind.BOARD.value, BodyKind.WORKS_COUNCIL.value]
    if org.get("has_var"):
        kinds.append(BodyKind.NURSING_BOARD.value)
    if org.get("has_client_council"):
        kinds.append(BodyKind.CLIENT_COUNCIL.value)
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for row in signatures:
        by_kind[row["body_kind"]].append(row)
    kinds += [k for k in by_kind if k not in kinds]
    out = []
    for kind in kinds:
        rows = by_kind.get(kind, [])
        name = next((r["body_name"] for r in rows if r["body_name"]), "") or known.get(kind, "")
        label = labels.get(kind) or _label(BodyKind, kind)
        out.append(
            {
                "kind": kind,
                "kind_label": label,
                "name": name,
                "show_kind": bool(name) and name.casefold() != label.casefold(),
                "rows": rows,
                "is_board": kind == BodyKind.BOARD.value,
            }
        )
    return out


def _chapters() -> list[dict]:
    """The chapter order of domain.md, "The plan document: ingredients in order"."""
    titles = [
        pgettext("pdf", "Preface"),
        pgettext("pdf", "Strategic vision of the organisation (koers)"),
        pgettext("pdf", "Vision on learning"),
        pgettext("pdf", "Strategic themes"),
        pgettext("pdf", "Objectives per theme"),
        pgettext("pdf", "Desired formation"),
        pgettext("pdf", "Desired developments in qualification level and direction"),
        pgettext("pdf", "Learning interventions"),
        pgettext("pdf", "Total overview of subsidisable costs"),
        pgettext("pdf", "Actions for the coming year to improve the plan"),
    ]
    return [{"number": n, "anchor": f"chapter-{n}", "title": t} for n, t in enumerate(titles, start=1)]


def _budget(snapshot: Mapping[str, Any]) -> dict | None:
    """Chapter 9 from ``budget.summary`` (contract with the budgets app), or None if absent."""
    budget = snapshot.get("budget")
    summary = budget.get("summary") if isinstance(budget, Mapping) else None
    if not isinstance(summary, Mapping) or not summary.get("years"):
        return None
    years = [int(y) for y in summary.get("years", [])]

    def rows(entries, label_of) -> list[dict]:
        out = []
        for entry in entries or []:
            amounts = entry.get("amounts") or {}
            out.append(
                {
                    "code": str(entry.get("code") or ""),
                    "label": label_of(entry),
                    "amounts": [_decimal(amounts.get(str(y))) for y in years],
                    "total": _decimal(entry.get("total")),
                }
            )
        return out

    by_theme = rows(summary.get("by_theme"), lambda e: str(e.get("title") or e.get("code") or ""))
    by_source = rows(summary.get("by_source"), lambda e: str(e.get("name") or e.get("code") or ""))
    by_year = summary.get("by_year") or {}
    year_totals = [_decimal(by_year.get(str(y))) for y in years]
    series_years = [str(y) for y in years]
    theme_chart = charts.horizontal_bars(
        categories=[_short_label(f"{r['code']} {r['label']}".strip()) for r in by_theme],
        series=[(series_years[i], [r["amounts"][i] for r in by_theme]) for i in range(len(years))],
        unit=pgettext("pdf", "Euro"),
        title=pgettext("pdf", "Costs per strategic theme"),
        value_format=_money_short,
    )
    source_chart = charts.horizontal_bars(
        categories=[_short_label(r["label"]) for r in by_source],
        series=[(series_years[i], [r["amounts"][i] for r in by_source]) for i in range(len(years))],
        unit=pgettext("pdf", "Euro"),
        title=pgettext("pdf", "Costs per funding source"),
        value_format=_money_short,
    )
    amount_width = 66 / (len(years) + 1)
    return {
        "years": years,
        "amount_width": f"{amount_width:.2f}%",
        "currency": str(summary.get("currency") or "EUR"),
        "by_theme": by_theme,
        "by_source": by_source,
        "year_totals": year_totals,
        "year_columns": [{"year": y, "total": t} for y, t in zip(years, year_totals, strict=True)],
        "total": _decimal(summary.get("total")),
        "theme_chart": _pdf_chart(theme_chart),
        "source_chart": _pdf_chart(source_chart),
    }


def _short_label(label: str, limit: int = 36) -> str:
    """Chart labels get 230 of 680 units: keep them to what fits at the chart's type size."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _pdf_chart(svg: SafeString) -> SafeString:
    """The web chart, with the document's typeface (an inline SVG inherits none in WeasyPrint)."""
    return mark_safe(  # noqa: S308 - the SVG is escaped by soplan.charts; we swap a constant
        str(svg).replace(charts.INHERIT_FONT, "font-family=\"'Source Sans 3','DejaVu Sans',sans-serif\"")
    )


def _money_short(value: float) -> str:
    from django.utils.formats import number_format

    return "€ " + number_format(round(value), decimal_pos=0, use_l10n=True, force_grouping=True)


def plan_context(source: Source) -> dict[str, Any]:
    """The plan PDF's template context, read from the snapshot (labels in the active language)."""
    snap = source.snapshot
    org = snap.get("organisation", {})
    plan = snap.get("plan", {})
    units = {u["code"]: u["name"] for u in org.get("units", [])}
    groups = {g["code"]: g["name"] for g in org.get("function_groups", [])}

    interventions = sorted(plan.get("interventions", []), key=lambda i: code_key(i["code"]))
    serving: dict[str, list[str]] = defaultdict(list)
    for i in interventions:
        for code in i.get("objectives", []):
            serving[code].append(i["code"])

    themes = []
    for t in sorted(plan.get("themes", []), key=lambda t: code_key(t["code"])):
        themes.append(
            {
                **t,
                "kind_label": _label(ThemeKind, t.get("kind", "")),
                "objectives": [
                    {**o, "interventions": serving.get(o["code"], [])}
                    for o in sorted(t.get("objectives", []), key=lambda o: code_key(o["code"]))
                ],
            }
        )

    points = {v["point"]: v for v in plan.get("vision_on_learning", [])}
    vision = [
        {"label": p.label, "now": points.get(p.value, {}).get("now", ""),
         "future": points.get(p.value, {}).get("future", "")}
        for p in VisionPoint
    ]
    mix = plan.get("learning_mix") or {}

    topics = {t.value: {"label": t.label, "codes": []} for t in Topic}
    rows = []
    for i in interventions:
        for topic in i.get("topics", []):
            if topic in topics:
                topics[topic]["codes"].append(i["code"])
        rows.append(
            {
                **i,
                "level_label": _label(InterventionLevel, i.get("level", "")),
                "unit_names": [units.get(c, c) for c in i.get("units", [])],
                "group_names": [groups.get(c, c) for c in i.get("function_groups", [])],
                "work_form_labels": [_label(WorkForm, w) for w in i.get("work_forms", [])],
                "horizon_label": _label(Horizon, i["horizon"]) if i.get("horizon") else "",
                "years_text": _years_text(i.get("years", [])),
            }
        )
    organisation_wide = sum(1 for i in interventions if i.get("level") == InterventionLevel.ORGANISATION)

    level_order = list(QualificationLevel.values)
    qualification = []
    per_level: dict[str, list[Decimal]] = {}
    for r in sorted(
        plan.get("qualification_mix", []),
        key=lambda r: (units.get(r["unit"], r["unit"]), level_order.index(r["level"]) if r["level"] in level_order else 99),
    ):
        now, desired = _decimal(r["current_fte"]), _decimal(r["desired_fte"])
        qualification.append(
            {"unit": units.get(r["unit"], r["unit"]), "level": _label(QualificationLevel, r["level"]),
             "now": now, "desired": desired, "gap": desired - now, "target_year": r.get("target_year")}
        )
        totals = per_level.setdefault(r["level"], [Decimal(0), Decimal(0)])
        totals[0] += now
        totals[1] += desired
    level_totals = [
        {"level": _label(QualificationLevel, lvl), "now": per_level[lvl][0], "desired": per_level[lvl][1],
         "gap": per_level[lvl][1] - per_level[lvl][0]}
        for lvl in level_order if lvl in per_level
    ]
    qualification_chart = _pdf_chart(charts.grouped_bars(
        categories=[t["level"] for t in level_totals],
        series=[(pgettext("pdf", "Now"), [t["now"] for t in level_totals]), (pgettext("pdf", "Desired"), [t["desired"] for t in level_totals])],
        unit=pgettext("pdf", "FTE"),
        title=pgettext("pdf", "Qualification mix now and desired"),
    ))

    formation = []
    care_codes = {g["code"] for g in org.get("function_groups", []) if g.get("is_care_staff")}
    f_tot = defaultdict(Decimal)
    for r in sorted(plan.get("formation", []), key=lambda r: (units.get(r["unit"], r["unit"]), groups.get(r["function_group"], ""))):
        values = {k: _decimal(r[k]) for k in ("current_fte", "retirement_per_year", "turnover_per_year",
                                             "growth_per_year", "internship_places")}
        need = max(Decimal(0), values["retirement_per_year"] + values["turnover_per_year"] + values["growth_per_year"])
        formation.append({"unit": units.get(r["unit"], r["unit"]), "group": groups.get(r["function_group"], r["function_group"]),
                          **values, "need": need})
        for k, v in values.items():
            f_tot[k] += v
        f_tot["need"] += need
        if r["function_group"] in care_codes:
            f_tot["care_fte"] += values["current_fte"]
    quota = training_quota(f_tot["internship_places"], f_tot["care_fte"])
    years = list(range(int(plan.get("start_year", 0)), int(plan.get("end_year", 0)) + 1))

    signatures = _signature_rows(source.signatures)
    return {
        **_common(source),
        "chapters": _chapters(),
        "preface": plan.get("preface", ""),
        "koers": plan.get("vision", ""),
        "vision": vision,
        "mix": mix if any(v is not None for v in mix.values()) else None,
        "themes": themes,
        "interventions": rows,
        "organisation_wide": organisation_wide,
        "unit_specific": len(rows) - organisation_wide,
        "topics": list(topics.values()),
        "qualification": qualification,
        "qualification_units": _group_by_unit(qualification),
        "level_totals": level_totals,
        "qualification_chart": qualification_chart,
        "formation": formation,
        "formation_units": _group_by_unit(formation),
        "formation_totals": dict(f_tot),
        "quota": quota,
        "quota_reference": Decimal("15"),
        "plan_years": len(years),
        "budget": _budget(snap),
        "actions": [
            {**a, "due": _date(a.get("due"))}
            for a in sorted(plan.get("improvement_actions", []), key=lambda a: code_key(a["code"]))
        ],
        "bodies": _bodies(snap, signatures, source.bodies),
    }


def _group_by_unit(rows: list[dict]) -> list[dict]:
    """Consecutive rows of one unit under one heading row (rows come sorted by unit)."""
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["unit"] != row["unit"]:
            groups.append({"unit": row["unit"], "rows": []})
        groups[-1]["rows"].append(row)
    return groups


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _years_text(years: Sequence[int]) -> str:
    years = sorted(years)
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def _common(source: Source) -> dict[str, Any]:
    snap = source.snapshot
    org = snap.get("organisation", {})
    plan = snap.get("plan", {})
    return {
        "source": source,
        "kind": source.kind,
        "language": get_language(),
        "organisation": org,
        "plan": plan,
        "period": f"{plan.get('start_year', '')}–{plan.get('end_year', '')}",
        "title_html": _keep_periods_together(plan.get("title", "")),
        "sha256": source.sha256 if _is_hex(source.sha256) else "",
        "is_draft": source.is_draft,
        "version_number": source.version_number,
        "status_label": _status_label(source),
        "date": source.date,
        "page_css": _page_css(source),
    }


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: everything but letters, digits and spaces escaped."""
    return '"' + "".join(c if c.isalnum() and c.isascii() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _page_css(source: Source) -> SafeString:
    """Running header and footer: page number and the plan hash on every page (design.md 4).

    Only our own translated labels and the hexadecimal hash go in here, escaped as CSS strings.
    """
    sha = source.sha256 if _is_hex(source.sha256) else "?"
    if source.kind == DocumentKind.EVALUATION:
        footer = css_string(pgettext("pdf", "Evaluation hash (SHA-256): %(hash)s") % {"hash": sha})
    elif source.kind == DocumentKind.REGIONAL:
        footer = css_string(pgettext("pdf", "Monitor hash (SHA-256): %(hash)s") % {"hash": sha})
    else:
        footer = css_string(pgettext("pdf", "Plan hash (SHA-256): %(hash)s") % {"hash": sha})
    page_label = css_string(pgettext("pdf", "Page") + " ")
    of_label = css_string(" " + pgettext("pdf", "of") + " ")
    page = f"{page_label} counter(page) {of_label} counter(pages)"
    rules = [
        f"@page {{ @bottom-left {{ content: {footer}; }} @bottom-right {{ content: {page}; }} }}",
    ]
    if source.is_draft:
        concept = css_string(pgettext("pdf", "CONCEPT") + " – " + pgettext("pdf", "not adopted"))
        rules.append(
            f"@page {{ @top-center {{ content: {concept}; font: 700 8pt sans-serif; color: #8a4b0f; "
            "vertical-align: bottom; padding-bottom: 3mm; } }"
        )
    return mark_safe("\n".join(rules))  # noqa: S308 - built from escaped strings above


def _keep_periods_together(title: str) -> SafeString:
    """The escaped title, with a period such as 2027–2030 kept on one line."""
    escaped = str(escape(title))
    return mark_safe(re.sub(r"(\d{4})\s*([–-])\s*(\d{4})", r'<span class="nowrap">\1\2\3</span>', escaped))  # noqa: S308


def _is_hex(value: str) -> bool:
    return bool(value) and all(c in "0123456789abcdef" for c in value)


def _join(names: Sequence[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return pgettext("pdf", "%(list)s and %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def signing_context(source: Source) -> dict[str, Any]:
    """The cover sheet's and the board statement's context: the bodies and their decisions."""
    signatures = _signature_rows(source.signatures)
    org = source.snapshot.get("organisation", {})
    bodies = _bodies(source.snapshot, signatures, source.bodies)
    consenting = [b for b in bodies if not b["is_board"]]
    return {
        **_common(source),
        "bodies": bodies,
        "consenting_text": _join([b["name"] or b["kind_label"] for b in consenting]),
        # The board statement's own words (R11) are the text of its "issued" row.
        "statement_text": next((r["conditions"] for r in signatures if r["decision"] == "issued"), ""),
        "statement_year": source.statement_year,
        "zorgkantoor": org.get("zorgkantoor", ""),
    }


# --- HTML and PDF ---------------------------------------------------------------------------------


def evaluation_context(source: Source) -> dict[str, Any]:
    """The evaluation report: per theme its objectives with result, measured value and evidence;
    then the conclusions and what they mean for the plan. Every value is printed by its label."""
    evaluation = source.snapshot.get("evaluation", {})
    labels = dict(source.labels or {})
    results, evidence, changes = (dict(labels.get(k, {})) for k in ("result", "evidence", "plan_change"))
    themes, counts = [], defaultdict(int)
    for theme in evaluation.get("themes", []):
        objectives = []
        for objective in theme.get("objectives", []):
            result = objective.get("result", "")
            counts[result] += 1
            objectives.append({
                **objective,
                "result_label": results.get(result) or pgettext("pdf", "No result"),
                "evidence_labels": [evidence.get(v, v) for v in objective.get("evidence", [])],
            })
        themes.append({**theme, "objectives": objectives})
    return {
        **_common(source),
        "evaluation": evaluation,
        "year": evaluation.get("year"),
        "themes": themes,
        "counts": [
            {"value": value, "label": label, "n": counts.get(value, 0)} for value, label in results.items()
        ],
        "plan_change_label": changes.get(evaluation.get("plan_change", ""), ""),
        "closed_on": _date(evaluation.get("closed_on")),
    }


def regional_context(source: Source) -> dict[str, Any]:
    """The regional monitor: the snapshot holds the dashboard's figures with small groups already
    suppressed and its labels frozen; numbers become Decimals for the template's filters."""
    snap = source.snapshot
    quota = dict(snap.get("quota") or {})
    rows = [{**r, **{k: _decimal(r.get(k)) for k in ("care_fte", "internship_places")},
             "quota": _decimal(r["quota"]) if r.get("quota") is not None else None} for r in quota.get("rows", [])]
    total = quota.get("total")
    if total:
        total = {k: _decimal(v) if v is not None else None for k, v in total.items()}
    tables = []
    for table in snap.get("tables", []):
        b = table.get("breakdown")
        if b:
            b = {
                **b,
                "rows": [{**r, "values": [_decimal(v) for v in r["values"]]} for r in b["rows"]],
                "hidden": [_decimal(v) for v in b["hidden"]] if b.get("hidden") is not None else None,
                "total": [_decimal(v) for v in b["total"]],
            }
        tables.append({**table, "breakdown": b})
    return {
        **_common(source),
        "region": snap.get("region", {}),
        "monitor": snap.get("monitor", {}),
        "year": snap.get("monitor", {}).get("year"),
        "taken_on": _date(snap.get("monitor", {}).get("taken_on")),
        "quota_rows": rows,
        "quota_total": total,
        "quota_reference": _decimal(quota.get("reference")),
        "tables": tables,
        "agenda": snap.get("agenda", []),
    }


def build_html(source: Source) -> str:
    """The document as HTML, in the active language (the caller sets it)."""
    if source.kind == DocumentKind.PLAN:
        context = plan_context(source)
    elif source.kind == DocumentKind.EVALUATION:
        context = evaluation_context(source)
    elif source.kind == DocumentKind.REGIONAL:
        context = regional_context(source)
    else:
        context = signing_context(source)
    context["base_url"] = BASE_URL
    return render_to_string(TEMPLATES[DocumentKind(source.kind)], context)


def write_pdf(html: str, *, attachments: Sequence[tuple[str, bytes, str]] = ()) -> tuple[bytes, int]:
    """HTML → PDF/A bytes and the number of pages. Fonts are embedded (PDF/A requires it)."""
    from weasyprint import HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    fetcher = url_fetcher()
    # Text stored before the forms and the importer cleaned their input may hold control
    # characters: WeasyPrint would print them as missing glyphs, which PDF/A forbids.
    html = clean_text(html)
    with _fewer_collections():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            font_config=FontConfiguration(), pdf_variant=PDF_VARIANT
        )
        files = [
            Attachment(string=content, base_url=BASE_URL, url_fetcher=fetcher, name=name,
                       description=description, relationship="Source")
            for name, content, description in attachments
        ]
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=files or None)
    return pdf, len(document.pages)


@contextmanager
def _fewer_collections():
    """Run the cyclic garbage collector less often while WeasyPrint builds its box tree.

    A render allocates hundreds of thousands of long-lived objects; with the default threshold
    the collector rescans them over and over, which made time per page grow with the plan
    (about 20 % of a 400-intervention render). Memory grows by a few per cent at most.
    """
    previous = gc.get_threshold()
    gc.set_threshold(50_000, previous[1], previous[2])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def filename(source: Source) -> str:
    if source.kind == DocumentKind.REGIONAL:
        region = slugify(source.snapshot.get("region", {}).get("slug", "")) or "regio"
        year = source.snapshot.get("monitor", {}).get("year", "")
        stem = pgettext("file name", "regional-monitor")
        return f"{stem}-{region}-{year}.pdf"
    plan = source.snapshot.get("plan", {})
    stem = slugify(plan.get("title", "").replace("–", "-").replace("—", "-")) or "plan"
    if source.kind == DocumentKind.EVALUATION:
        year = source.snapshot.get("evaluation", {}).get("year", "")
        word = pgettext("file name", "evaluation")  # not inside the f-string: gettext would not find it
        return f"{stem}-{word}-{year}.pdf"
    which = f"v{source.version_number}" if source.version_number else pgettext("file name", "concept")
    kind = {
        DocumentKind.PLAN: "",
        DocumentKind.COVER: "-" + pgettext("file name", "cover-sheet"),
        DocumentKind.STATEMENT: "-" + pgettext("file name", "board-statement")
        + (f"-{source.statement_year}" if source.statement_year else ""),
    }[DocumentKind(source.kind)]
    return f"{stem}{kind}-{which}.pdf"


def render(source: Source) -> Rendered:
    """Render ``source`` in the active language (callers wrap this in translation.override)."""
    from plans.interchange.format import canonical_bytes

    html = build_html(source)
    attachments = []
    if source.kind == DocumentKind.PLAN:
        # The canonical snapshot travels inside the PDF/A-3: its SHA-256 is the hash printed
        # in every footer, so a reader can check that the PDF and the frozen plan agree.
        attachments.append(("plan.json", canonical_bytes(dict(source.snapshot)), pgettext("pdf", "The plan as frozen (JSON)")))
    elif source.kind == DocumentKind.EVALUATION:
        attachments.append(("evaluation.json", canonical_bytes(dict(source.snapshot)),
                            pgettext("pdf", "The evaluation as closed (JSON)")))
    elif source.kind == DocumentKind.REGIONAL:
        attachments.append(("monitor.json", canonical_bytes(dict(source.snapshot)),
                            pgettext("pdf", "The shared figures as frozen (JSON)")))
    content, pages = write_pdf(html, attachments=attachments)
    return Rendered(filename(source), CONTENT_TYPE, content, pages)
