"""The regional monitor ("Regionale monitor 2027"; the zero measurement and yearly monitoring of
seeds 001 and 003): the dashboard frozen into a snapshot and printed by the documents machinery
(plans.documents) as its own kind of document, by the Celery worker.

The snapshot is built from :func:`plans.regional.selectors.dashboard`, so it holds exactly what
the page shows: only the kinds of figure each member shares, small groups only in totals
(design.md "How data flows" 6). Labels are frozen with it in the site's language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.documents import services as documents
from plans.documents.models import Document, DocumentKind
from plans.regional import selectors
from stakeholders.models import Region, ShareKind


def sections(board: selectors.Dashboard) -> list[dict]:
    """The tables below the training quota, each a breakdown with its headings (the dashboard,
    the Excel workbook and the PDF show the same ones)."""
    count = _("Number")
    return [
        {
            "id": "formation", "title": _("Outflow and training need"), "label": _("Function group (level)"),
            "headings": [_("Outflow (FTE a year)"), _("Training need (FTE a year)")],
            "breakdown": board.formation, "places": 1, "shared_by": board.sharing_count(ShareKind.FORMATION),
        },
        {
            "id": "themes", "title": _("Themes chosen"), "label": _("Theme"), "headings": [_("Organisations choosing it")],
            "total_label": _("Choices in all"), "hide_organisations": True,
            "breakdown": board.themes, "places": 0, "shared_by": board.sharing_count(ShareKind.THEMES),
        },
        {
            "id": "kinds", "title": _("Planned interventions by kind"), "label": _("Kind"), "headings": [count],
            "breakdown": board.intervention_kinds, "places": 0, "shared_by": board.sharing_count(ShareKind.INTERVENTIONS),
        },
        {
            "id": "years", "title": _("Planned interventions by year"), "label": _("Year"), "headings": [count],
            "breakdown": board.intervention_years, "places": 0, "shared_by": board.sharing_count(ShareKind.INTERVENTIONS),
        },
        {
            "id": "spending", "title": _("Planned spending per funding source"), "label": _("Funding source"),
            "headings": [_("Amount (€)")], "breakdown": board.spending, "places": 0,
            "shared_by": board.sharing_count(ShareKind.SPENDING),
        },
        {
            "id": "evaluations", "title": _("Outcome of the yearly evaluations"), "label": _("Evaluated year"),
            "headings": [_("Objectives realised"), _("Partly realised"), _("Not realised")],
            "breakdown": board.evaluations, "places": 0, "shared_by": board.sharing_count(ShareKind.EVALUATIONS),
            "empty": _("None of the members sharing these figures has closed a yearly evaluation yet."),
        },
        {
            "id": "realised", "title": _("Realised spending per funding source"), "label": _("Funding source"),
            "headings": [_("Planned on the lines with realised costs (€)"), _("Realised (€)")],
            "breakdown": board.realised_spending, "places": 0,
            "shared_by": board.sharing_count(ShareKind.REALISED_SPENDING),
            "empty": _("None of the members sharing these figures has recorded realised costs yet."),
        },
    ]


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _breakdown(b: selectors.Breakdown | None) -> dict[str, Any] | None:
    if b is None:
        return None
    return {
        "rows": [{"label": str(r.label), "values": [_s(v) for v in r.values], "organisations": r.organisations}
                 for r in b.rows],
        "hidden": [_s(v) for v in b.hidden] if b.hidden is not None else None,
        "hidden_groups": b.hidden_groups,
        "total": [_s(v) for v in b.total],
        "organisations": b.organisations,
    }


def monitor_snapshot(region: Region, year: int) -> dict[str, Any]:
    """What the monitor prints, as plain data (what its hash covers); in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        board = selectors.dashboard(region, up_to=year)  # realised figures up to the monitored year
        actions = selectors.agenda(region)
        return {
            "region": {"name": region.name, "slug": region.slug},
            "monitor": {
                "year": year,
                "taken_on": timezone.localdate().isoformat(),
                "members": len(board.members),
                "included": sorted(board.adopted),
                "silent_members": [org.name for org in board.silent_members],
            },
            "quota": {
                "reference": _s(board.quota_reference),
                "rows": [{"name": r.name, "care_fte": _s(r.care_fte), "internship_places": _s(r.internship_places),
                          "quota": _s(r.quota), "below_reference": r.below_reference} for r in board.quota_rows],
                "total": {"care_fte": _s(board.quota_total.care_fte),
                          "internship_places": _s(board.quota_total.internship_places),
                          "quota": _s(board.quota_total.quota)} if board.quota_total else None,
            },
            "tables": [
                {
                    "id": s["id"], "title": str(s["title"]), "label": str(s["label"]),
                    "headings": [str(h) for h in s["headings"]], "places": s["places"],
                    "total_label": str(s.get("total_label") or _("Total")),
                    "hide_organisations": bool(s.get("hide_organisations")),
                    "shared_by": s["shared_by"], "breakdown": _breakdown(s["breakdown"]),
                    "empty": str(s["empty"]) if s["shared_by"] and s.get("empty") else "",
                }
                for s in sections(board)
            ],
            "agenda": [
                {
                    "title": a.title, "owner": a.owner.name, "horizon": str(a.get_horizon_display()),
                    "status": str(a.get_status_display()),
                    "participants": sorted(o.name for o in a.participants.all()),
                    "contributions": [f"{c.organisation.name}: {c.intervention_code} {c.title}"
                                      for c in a.contributions.all()],
                }
                for a in actions
            ],
        }


def request_monitor(*, actor, region: Region, year: int) -> Document:
    """Ask for the region's monitor of ``year``: frozen now, rendered by the worker; asking again
    while the shared figures are unchanged returns the stored PDF."""
    return documents.request_regional_report(actor=actor, region=region, year=year,
                                             snapshot=monitor_snapshot(region, year))


def latest_monitor(region: Region) -> Document | None:
    return (
        Document.objects.filter(region=region, kind=DocumentKind.REGIONAL)
        .order_by("-requested_at", "-pk").first()
    )
