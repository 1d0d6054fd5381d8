"""What the dashboard shows: per organisation its plans, their status and step, and next actions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.approval import selectors as approval
from plans.content.completeness import STEP_TITLES, evaluate_for_page
from plans.content.models import Plan, PlanStatus
from plans.content.selectors import PlanContent, current_version, plan_content
from plans.evaluation.cycle import next_cycle_of
from plans.evaluation.selectors import evaluations_by_year
from plans.evaluation.services import EVALUATION_STATUSES
from stakeholders.access import organisations_of, recording_kinds_of, roles_of
from stakeholders.models import BodyKind, Organisation, Role


@dataclass
class NextAction:
    label: str
    url: str
    detail: str = ""


@dataclass
class PlanRow:
    plan: Plan
    step: str
    step_title: str
    blocking: int
    warnings: int


@dataclass
class Entry:
    organisation: Organisation
    roles: list[str]
    plans: list[PlanRow] = field(default_factory=list)
    actions: list[NextAction] = field(default_factory=list)


def dashboard_entries(user, today=None) -> list[Entry]:
    today = today or timezone.localdate()
    entries = []
    for organisation in organisations_of(user):
        roles = roles_of(user, organisation)
        entry = Entry(
            organisation=organisation,
            roles=[r.label for r in Role if r.value in roles],
        )
        recording = set(recording_kinds_of(user, organisation))  # from the roles read once per request
        for plan in organisation.plans.all():
            entry.actions.extend(_approval_actions(plan, roles, recording, today))
            entry.actions.extend(_evaluation_actions(plan, roles, today))
            if plan.is_editable:
                content = plan_content(plan)
                report = evaluate_for_page(plan, content)
                step = report.current_step()
                row = PlanRow(plan, step, str(STEP_TITLES[step]), len(report.blocking), len(report.warnings))
                entry.actions.extend(_alignment_actions(plan, content, roles))
                entry.actions.extend(_drafting_actions(plan, report, roles))
            else:
                row = PlanRow(plan, "6", _stage(plan), 0, 0)
            entry.plans.append(row)
        if Role.AUTHOR.value in roles and not entry.plans:
            entry.actions.append(
                NextAction(
                    _("Start your first strategic training plan"),
                    reverse("plans:plan_create", kwargs={"org": organisation.slug}),
                    _("The editor leads you through the six steps."),
                )
            )
        if not entry.actions and entry.plans:
            latest = entry.plans[0].plan
            entry.actions.append(
                NextAction(_("Read %(plan)s") % {"plan": latest.title}, latest.get_absolute_url())
            )
        entries.append(entry)
    return entries


def _stage(plan: Plan) -> str:
    """Where a plan past drafting stands, in a few words for the plans table."""
    if plan.status == PlanStatus.AWAITING_CONSENT:
        version = current_version(plan)
        decided = set(version.decisions.values_list("body_id", flat=True))
        waiting = [r.body.name for r in version.consent_requests.select_related("body") if r.body_id not in decided]
        return _("Waiting for consent: %(bodies)s") % {"bodies": ", ".join(waiting)}
    return str(
        {
            PlanStatus.SUBMITTED: _("Waiting for the board's decision"),
            PlanStatus.APPROVED_BY_BOARD: _("Consent still to be requested"),
            PlanStatus.ADOPTED: _("Adopted; to be sent to the zorgkantoor"),
            PlanStatus.SENT_TO_ZORGKANTOOR: _("In execution"),
            PlanStatus.IN_EXECUTION: _("In execution"),
            PlanStatus.EVALUATED: _("Evaluated"),
        }.get(plan.status, STEP_TITLES["6"])
    )


COUNCIL_ROLES = frozenset({Role.OR_MEMBER.value, Role.VAR_MEMBER.value, Role.CR_MEMBER.value})


def _alignment_actions(plan: Plan, content: PlanContent, roles: frozenset[str]) -> list[NextAction]:
    """Step 4: the invitation to comment while the plan is in consultation, and the comments and
    team wishes the author still has to answer."""
    actions: list[NextAction] = []
    url = reverse("plans:alignment", kwargs={"plan": plan.pk})
    round_ = content.consultation
    if round_ is not None and (roles & COUNCIL_ROLES or Role.LINE_MANAGER.value in roles):
        if round_.closes_on:
            detail = _("The plan is open for comments until %(date)s.") % {"date": date_format(round_.closes_on)}
        else:
            detail = _("The plan is open for comments.")
        label = (
            _("Comment on %(plan)s or submit your teams' wishes")
            if Role.LINE_MANAGER.value in roles
            else _("Comment on %(plan)s")
        ) % {"plan": plan.title}
        actions.append(NextAction(label, url + "#add-comment", detail))
    if Role.AUTHOR.value in roles:
        waiting = content.open_comments
        if waiting:
            wishes = sum(1 for c in waiting if c.is_wish)
            actions.append(
                NextAction(
                    ngettext(
                        "React to %(n)s comment or wish on %(plan)s",
                        "React to %(n)s comments and wishes on %(plan)s",
                        len(waiting),
                    )
                    % {"n": len(waiting), "plan": plan.title},
                    url + "#open-comments",
                    ngettext("%(n)s of them is a team wish.", "%(n)s of them are team wishes.", wishes) % {"n": wishes}
                    if wishes
                    else _("Answer them and mark them as handled."),
                )
            )
        if round_ is not None and round_.is_past_closing_date:
            actions.append(
                NextAction(
                    _("Close the consultation on %(plan)s") % {"plan": plan.title},
                    reverse("plans:consultation_close", kwargs={"plan": plan.pk}),
                    _("The closing date %(date)s has passed.") % {"date": date_format(round_.closes_on)},
                )
            )
    return actions


def _drafting_actions(plan: Plan, report, roles: frozenset[str]) -> list[NextAction]:
    actions = []
    if Role.AUTHOR.value in roles:
        if report.blocking:
            first = report.blocking[0]
            actions.append(
                NextAction(
                    _("Continue with %(plan)s") % {"plan": plan.title},
                    report.url(first),
                    _("%(n)s open point(s); next: %(message)s")
                    % {"n": len(report.blocking), "message": first.message},
                )
            )
        else:
            actions.append(
                NextAction(
                    _("Submit %(plan)s to the board") % {"plan": plan.title},
                    reverse("plans:approval", kwargs={"plan": plan.pk}),
                    _("The plan is complete for steps 1–3."),
                )
            )
    if Role.LINE_MANAGER.value in roles:
        actions.append(
            NextAction(
                _("Add the formation figures of your units"),
                reverse("plans:formation", kwargs={"plan": plan.pk}),
                _("Outflow, growth and internship places for %(plan)s.") % {"plan": plan.title},
            )
        )
    return actions


def _approval_actions(plan: Plan, roles: frozenset[str], recording: set[str], today) -> list[NextAction]:
    """Step 6: what the author, the board and the councils must do next on this plan."""
    actions: list[NextAction] = []
    url = reverse("plans:approval", kwargs={"plan": plan.pk})
    author = Role.AUTHOR.value in roles
    board = BodyKind.BOARD.value in recording
    if plan.is_editable:
        back = approval.back_to_draft(plan) if author else None
        if back is not None:
            reasons = " ".join(d.text for d in back.decisions) or back.transition.note
            label = (
                _("%(plan)s was returned by the board") if back.transition.action == "returned"
                else _("Consent on %(plan)s was refused")
            ) % {"plan": plan.title}
            actions.append(NextAction(label, url, _("Reasons: %(r)s") % {"r": Truncator(reasons).chars(160)}))
        return actions
    version = current_version(plan)
    if plan.status == PlanStatus.SUBMITTED and board:
        actions.append(
            NextAction(
                _("Decide on %(plan)s") % {"plan": plan.title},
                reverse("plans:approve", kwargs={"plan": plan.pk}),
                _("Version %(n)s waits for the board: approve it or return it with reasons.") % {"n": version.number},
            )
        )
    elif plan.status == PlanStatus.APPROVED_BY_BOARD and (author or board):
        actions.append(
            NextAction(
                _("Ask the councils for consent on %(plan)s") % {"plan": plan.title},
                reverse("plans:request_consent", kwargs={"plan": plan.pk}),
                _("The board approved version %(n)s.") % {"n": version.number},
            )
        )
    elif plan.status == PlanStatus.AWAITING_CONSENT and recording:
        decided = set(version.decisions.values_list("body_id", flat=True))
        for request in version.consent_requests.select_related("body"):
            if request.body.kind in recording and request.body_id not in decided:
                overdue = request.deadline < timezone.localdate()
                detail = _("Answer before %(date)s.") % {"date": date_format(request.deadline)}
                if overdue:
                    detail += " " + _("The deadline has passed.")
                actions.append(
                    NextAction(
                        _("Record the decision of %(body)s on %(plan)s") % {"body": request.body.name, "plan": plan.title},
                        reverse("plans:record_consent", kwargs={"plan": plan.pk, "body": request.body_id}),
                        detail,
                    )
                )
    elif plan.status == PlanStatus.ADOPTED and author:
        actions.append(
            NextAction(
                _("Mark %(plan)s as sent to the zorgkantoor") % {"plan": plan.title},
                reverse("plans:mark_sent", kwargs={"plan": plan.pk}),
                _("Every council consented; the plan is adopted."),
            )
        )
    if plan.status in (PlanStatus.ADOPTED, PlanStatus.SENT_TO_ZORGKANTOOR, PlanStatus.IN_EXECUTION):
        states = approval.statement_states(plan) if (board or recording) else []
        for state in states:
            for kind, body in state.pending:
                if kind in recording and body is not None:
                    actions.append(
                        NextAction(
                            _("Co-sign the board statement %(year)s of %(plan)s") % {"year": state.statement.year, "plan": plan.title},
                            reverse("plans:statement_sign", kwargs={"plan": plan.pk, "statement": state.statement.pk, "body": body.pk}),
                            _("For %(body)s (R11).") % {"body": body.name},
                        )
                    )
        year = today.year
        if board and year in plan.years and year > plan.start_year and not any(
            s.statement.year == year and not s.is_declined for s in states
        ):
            # R11: after a closed evaluation of last year the statement is drawn from it, with the
            # board's explanation for every objective not met.
            previous = evaluations_by_year(plan).get(year - 1)
            if previous is not None and previous.is_closed:
                actions.append(
                    NextAction(
                        _("Issue the board statement %(year)s for %(plan)s") % {"year": year, "plan": plan.title},
                        reverse("plans:evaluation_statement", kwargs={"plan": plan.pk, "year": year - 1}),
                        _("Drawn from the evaluation of %(year)s: explain each objective that was not met (R11).")
                        % {"year": year - 1},
                    )
                )
            else:
                actions.append(
                    NextAction(
                        _("Issue the board statement %(year)s for %(plan)s") % {"year": year, "plan": plan.title},
                        reverse("plans:statement_add", kwargs={"plan": plan.pk}),
                        _("Each year the councils confirm the multi-year plan (R11)."),
                    )
                )
    return actions


def _evaluation_actions(plan: Plan, roles: frozenset[str], today) -> list[NextAction]:
    """After adoption the author evaluates every plan year that has ended (R17) and, once the
    plan's last year has begun, starts the next cycle from it."""
    if Role.AUTHOR.value not in roles or plan.status not in EVALUATION_STATUSES:
        return []
    actions: list[NextAction] = []
    evaluations = evaluations_by_year(plan)
    for year in plan.years:
        if year >= today.year:
            break
        evaluation = evaluations.get(year)
        if evaluation is None:
            actions.append(
                NextAction(
                    _("Evaluate %(year)s of %(plan)s") % {"year": year, "plan": plan.title},
                    reverse("plans:evaluations", kwargs={"plan": plan.pk}),
                    _("Record per objective whether it was realised, with the evidence (R17)."),
                )
            )
        elif not evaluation.is_closed:
            actions.append(
                NextAction(
                    _("Finish the evaluation %(year)s of %(plan)s") % {"year": year, "plan": plan.title},
                    evaluation.get_absolute_url(),
                    _("Close it when every objective has a result and the conclusions are written."),
                )
            )
    if today.year >= plan.end_year and next_cycle_of(plan) is None:
        actions.append(
            NextAction(
                _("Start the next cycle after %(plan)s") % {"plan": plan.title},
                reverse("plans:evaluations", kwargs={"plan": plan.pk}) + "#next-cycle",
                _("The new draft starts from the adopted plan and keeps the objectives not yet realised."),
            )
        )
    return actions
