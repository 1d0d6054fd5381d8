"""The regional dashboard: read from the frozen snapshots of the members' adopted versions,
only the kinds of figure each member's board shares (design.md "How data flows" 6).

Nothing here reads live rows of a plan: a draft, a plan text or a figure a member did not
share cannot reach the page. The query count does not depend on the number of members: the
members, their opt-ins, their newest adopted versions and those versions' snapshots are four
queries, whatever the size of the region.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from plans.content.models import PlanStatus, PlanTransition, PlanVersion, QualificationLevel, ThemeKind
from plans.content.selectors import QUOTA_REFERENCE, training_quota
from plans.evaluation.models import ObjectiveResult, Realisation
from stakeholders.models import Organisation, Region, ShareKind, Sharing

# design.md "How data flows" 6: a figure that would make fewer than three organisations
# identifiable appears only in a total.
MIN_ORGANISATIONS = 3
ZERO = Decimal(0)


class InterventionKind(models.TextChoices):
    """The kinds of interventions seen in practice (domain.md "Regional layer"), derived from an
    intervention's work forms; an intervention counts once in every kind it has a form of."""

    WORKPLACE = "workplace", _("Workplace learning")
    MODULAR = "modular", _("Modular or shortened training for side-entrants")
    TECHNOLOGY = "technology", _("Technology (e-learning, online classes, skills lab)")
    INTERPROFESSIONAL = "interprofessional", _("Interprofessional learning")
    OTHER = "other", _("Other work forms")


KIND_OF_WORK_FORM = {
    "workplace": InterventionKind.WORKPLACE,
    "learning_ward": InterventionKind.WORKPLACE,
    "modular": InterventionKind.MODULAR,
    "elearning": InterventionKind.TECHNOLOGY,
    "online_class": InterventionKind.TECHNOLOGY,
    "skills_lab": InterventionKind.TECHNOLOGY,
    "interprofessional": InterventionKind.INTERPROFESSIONAL,
}


@dataclass
class Row:
    label: str
    values: tuple[Decimal, ...]
    organisations: int


@dataclass
class Breakdown:
    """Rows of a regional table. ``rows`` are the groups of at least three organisations; the
    values of smaller groups count in ``hidden`` and in ``total`` only."""

    rows: list[Row]
    hidden: tuple[Decimal, ...] | None
    hidden_groups: int
    total: tuple[Decimal, ...]
    organisations: int

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.hidden_groups


def protect(cells: dict[str, tuple[tuple[Decimal, ...], set[int]]], width: int = 1) -> Breakdown:
    """The one rule for small groups (design.md "How data flows" 6): a cell whose value comes
    from fewer than :data:`MIN_ORGANISATIONS` organisations is not shown on its own; its value
    counts in the total (and the "other groups" line, when there are at least two such cells or
    the hidden groups together come from enough organisations not to identify any)."""
    shown: list[Row] = []
    hidden = [ZERO] * width
    hidden_orgs: set[int] = set()
    hidden_groups = 0
    total = [ZERO] * width
    everyone: set[int] = set()
    for label, (values, organisations) in cells.items():
        everyone |= organisations
        total = [t + v for t, v in zip(total, values, strict=True)]
        if len(organisations) >= MIN_ORGANISATIONS:
            shown.append(Row(label, tuple(values), len(organisations)))
        else:
            hidden = [h + v for h, v in zip(hidden, values, strict=True)]
            hidden_orgs |= organisations
            hidden_groups += 1
    shown.sort(key=lambda r: str(r.label).casefold())
    # The remainder line is itself a figure: only with enough organisations behind it.
    remainder = tuple(hidden) if hidden_groups and len(hidden_orgs) >= MIN_ORGANISATIONS else None
    return Breakdown(shown, remainder, hidden_groups, tuple(total), len(everyone))


@dataclass
class QuotaRow:
    name: str
    care_fte: Decimal
    internship_places: Decimal

    @property
    def quota(self) -> Decimal | None:
        return training_quota(self.internship_places, self.care_fte)

    @property
    def below_reference(self) -> bool:
        return self.quota is not None and self.quota < QUOTA_REFERENCE


@dataclass
class Dashboard:
    region: Region
    members: list[Organisation]
    shares: dict[int, frozenset[str]]
    adopted: dict[int, int]  # organisation id -> version number of its newest adopted version
    quota_rows: list[QuotaRow] = field(default_factory=list)
    quota_total: QuotaRow | None = None
    formation: Breakdown | None = None
    themes: Breakdown | None = None
    intervention_kinds: Breakdown | None = None
    intervention_years: Breakdown | None = None
    spending: Breakdown | None = None
    evaluations: Breakdown | None = None  # per evaluated year: objectives realised, partly, not
    realised_spending: Breakdown | None = None  # per funding source: planned and realised
    quota_reference: Decimal = QUOTA_REFERENCE

    def sharing_count(self, kind: str) -> int:
        return sum(1 for org in self.members if kind in self.shares.get(org.pk, ()) and org.pk in self.adopted)

    @property
    def silent_members(self) -> list[Organisation]:
        """Members that share nothing (or have no adopted plan yet): named, never counted."""
        return [org for org in self.members if not self.shares.get(org.pk) or org.pk not in self.adopted]


def _d(value) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else ZERO


def group_label(name: str, level: str) -> str:
    """"Verzorgende IG (mbo 3)"; a name that already says its level keeps it once."""
    name = name.strip()
    short = level.replace(" ", "").casefold()
    if short in name.replace(" ", "").casefold():
        return name
    return f"{name} ({level})"


# The parts of a snapshot the dashboard reads: extracted by the database (JSON functions of SQLite
# and PostgreSQL), so the plan texts, the budget's lines and the rest never cross to Python.
PARTS = {
    "units": ("organisation", "units"),
    "function_groups": ("organisation", "function_groups"),
    "formation": ("plan", "formation"),
    "themes": ("plan", "themes"),
    "interventions": ("plan", "interventions"),
    "by_source": ("budget", "summary", "by_source"),
}


def adopted_snapshots(organisation_ids: list[int]) -> dict[int, tuple[int, dict]]:
    """Per organisation the newest adopted version's number and the parts of its snapshot the
    dashboard reads (:data:`PARTS`): two queries for any number of organisations."""
    from django.db.models.fields.json import KeyTransform

    newest = newest_adopted(organisation_ids)
    annotations = {}
    for name, path in PARTS.items():
        expression = KeyTransform(path[0], "snapshot")
        for key in path[1:]:
            expression = KeyTransform(key, expression)
        annotations[f"part_{name}"] = expression
    rows = PlanVersion.objects.filter(pk__in=newest.values()).annotate(**annotations).values(
        "pk", "number", "plan_id", *annotations
    )
    by_pk = {row["pk"]: row for row in rows}
    out = {}
    for org_id, pk in newest.items():
        row = by_pk.get(pk)
        if row is None:
            continue
        parts = {name: (row[f"part_{name}"] or []) for name in PARTS}
        out[org_id] = (row["number"], {
            "organisation": {"units": parts["units"], "function_groups": parts["function_groups"]},
            "plan": {"formation": parts["formation"], "themes": parts["themes"], "interventions": parts["interventions"]},
            "budget": {"summary": {"by_source": parts["by_source"]}},
            "plan_id": row["plan_id"],  # whose realised figures belong to this adoption
        })
    return out


# budgets (a layer above plans) registers what reads the year plans' realised costs; see
# budgets.regional.realised_by_source for the rows it returns.
RealisedReader = Callable[..., list[tuple[int, int, str, str, Decimal, Decimal]]]
_realised_readers: list[RealisedReader] = []


def register_realised_spending(reader: RealisedReader) -> None:
    if reader not in _realised_readers:
        _realised_readers.append(reader)


def realised_spending(plan_ids: list[int], *, up_to: int | None = None) -> list[tuple[int, int, str, str, Decimal, Decimal]]:
    return [row for reader in _realised_readers for row in reader(plan_ids, up_to=up_to)]


def evaluation_outcomes(plan_ids: list[int], *, up_to: int | None = None) -> dict[tuple[int, int], dict[str, int]]:
    """Per (plan, evaluated year) the number of objectives per result, from the closed (final)
    evaluations only (R17), up to the year ``up_to``: one query for any number of plans."""
    out: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    results = ObjectiveResult.objects.filter(evaluation__plan_id__in=plan_ids, evaluation__closed_at__isnull=False)
    if up_to is not None:
        results = results.filter(evaluation__year__lte=up_to)
    rows = (
        results
        .values_list("evaluation__plan_id", "evaluation__year", "result")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for plan_id, year, result, n in rows:
        out[(plan_id, year)][result] = out[(plan_id, year)].get(result, 0) + n
    return dict(out)


def newest_adopted(organisation_ids: list[int]) -> dict[int, int]:
    """Per organisation the id of its newest adopted version: one query."""
    newest: dict[int, int] = {}
    transitions = (
        PlanTransition.objects.filter(plan__organisation_id__in=organisation_ids, to_status=PlanStatus.ADOPTED)
        .exclude(version=None)
        .order_by("plan__organisation_id", "-created_at", "-pk")
        .values_list("plan__organisation_id", "version_id")
    )
    for org_id, version_id in transitions:
        newest.setdefault(org_id, version_id)
    return newest


def adopted_versions(organisation_ids: list[int]) -> dict[int, tuple[PlanVersion, dict]]:
    """Per organisation its newest adopted version and its whole snapshot (linking a
    contribution reads one organisation's)."""
    newest = newest_adopted(organisation_ids)
    versions = PlanVersion.objects.filter(pk__in=newest.values())
    by_pk = {v.pk: (v, v.snapshot) for v in versions}
    return {org_id: by_pk[pk] for org_id, pk in newest.items() if pk in by_pk}


def dashboard(region: Region, *, up_to: int | None = None) -> Dashboard:
    """The region's figures; ``up_to`` (the regional monitor's year) leaves out realised figures
    of later years."""
    members = list(Organisation.objects.filter(regions=region).order_by("name", "pk").only("pk", "name", "slug"))
    shares: dict[int, set[str]] = defaultdict(set)
    for org_id, kind in Sharing.objects.filter(organisation__regions=region).values_list("organisation_id", "kind"):
        shares[org_id].add(kind)
    frozen = {org_id: frozenset(kinds) for org_id, kinds in shares.items()}
    # Only the snapshots of members that share something are read at all.
    snapshots = adopted_snapshots([org.pk for org in members if frozen.get(org.pk)])
    board = Dashboard(region, members, frozen, {org_id: number for org_id, (number, _s) in snapshots.items()})

    def sharing(kind: str):
        for org in members:
            if kind in frozen.get(org.pk, ()) and org.pk in snapshots:
                yield org, snapshots[org.pk][1]

    # R20: the training quota per organisation (shared by name) and in total.
    for org, snap in sharing(ShareKind.TRAINING_QUOTA):
        care_units = {u["code"] for u in snap["organisation"]["units"] if u.get("is_care_staff", True)}
        care_groups = {g["code"] for g in snap["organisation"]["function_groups"] if g.get("is_care_staff", True)}
        rows = [r for r in snap["plan"]["formation"] if r["unit"] in care_units]
        board.quota_rows.append(
            QuotaRow(
                org.name,
                sum((_d(r["current_fte"]) for r in rows if r["function_group"] in care_groups), ZERO),
                sum((_d(r["internship_places"]) for r in rows), ZERO),
            )
        )
    if board.quota_rows:
        board.quota_total = QuotaRow(
            str(_("All sharing members")),
            sum((r.care_fte for r in board.quota_rows), ZERO),
            sum((r.internship_places for r in board.quota_rows), ZERO),
        )

    # R5: outflow and training need per year, per function group and qualification level.
    formation: dict[str, tuple[tuple[Decimal, ...], set[int]]] = {}
    labels: dict[str, str] = {}
    levels = dict(QualificationLevel.choices)
    for org, snap in sharing(ShareKind.FORMATION):
        care_units = {u["code"] for u in snap["organisation"]["units"] if u.get("is_care_staff", True)}
        groups = {g["code"]: g for g in snap["organisation"]["function_groups"]}
        for r in snap["plan"]["formation"]:
            group = groups.get(r["function_group"])
            if r["unit"] not in care_units or group is None:
                continue
            label = group_label(group["name"], str(levels.get(group["qualification_level"], group["qualification_level"])))
            key = label.casefold()
            outflow = _d(r["retirement_per_year"]) + _d(r["turnover_per_year"])
            need = max(ZERO, outflow + _d(r["growth_per_year"]))
            values, orgs = formation.get(key, ((ZERO, ZERO), set()))
            formation[key] = ((values[0] + outflow, values[1] + need), orgs | {org.pk})
            labels.setdefault(key, label)
    board.formation = protect({labels[k]: v for k, v in formation.items()}, width=2)

    # The themes members chose (counted once per organisation and kind).
    themes: dict[str, tuple[tuple[Decimal, ...], set[int]]] = {}
    kinds = dict(ThemeKind.choices)
    for org, snap in sharing(ShareKind.THEMES):
        for kind in {t["kind"] for t in snap["plan"]["themes"]}:
            label = str(kinds.get(kind, kind))
            values, orgs = themes.get(label, ((ZERO,), set()))
            themes[label] = ((values[0] + 1,), orgs | {org.pk})
    board.themes = protect(themes)

    # Planned interventions by kind and by year.
    by_kind: dict[str, tuple[tuple[Decimal, ...], set[int]]] = {}
    by_year: dict[str, tuple[tuple[Decimal, ...], set[int]]] = {}
    for org, snap in sharing(ShareKind.INTERVENTIONS):
        for item in snap["plan"]["interventions"]:
            item_kinds = {KIND_OF_WORK_FORM.get(f, InterventionKind.OTHER) for f in item.get("work_forms", [])}
            for kind in item_kinds or {InterventionKind.OTHER}:
                label = str(kind.label)
                values, orgs = by_kind.get(label, ((ZERO,), set()))
                by_kind[label] = ((values[0] + 1,), orgs | {org.pk})
            for year in item.get("years", []):
                values, orgs = by_year.get(str(year), ((ZERO,), set()))
                by_year[str(year)] = ((values[0] + 1,), orgs | {org.pk})
    board.intervention_kinds = protect(by_kind)
    board.intervention_years = protect(by_year)

    # Planned spending per funding source (the budget's summary in the snapshot).
    spending: dict[str, tuple[tuple[Decimal, ...], set[int]]] = {}
    for org, snap in sharing(ShareKind.SPENDING):
        for source in ((snap.get("budget") or {}).get("summary") or {}).get("by_source", []):
            label = str(source.get("name") or source.get("code") or _("No funding source"))
            values, orgs = spending.get(label, ((ZERO,), set()))
            spending[label] = ((values[0] + _d(source.get("total")),), orgs | {org.pk})
    board.spending = protect(spending)

    # Realised figures, recorded after adoption on the plan of the members' newest adopted version:
    # the closed yearly evaluations (R17) and the year plan's realised costs. Each is read in one
    # query, whatever the number of members; only for the members that share that kind.
    evaluating = {snap["plan_id"]: org.pk for org, snap in sharing(ShareKind.EVALUATIONS)}
    outcomes: dict[str, tuple[tuple[Decimal, ...], set[int]]] = {}
    order = (Realisation.REALISED, Realisation.PARTLY, Realisation.NOT_REALISED)
    for (plan_id, year), counts in evaluation_outcomes(list(evaluating), up_to=up_to).items():
        values, orgs = outcomes.get(str(year), ((ZERO,) * len(order), set()))
        added = tuple(v + counts.get(r.value, 0) for v, r in zip(values, order, strict=True))
        outcomes[str(year)] = (added, orgs | {evaluating[plan_id]})
    board.evaluations = protect(outcomes, width=3)

    spenders = {snap["plan_id"]: org.pk for org, snap in sharing(ShareKind.REALISED_SPENDING)}
    realised: dict[str, tuple[tuple[Decimal, ...], set[int]]] = {}
    for plan_id, _year, _code, name, planned, done in realised_spending(list(spenders), up_to=up_to):
        label = name or str(_("No funding source"))
        values, orgs = realised.get(label, ((ZERO, ZERO), set()))
        realised[label] = ((values[0] + planned, values[1] + done), orgs | {spenders[plan_id]})
    board.realised_spending = protect(realised, width=2)
    return board


def agenda(region: Region) -> list:
    """The region's doe-agenda with owners, participants and contributions (four queries): the
    running actions first, then the planned ones, then those done or stopped."""
    from plans.regional.models import RegionalAction

    order = {"running": 0, "planned": 1, "done": 2, "stopped": 3}  # what is under way first
    actions = (
        RegionalAction.objects.filter(region=region)
        .select_related("owner")
        .prefetch_related("participants", "contributions__organisation")
        .order_by("title", "pk")
    )
    return sorted(actions, key=lambda a: order.get(a.status, 9))


def linkable_interventions(organisation: Organisation) -> list[dict]:
    """The interventions of the organisation's adopted version, to link to regional actions."""
    adopted = adopted_versions([organisation.pk]).get(organisation.pk)
    return list(adopted[1]["plan"]["interventions"]) if adopted else []
