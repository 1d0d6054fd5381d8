"""Build the demo organisation through the same services the web uses (``manage.py seed_demo``)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from weasyprint import HTML

from budgets.demo import follow_change, seed_budget, seed_realised
from plans.alignment import services as alignment
from plans.approval import services as lifecycle
from plans.approval import statements
from plans.content import figures
from plans.content import services as plan_services
from plans.evaluation import cycle, evidence_files
from plans.evaluation import services as evaluation_services
from plans.models import (
    EDITABLE_STATUSES,
    CommentKind,
    DecisionKind,
    Notification,
    NotificationKind,
    Plan,
    PlanStatus,
    SignatureKind,
)
from plans.notifications import services as notifications
from stakeholders import services as org_services
from stakeholders.models import FunctionGroup, Organisation, Unit, UserProfile

from . import demo_content as content
from . import demo_region

User = get_user_model()


def _user(email: str, first: str, last: str, password: str, *, superuser: bool = False):
    user = User.objects.filter(username=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=first, last_name=last)
    user.is_staff = user.is_superuser = superuser
    user.set_password(password)
    user.save()
    UserProfile.objects.get_or_create(user=user)
    return user


def seed(
    password: str | None = None, *, organisation_spec: dict | None = None, user_specs: list | None = None
) -> dict[str, str]:
    """Create the demo organisation, its people and its plan; idempotent.

    Returns the demo logins {role: e-mail}. Running it again resets the demo passwords and
    leaves the data alone. ``organisation_spec`` and ``user_specs`` (shaped like
    ``demo_content.ORGANISATION`` and ``USERS``) build the same organisation and plans under
    another name and other logins: ``make load`` seeds several organisations that way.
    """
    password = password or settings.SOPLAN_DEMO_PASSWORD
    organisation_spec = organisation_spec or content.ORGANISATION
    user_specs = user_specs or content.USERS
    logins = {"site administrator": "admin@soplan.example"}
    with transaction.atomic():
        _user("admin@soplan.example", "Beheerder", "soplan", password, superuser=True)
        users = {}
        for key, email, first, last, *_rest in user_specs:
            users[key] = _user(email, first, last, password)
            logins[key] = email
        author = users["author"]
        organisation = Organisation.objects.filter(slug=organisation_spec["slug"]).first()
        if organisation is None:
            organisation = org_services.organisation_create(actor=author, **organisation_spec)
            units = _units(author, organisation)
            groups = _function_groups(author, organisation)
            _people(author, organisation, users, units, user_specs)
            _plan(author, organisation, units, groups)
        _approval(organisation, users)
    logins["regional coordinator"] = demo_region.seed(password, organisation)
    return logins


def _units(actor, organisation: Organisation) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, name, parent, fte in content.UNITS:
        units[code] = org_services.unit_create(
            actor=actor, organisation=organisation, code=code, name=name, parent=units.get(parent), fte=fte,
            is_care_staff=code not in content.NOT_CARE_STAFF,
        )
    return units


def _function_groups(actor, organisation: Organisation) -> dict[str, FunctionGroup]:
    return {
        code: org_services.function_group_create(
            actor=actor,
            organisation=organisation,
            code=code,
            name=name,
            qualification_level=level,
            is_care_staff=care,
        )
        for code, name, level, care in content.FUNCTION_GROUPS
    }


def _people(actor, organisation: Organisation, users: dict, units: dict[str, Unit], user_specs: list) -> None:
    for key, _email, _first, _last, roles, unit_codes, bodies in user_specs:
        org_services.person_set_roles(
            actor=actor,
            organisation=organisation,
            user=users[key],
            roles=roles,
            units=[units[c] for c in unit_codes],
            bodies={kind: {"position": pos, "may_record_decision": rec} for kind, (pos, rec) in bodies.items()},
        )
    for body in organisation.bodies.all():
        org_services.body_rename(actor=actor, body=body, name=content.BODY_NAMES[body.kind])


def _plan(actor, organisation: Organisation, units: dict[str, Unit], groups: dict[str, FunctionGroup]) -> Plan:
    p = content.PLAN
    plan = plan_services.plan_create(
        actor=actor,
        organisation=organisation,
        title=p["title"],
        start_year=p["start_year"],
        end_year=p["end_year"],
        preface=p["preface"],
        vision=p["vision"],
    )
    on_the_job, social, formal = p["mix"]
    plan_services.vision_update(
        actor=actor,
        plan=plan,
        expected_version=plan.lock_version,
        points=dict(content.VISION),
        mix_on_the_job=on_the_job,
        mix_social=social,
        mix_formal=formal,
    )
    objectives = {}
    for _key, kind, title, description, implications, objective_specs in content.THEMES:
        theme = plan_services.theme_create(
            actor=actor, plan=plan, kind=kind, title=title, description=description, implications=implications
        )
        for okey, text, indicator, year in objective_specs:
            objectives[okey] = plan_services.objective_create(
                actor=actor, theme=theme, description=text, indicator=indicator, target_year=year
            )
    for spec in content.INTERVENTIONS:
        spec = dict(spec)
        spec.pop("key")
        plan_services.intervention_create(
            actor=actor,
            plan=plan,
            units=[units[c] for c in spec.pop("units")],
            objectives=[objectives[k] for k in spec.pop("objectives")],
            function_groups=[groups[c] for c in spec.pop("function_groups")],
            **spec,
        )
    for unit_code, levels in content.QUALIFICATION.items():
        for level, (now, desired) in levels.items():
            figures.qualification_row_save(
                actor=actor,
                plan=plan,
                unit=units[unit_code],
                level=level,
                current_fte=Decimal(now),
                desired_fte=Decimal(desired),
                target_year=p["end_year"],
            )
    for unit_code, rows in content.FORMATION.items():
        for group_code, (fte, retire, turnover, growth, bpv) in rows.items():
            figures.formation_row_save(
                actor=actor,
                plan=plan,
                unit=units[unit_code],
                function_group=groups[group_code],
                current_fte=Decimal(fte),
                retirement_per_year=Decimal(retire),
                turnover_per_year=Decimal(turnover),
                growth_per_year=Decimal(growth),
                internship_places=Decimal(bpv),
            )
    for description, responsible, due in content.ACTIONS:
        plan_services.improvement_action_create(
            actor=actor, plan=plan, description=description, responsible=responsible, due=dt.date.fromisoformat(due)
        )
    seed_budget(actor=actor, plan=plan)  # step 5: every year budgeted
    plan.refresh_from_db()
    return plan


def _consent_all(plan: Plan, version, users: dict, texts: dict[str, tuple[str, str]], *, skip: tuple[str, ...] = ()) -> None:
    """Record the decision of every council asked for consent on ``version`` (except ``skip``).

    The client council decides whenever it was asked (R10: when the budget claims the extra
    middelen Wlz, or when the organisation always involves it), so the demo works either way.
    """
    recorder = {"or": users["or_member"], "var": users["var_member"], "cr": users["cr_member"]}
    for request in version.consent_requests.select_related("body"):
        kind = request.body.kind
        if kind in skip:
            continue
        decision, text = texts.get(kind, (DecisionKind.CONSENTED, ""))
        lifecycle.record_consent(
            actor=recorder[kind], plan=plan, body=request.body, decision=decision, text=text,
            expected_sha256=version.sha256, user_agent="soplan demo",
        )


def _approval(organisation: Organisation, users: dict) -> None:
    """Step 6 for the demo, idempotent: the plan adopted through the whole flow and sent, and a
    change of it that waits only for the VAR."""
    author, board = users["author"], users["board_member"]
    plan = organisation.plans.filter(title=content.PLAN["title"], previous__isnull=True).first()
    if plan is None:
        return
    if plan.status in EDITABLE_STATUSES and not plan.versions.exists():
        if not plan.consultations.exists():
            _consultation(plan, users)
        version = lifecycle.submit_plan(actor=author, plan=plan)
        lifecycle.approve_plan(
            actor=board, plan=plan, expected_sha256=version.sha256, note=content.BOARD_NOTE,
            consent_deadlines={}, user_agent="soplan demo",
        )
        _consent_all(plan, version, users, content.CONSENT)
        plan.refresh_from_db()
        lifecycle.mark_sent(actor=author, plan=plan, sent_on=timezone.localdate())
    plan.refresh_from_db()
    if not plan.statements.exists():
        _statement(plan, users)
    if not plan.evaluations.exists():
        _evaluation(plan, users)
    if cycle.next_cycle_of(plan) is None:
        cycle.start_next_cycle(actor=author, plan=plan)  # the draft of 2031–2034, evaluation carried in
    started = plan.successors.filter(transitions__action="change_started").exists()
    if plan.status in lifecycle.CHANGEABLE_STATUSES and not started:
        change = lifecycle.start_change(actor=author, plan=plan)  # the title stays the plan's
        _change(author, change)
        version = lifecycle.submit_plan(actor=author, plan=change)
        lifecycle.approve_plan(
            actor=board, plan=change, expected_sha256=version.sha256, note=content.CHANGE["board_note"],
            consent_deadlines={}, user_agent="soplan demo",
        )
        _consent_all(change, version, users, content.CHANGE["consent"], skip=("var",))
        change.refresh_from_db()
        assert change.status == PlanStatus.AWAITING_CONSENT, change.status
    # The demo's notifications stay in the app; nobody needs their e-mails (the tasks queued after
    # the commit skip notifications that are marked as e-mailed).
    Notification.objects.filter(plan__organisation=organisation, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )


def _consultation(plan: Plan, users: dict) -> None:
    """Step 4 (R6): the draft put out for consultation; the councils comment, the line manager of
    De Bongerd submits a team wish; the author reacts to each and closes the round."""
    spec = content.CONSULTATION
    author = users["author"]
    alignment.open_consultation(
        actor=author, plan=plan, message=spec["message"],
        closes_on=timezone.localdate() + dt.timedelta(days=spec["days"]),
    )
    for key, section, text, reaction in spec["comments"]:
        comment = alignment.comment_create(actor=users[key], plan=plan, text=text, section=section)
        alignment.comment_handle(actor=author, comment=comment, reaction=reaction, expected_version=comment.lock_version)
    wish = spec["wish"]
    comment = alignment.comment_create(
        actor=users["line_manager"], plan=plan, text=wish["text"], section="interventions", kind=CommentKind.WISH,
        unit=plan.organisation.units.get(code=wish["unit"]),
    )
    alignment.comment_handle(
        actor=author, comment=comment, reaction=wish["reaction"], expected_version=comment.lock_version,
        intervention=plan.interventions.get(title=wish["intervention"]),
    )
    alignment.close_consultation(actor=author, plan=plan)
    plan.refresh_from_db()
    # The round is history by the time anyone opens the demo: its messages count as read.
    notifications.resolve(
        plan=plan, kinds=[NotificationKind.CONSULTATION_CLOSED, NotificationKind.COMMENT_ANSWERED]
    )


def _statement(plan: Plan, users: dict) -> None:
    """R11: the board's yearly statement on the adopted plan, co-signed by OR, VAR and CR."""
    spec = content.STATEMENT
    statement = statements.issue_statement(
        actor=users["board_member"], plan=plan, year=spec["year"], text=spec["text"], objectives_met=True,
        user_agent="soplan demo",
    )
    recorder = {"or": users["or_member"], "var": users["var_member"], "cr": users["cr_member"]}
    for body in plan.organisation.bodies.exclude(kind="board"):
        statements.sign_statement(
            actor=recorder[body.kind], statement=statement, body=body, decision=SignatureKind.COSIGNED,
            text=spec["remarks"].get(body.kind, ""), user_agent="soplan demo",
        )


def _evaluation(plan: Plan, users: dict) -> None:
    """R17 and R11: 2027 evaluated and closed, and the board statement 2028 drawn from it."""
    spec, author = content.EVALUATION, users["author"]
    seed_realised(actor=author, plan=plan, year=spec["year"])  # 2027 executed: planned vs realised
    # The demo shows the plan as it stands early in 2028, whatever today's date.
    evaluation = evaluation_services.evaluation_start(
        actor=author, plan=plan, year=spec["year"], today=dt.date(spec["year"] + 1, 1, 15)
    )
    objectives = plan.objectives.order_by("theme__position", "position", "pk")
    for objective, (result, measured, evidence, note) in zip(objectives, itertools.cycle(spec["results"])):
        evaluation_services.objective_result_save(
            actor=author, evaluation=evaluation, objective=objective, result=result, measured=measured,
            evidence=evidence, note=note,
        )
    for review in evaluation.theme_reviews.all()[: spec["themes_needing_attention"]]:
        evaluation_services.theme_review_save(actor=author, review=review, needs_attention=True, note=spec["theme_note"])
    evaluation.refresh_from_db()
    evaluation_services.evaluation_update(
        actor=author, evaluation=evaluation, expected_version=evaluation.lock_version,
        **{name: spec[name] for name in evaluation_services.EVALUATION_FIELDS},
    )
    _evaluation_evidence(evaluation, author)
    evaluation = evaluation_services.evaluation_close(actor=author, evaluation=evaluation)
    _evaluation_comments(plan, evaluation, users)
    wording = content.STATEMENT_2028
    statement = evaluation_services.statement_from_evaluation(
        actor=users["board_member"], plan=plan, year=wording["year"], text=wording["text"],
        explanations={r.objective.code: wording["explanations"][r.result] for r in evaluation_services.unmet(evaluation)},
        user_agent="soplan demo",
    )
    recorder = {"or": users["or_member"], "var": users["var_member"], "cr": users["cr_member"]}
    for body in plan.organisation.bodies.exclude(kind="board"):
        statements.sign_statement(
            actor=recorder[body.kind], statement=statement, body=body, decision=SignatureKind.COSIGNED,
            user_agent="soplan demo",
        )


def _evaluation_evidence(evaluation, author) -> None:
    """R17: the employee survey's summary as an uploaded evidence file (a real PDF)."""
    spec = content.EVALUATION_EVIDENCE
    rows = "".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in spec["rows"])
    html = (
        '<html lang="nl"><body style="font-family: sans-serif">'
        f"<h1>{escape(spec['title'])}</h1><table>{rows}</table></body></html>"
    )
    evidence_files.upload(
        actor=author, evaluation=evaluation, filename=spec["filename"], description=spec["description"],
        content=HTML(string=html).write_pdf(),
    )


def _evaluation_comments(plan: Plan, evaluation, users: dict) -> None:
    """The works council and the board comment on the closed evaluation; the author reacts (R17)."""
    for key, text, reaction in content.EVALUATION_COMMENTS:
        comment = alignment.comment_create(actor=users[key], plan=plan, text=text, evaluation=evaluation)
        if reaction:
            alignment.comment_handle(
                actor=users["author"], comment=comment, reaction=reaction, expected_version=comment.lock_version
            )


def _change(actor, plan: Plan) -> None:
    """The edits of the 2028 change: a new objective and intervention, one delayed, one figure."""
    spec = content.CHANGE
    theme = plan.themes.get(title=spec["objective"]["theme"])
    objective = plan_services.objective_create(
        actor=actor, theme=theme, description=spec["objective"]["description"],
        indicator=spec["objective"]["indicator"], target_year=spec["objective"]["target_year"],
    )
    new = dict(spec["intervention"])
    organisation = plan.organisation
    plan_services.intervention_create(
        actor=actor,
        plan=plan,
        units=list(organisation.units.filter(code__in=new.pop("units"))),
        objectives=[objective],
        function_groups=list(organisation.function_groups.filter(code__in=new.pop("function_groups"))),
        **new,
    )
    delayed = plan.interventions.get(title=spec["delayed"]["title"])
    plan_services.intervention_update(
        actor=actor, intervention=delayed, expected_version=delayed.lock_version, years=spec["delayed"]["years"]
    )
    unit_code, group_code, growth = spec["growth"]
    row = plan.formation_rows.get(unit__code=unit_code, function_group__code=group_code)
    figures.formation_row_save(
        actor=actor, plan=plan, unit=row.unit, function_group=row.function_group,
        expected_version=row.lock_version, growth_per_year=Decimal(growth),
        **{name: getattr(row, name) for name in ("current_fte", "retirement_per_year", "turnover_per_year", "internship_places")},
    )
    follow_change(actor=actor, plan=plan, new_lines={spec["intervention"]["title"]: spec["budget"]})
