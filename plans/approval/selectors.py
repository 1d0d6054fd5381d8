"""The read side of approval and consent (step 6): who must decide, where a plan stands, who signed.

Which bodies must consent is derived, never typed (design.md "Lifecycle", R9, R10): the works
council (OR) always; the nursing advisory board (VAR) when the organisation has one; the client
council (CR) when the version claims the extra middelen Wlz (the zorgkantoor checks the CR's
signature) or when the organisation always involves it.

:func:`signatures` and :func:`statement_signatures` are the contract with the documents (cover
sheet, board statement): plain rows, no model instances.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.approval.models import (
    BoardStatement,
    ConsentReason,
    ConsentRequest,
    Decision,
    DecisionKind,
    SignatureKind,
    StatementSignature,
    ZorgkantoorSubmission,
)
from plans.content.models import EDITABLE_STATUSES, Plan, PlanStatus, PlanTransition, PlanVersion
from plans.content.selectors import current_version
from stakeholders.models import Body, BodyKind, BodyMember, BodyPosition, Organisation

User = get_user_model()

BODY_ORDER = [BodyKind.BOARD, BodyKind.WORKS_COUNCIL, BodyKind.NURSING_BOARD, BodyKind.CLIENT_COUNCIL]
COUNCILS = (BodyKind.WORKS_COUNCIL, BodyKind.NURSING_BOARD, BodyKind.CLIENT_COUNCIL)
BACK_TO_DRAFT = ("returned", "consent_refused")


def _body_order(kind: str) -> int:
    return BODY_ORDER.index(kind) if kind in BODY_ORDER else len(BODY_ORDER)


# --- Who must decide --------------------------------------------------------------------------


def claims_extra_middelen(snapshot: dict) -> bool:
    """R10: the version claims the extra middelen Wlz (set by the budget section of the snapshot)."""
    budget = snapshot.get("budget") if isinstance(snapshot, dict) else None
    return isinstance(budget, dict) and budget.get("claims_extra_middelen_wlz") is True


def required_consent(organisation: Organisation, snapshot: dict) -> list[tuple[str, str]]:
    """(body kind, reason code) for every body whose consent the version needs (R9, R10)."""
    needed = [(BodyKind.WORKS_COUNCIL.value, ConsentReason.WORKS_COUNCIL.value)]
    if organisation.has_var:
        needed.append((BodyKind.NURSING_BOARD.value, ConsentReason.HAS_VAR.value))
    if claims_extra_middelen(snapshot):
        needed.append((BodyKind.CLIENT_COUNCIL.value, ConsentReason.EXTRA_MIDDELEN.value))
    elif organisation.always_involve_client_council:
        needed.append((BodyKind.CLIENT_COUNCIL.value, ConsentReason.ALWAYS_CR.value))
    return needed


def statement_body_kinds(organisation: Organisation) -> list[str]:
    """R11: the OR and the CR confirm every year, and the VAR where there is one."""
    kinds = [BodyKind.WORKS_COUNCIL.value]
    if organisation.has_var:
        kinds.append(BodyKind.NURSING_BOARD.value)
    if organisation.has_client_council:
        kinds.append(BodyKind.CLIENT_COUNCIL.value)
    return kinds


def recorder(user, organisation: Organisation, kind: str) -> BodyMember | None:
    """The user's membership of the body of ``kind`` if it entitles them to record its decision."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        BodyMember.objects.filter(
            user=user, body__organisation=organisation, body__kind=kind, may_record_decision=True
        )
        .select_related("body")
        .first()
    )












# --- Versions -----------------------------------------------------------------------------




def adopted_version(plan: Plan) -> PlanVersion | None:
    """The version all required bodies consented to (the last one, after a change of status)."""
    transition = (
        PlanTransition.objects.filter(plan=plan, to_status=PlanStatus.ADOPTED)
        .select_related("version")
        .order_by("-created_at", "-pk")
        .first()
    )
    return transition.version if transition else None


def _lineage(plan: Plan) -> list[Plan]:
    """The plan and the plans it changes (its ``previous`` chain), newest first."""
    chain, seen = [], set()
    node = plan
    while node is not None and node.pk not in seen:
        chain.append(node)
        seen.add(node.pk)
        node = node.previous
    return chain


def diff_base(version: PlanVersion) -> PlanVersion | None:
    """What a version is compared with: the plan's previous version, or for the first version of
    a change, the adopted version of the plan it changes."""
    earlier = version.plan.versions.filter(number__lt=version.number).order_by("-number").first()
    if earlier is not None:
        return earlier
    return change_base(version.plan)


def change_base(plan: Plan) -> PlanVersion | None:
    """For a change of an adopted plan (art. 27 WOR): the adopted version it started from.

    A plan that merely continues from an earlier one (the next cycle, also linked with
    ``previous``) is no change: only plans started by ``start_change`` have this row.
    """
    if plan.previous_id is None:
        return None
    started = (
        plan.transitions.filter(action="change_started").select_related("version__plan").order_by("pk").first()
    )
    return started.version if started else None


def last_consented_version(body: Body, version: PlanVersion) -> PlanVersion | None:
    """The last version (of this plan or the plans it changes) this body consented to."""
    decision = (
        Decision.objects.filter(
            body=body,
            version__plan__in=_lineage(version.plan),
            decision__in=[DecisionKind.CONSENTED, DecisionKind.CONSENTED_WITH_CONDITIONS],
        )
        .exclude(version=version)
        .select_related("version__plan")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return decision.version if decision else None


# --- Where a plan stands ------------------------------------------------------------------


@dataclass
class BodyStatus:
    kind: str
    body: Body | None
    reason: str
    request: ConsentRequest | None = None
    decision: Decision | None = None

    @property
    def kind_label(self) -> str:
        return str(BodyKind(self.kind).label)

    @property
    def name(self) -> str:
        return self.body.name if self.body else self.kind_label

    @property
    def reason_label(self) -> str:
        return str(ConsentReason(self.reason).label) if self.reason in ConsentReason.values else ""

    @property
    def is_pending(self) -> bool:
        return self.request is not None and self.decision is None

    @property
    def is_overdue(self) -> bool:
        return self.is_pending and self.request.deadline < timezone.localdate()


@dataclass
class BackToDraft:
    """Why a plan is a draft again: returned by the board or consent refused, with the reasons."""

    transition: PlanTransition
    decisions: list[Decision]


@dataclass
class ApprovalState:
    plan: Plan
    version: PlanVersion | None
    board_decision: Decision | None
    bodies: list[BodyStatus]
    back_to_draft: BackToDraft | None
    submission: ZorgkantoorSubmission | None
    change_base: PlanVersion | None

    @property
    def consent_requested(self) -> bool:
        return any(b.request for b in self.bodies)

    @property
    def pending(self) -> list[BodyStatus]:
        return [b for b in self.bodies if b.is_pending]


def back_to_draft(plan: Plan) -> BackToDraft | None:
    """The reasons a draft came back (shown on the draft until it is submitted again)."""
    if plan.status not in EDITABLE_STATUSES:
        return None
    last = plan.transitions.select_related("version").order_by("-created_at", "-pk").first()
    if last is None or last.action not in BACK_TO_DRAFT:
        return None
    decisions = []
    if last.version_id:
        decisions = list(
            Decision.objects.filter(
                version=last.version, decision__in=[DecisionKind.RETURNED, DecisionKind.REFUSED]
            )
        )
    return BackToDraft(last, decisions)


def approval_state(plan: Plan, snapshot: dict | None = None) -> ApprovalState:
    """Everything the approval page shows. ``snapshot`` is the live plan's, for drafts."""
    version = current_version(plan)
    board = None
    bodies: list[BodyStatus] = []
    by_kind = {b.kind: b for b in plan.organisation.bodies.all()}
    if version is not None:
        decisions = {d.body_id: d for d in version.decisions.all()}
        board = next((d for d in decisions.values() if d.body_kind == BodyKind.BOARD), None)
        requests = list(version.consent_requests.select_related("body"))
        for request in requests:
            bodies.append(
                BodyStatus(request.body.kind, request.body, request.reason, request, decisions.get(request.body_id))
            )
        if not requests:
            snapshot = version.snapshot
    if not bodies:
        for kind, reason in required_consent(plan.organisation, snapshot or {}):
            bodies.append(BodyStatus(kind, by_kind.get(kind), reason))
    bodies.sort(key=lambda b: _body_order(b.kind))
    submission = plan.submissions.order_by("-recorded_at").first() if plan.status in (
        PlanStatus.SENT_TO_ZORGKANTOOR, PlanStatus.IN_EXECUTION, PlanStatus.EVALUATED
    ) else None
    return ApprovalState(
        plan=plan,
        version=version,
        board_decision=board,
        bodies=bodies,
        back_to_draft=back_to_draft(plan),
        submission=submission,
        change_base=change_base(plan),
    )


# --- Board statements (R11) ---------------------------------------------------------------


@dataclass
class StatementState:
    statement: BoardStatement
    required: list[str]
    signatures: dict[str, StatementSignature] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        return all(
            k in self.signatures and self.signatures[k].decision == SignatureKind.COSIGNED for k in self.required
        )

    @property
    def is_declined(self) -> bool:
        return any(s.decision == SignatureKind.DECLINED for s in self.signatures.values())

    @property
    def is_open(self) -> bool:
        return not self.is_complete and not self.is_declined

    @property
    def rows(self) -> list[tuple[str, Body | None, StatementSignature | None]]:
        return [(k, self.bodies.get(k), self.signatures.get(k)) for k in self.required]

    @property
    def pending(self) -> list[tuple[str, Body | None]]:
        """(kind, body) of the councils that still have to co-sign."""
        if not self.is_open:
            return []
        return [(k, self.bodies.get(k)) for k in self.required if k not in self.signatures]


def statement_state(statement: BoardStatement) -> StatementState:
    organisation = statement.plan.organisation
    return StatementState(
        statement=statement,
        required=statement_body_kinds(organisation),
        signatures={s.body_kind: s for s in statement.signatures.all()},
        bodies={b.kind: b for b in organisation.bodies.all()},
    )


def statement_states(plan: Plan) -> list[StatementState]:
    statements = plan.statements.prefetch_related("signatures").order_by("year", "issued_at")
    required = statement_body_kinds(plan.organisation)
    bodies = {b.kind: b for b in plan.organisation.bodies.all()}
    return [
        StatementState(s, required, {sig.body_kind: sig for sig in s.signatures.all()}, bodies)
        for s in statements
    ]


# --- Signatures: the contract with the documents ------------------------------------------


@dataclass(frozen=True)
class SignatureRow:
    """One signature on a cover sheet or board statement.

    ``decision`` is the stored value (approved, returned, consented, consented_with_conditions,
    refused; for statements issued, cosigned, declined); ``decision_label`` the same in words in
    the active language. ``decided_at`` is timezone-aware (stored in UTC).
    """

    body_kind: str
    body_kind_label: str
    body_name: str
    person_name: str
    position: str
    position_label: str
    decision: str
    decision_label: str
    text: str
    decided_at: dt.datetime
    version_sha256: str


def _position_label(position: str) -> str:
    return str(BodyPosition(position).label) if position in BodyPosition.values else position


def _row(record, decision: str, decision_label: str, text: str, decided_at: dt.datetime) -> SignatureRow:
    return SignatureRow(
        body_kind=record.body_kind,
        body_kind_label=str(BodyKind(record.body_kind).label) if record.body_kind in BodyKind.values else "",
        body_name=record.body_name,
        person_name=record.actor_name,
        position=record.position,
        position_label=_position_label(record.position),
        decision=decision,
        decision_label=decision_label,
        text=text,
        decided_at=decided_at,
        version_sha256=record.version_sha256,
    )


def signatures(version: PlanVersion) -> list[SignatureRow]:
    """The board's decision and every council's decision on ``version``: board, OR, VAR, CR."""
    decisions = sorted(version.decisions.all(), key=lambda d: (_body_order(d.body_kind), d.decided_at))
    return [_row(d, d.decision, d.get_decision_display(), d.text, d.decided_at) for d in decisions]


def statement_signatures(statement: BoardStatement) -> list[SignatureRow]:
    """The board's statement itself (decision ``issued``) followed by the councils' co-signatures."""
    text = statement.text if statement.objectives_met else f"{statement.text}\n\n{statement.explanation}"
    rows = [_row(statement, "issued", _("Issued"), text, statement.issued_at)]
    sigs = sorted(statement.signatures.all(), key=lambda s: (_body_order(s.body_kind), s.decided_at))
    rows += [_row(s, s.decision, s.get_decision_display(), s.text, s.decided_at) for s in sigs]
    return rows


# --- Timeline -----------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    when: dt.datetime
    kind: str  # transition, decision, request, statement, signature, submission
    title: str
    who: str = ""
    detail: str = ""
    version: PlanVersion | None = None
    tone: str = "neutral"  # positive, negative, neutral
    extra: dict = field(default_factory=dict)


ACTION_TITLES = {
    "submitted": lambda: _("Submitted to the board"),
    "approved": lambda: _("Approved by the board"),
    "returned": lambda: _("Returned by the board"),
    "consent_requested": lambda: _("Consent requested"),
    "consent_refused": lambda: _("Consent refused: back to draft"),
    "adopted": lambda: _("Adopted: every required body consented"),
    "sent": lambda: _("Sent to the zorgkantoor"),
    "execution_started": lambda: _("In execution"),
    "change_started": lambda: _("Change started (art. 27 WOR)"),
    "consultation_opened": lambda: _("Opened for consultation"),
    "consultation_closed": lambda: _("Consultation closed"),
}


def transition_title(action: str) -> str:
    make = ACTION_TITLES.get(action)
    return make() if make else action


def timeline(plan: Plan) -> list[TimelineEntry]:
    """Every status change and decision of the plan (with its consent requests, the submission to
    the zorgkantoor and the board statements), oldest first."""
    entries: list[TimelineEntry] = []
    requests: dict[int, list[ConsentRequest]] = {}
    for r in ConsentRequest.objects.filter(version__plan=plan).select_related("body"):
        requests.setdefault(r.version_id, []).append(r)
    submissions = list(plan.submissions.order_by("recorded_at", "pk"))
    for t in plan.transitions.select_related("version"):
        tone = "negative" if t.action in BACK_TO_DRAFT else ("positive" if t.action == "adopted" else "neutral")
        detail = t.note
        title = transition_title(t.action)
        if t.action in ("approved", "returned", "consent_refused"):
            detail = ""  # the decision itself carries the note or the reasons
        elif t.action == "consent_requested":
            detail = "\n".join(
                _("%(body)s: answer before %(date)s") % {"body": r.body.name, "date": date_format(r.deadline)}
                for r in sorted(requests.get(t.version_id, []), key=lambda r: _body_order(r.body.kind))
            )
        elif t.action == "sent" and submissions:
            s = submissions.pop(0)
            title = _("Sent to %(zorgkantoor)s on %(date)s") % {"zorgkantoor": s.zorgkantoor, "date": date_format(s.sent_on)}
            detail = ""
        elif t.action == "change_started":
            detail = ""
            if t.version_id and t.version.plan_id != plan.pk:
                title = _("Started as a change of “%(plan)s” (art. 27 WOR)") % {"plan": t.note}
            else:
                title = _("Change started: “%(plan)s” (art. 27 WOR)") % {"plan": t.note}
        entries.append(
            TimelineEntry(
                t.created_at, "transition", title, t.actor_name, detail, t.version, tone,
                {"from": t.get_from_status_display(), "to": t.get_to_status_display()},
            )
        )
    for d in Decision.objects.filter(version__plan=plan).select_related("version"):
        entries.append(
            TimelineEntry(
                d.decided_at, "decision", f"{d.body_name}: {d.get_decision_display()}",
                f"{d.actor_name} ({_position_label(d.position).lower()})", d.text, d.version,
                "positive" if d.is_positive else "negative", {"hash": d.short_hash},
            )
        )
    for st in plan.statements.select_related("version").prefetch_related("signatures"):
        detail = st.text if st.objectives_met else f"{st.text}\n\n{_('Objectives not met')}: {st.explanation}"
        entries.append(
            TimelineEntry(
                st.issued_at, "statement", _("Board statement %(year)s issued") % {"year": st.year},
                f"{st.actor_name} ({_position_label(st.position).lower()})", detail, st.version,
            )
        )
        for sig in st.signatures.all():
            entries.append(
                TimelineEntry(
                    sig.decided_at, "signature",
                    _("%(body)s on the board statement %(year)s: %(decision)s")
                    % {"body": sig.body_name, "year": st.year, "decision": sig.get_decision_display().lower()},
                    f"{sig.actor_name} ({_position_label(sig.position).lower()})", sig.text, st.version,
                    "positive" if sig.decision == SignatureKind.COSIGNED else "negative",
                )
            )
    entries.sort(key=lambda e: e.when)
    return entries
