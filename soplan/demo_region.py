"""The demo region (``manage.py seed_demo``, issue 15): the demo organisation and four more
care organisations in one regional labour-market organisation, each with an adopted plan built
through the same services the web uses; one member shares nothing, and a regional coordinator
reads the rest. Idempotent."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from budgets import services as budget_services
from budgets.demo import seed_execution
from budgets.models import FundingSource
from budgets.reference import ensure_reference_data
from plans.approval import services as lifecycle
from plans.content import figures
from plans.content import services as plan_services
from plans.evaluation import services as evaluation_services
from plans.models import DecisionKind, Notification, Topic, VisionPoint
from plans.regional import services as regional
from stakeholders import services as org_services
from stakeholders.access import forget_roles
from stakeholders.models import Organisation, Region, RegionalCoordinator, ShareKind, UserProfile

User = get_user_model()

D = Decimal
REGION = {"name": "Regio Zorg Midden", "slug": "regio-zorg-midden"}
COORDINATOR = ("coordinator@soplan.example", "Coördinator", "Regio Zorg Midden")
ALL = [k.value for k in ShareKind]

# slug, name, what the board shares, care FTE per function group, BPV places, themes, work forms
MEMBERS = [
    {
        "slug": "thuiszorg-de-linde", "name": "Thuiszorg De Linde", "shares": ALL,
        "groups": [("vig", "Verzorgende IG", "mbo3", "60", "9", "3", "2"), ("vpk-hbo", "Verpleegkundige (hbo)", "hbo", "25", "3", "1.5", "1")],
        "themes": ["profession", "digitalisation"], "forms": [["workplace", "coaching"], ["elearning"], ["modular"]],
        "results_2027": ["realised", "partly"],
    },
    {
        "slug": "zorgcentrum-het-anker", "name": "Zorgcentrum Het Anker",
        "shares": ["training_quota", "formation", "themes", "interventions"],
        "groups": [("vig", "Verzorgende IG", "mbo3", "80", "10", "4", "3"), ("helpende", "Helpende Zorg en Welzijn", "mbo2", "30", "4", "1", "2")],
        "themes": ["profession", "workforce_planning"], "forms": [["learning_ward"], ["skills_lab", "elearning"], ["interprofessional"]],
        "results_2027": ["not_realised"],  # evaluated, but its board keeps realised figures in
    },
    {
        "slug": "woonzorg-rivierenland", "name": "Woonzorg Rivierenland", "shares": ALL,
        "groups": [("vig", "Verzorgende IG", "mbo3", "45", "5", "2", "1.5"), ("vpk-hbo", "Verpleegkundige (hbo)", "hbo", "20", "2", "1", "0.5")],
        "themes": ["profession", "employability"], "forms": [["workplace"], ["online_class"], ["peer_coaching"]],
        "results_2027": ["realised", "realised"],
    },
    {
        "slug": "zorggroep-de-kaap", "name": "Zorggroep De Kaap", "shares": [],
        "groups": [("vig", "Verzorgende IG", "mbo3", "70", "6", "3", "2")],
        "themes": ["culture"], "forms": [["course"]],
    },
]


def _user(email: str, first: str, last: str, password: str):
    user = User.objects.filter(username=email).first() or User(username=email, email=email)
    user.first_name, user.last_name = first, last
    user.set_password(password)
    user.save()
    UserProfile.objects.get_or_create(user=user)
    return user


def seed(password: str, main: Organisation | None) -> str:
    """The region, its members and their adopted plans, the boards' opt-ins and the coordinator;
    returns the coordinator's login."""
    with transaction.atomic():
        coordinator = _user(*COORDINATOR, password)
        region, _created = Region.objects.get_or_create(slug=REGION["slug"], defaults={"name": REGION["name"]})
        RegionalCoordinator.objects.get_or_create(region=region, user=coordinator)
        if main is not None:
            region.organisations.add(main)
            board = main.bodies.get(kind="board").members.filter(may_record_decision=True).first()
            if board is not None and not main.sharings.exists():
                forget_roles(board.user)
                regional.set_sharing(actor=board.user, organisation=main, kinds=set(ALL))
        for spec in MEMBERS:
            organisation = Organisation.objects.filter(slug=spec["slug"]).first()
            if organisation is None:
                organisation = _member(spec, password)
            region.organisations.add(organisation)
        if not region.actions.exists():
            _agenda(region, coordinator)
    return COORDINATOR[0]


def _agenda(region: Region, coordinator) -> None:
    """The doe-agenda: a shared action on workplace learning (R23: medium horizon), led by one
    member, with a contribution of another."""
    forget_roles(coordinator)
    members = {o.slug: o for o in region.organisations.all()}
    linde = members.get("thuiszorg-de-linde")
    owner = members.get("het-voorbeeld") or linde
    if owner is None or linde is None:
        return
    participants = [o for slug, o in members.items() if slug in {"het-voorbeeld", "thuiszorg-de-linde", "zorgcentrum-het-anker"}]
    action = regional.action_create(
        actor=coordinator, region=region, owner=owner, participants=participants,
        title="Regionale leerwerkplaatsen in de wijk",
        description="Samen twintig extra leerwerkplekken voor zij-instromers in de wijkverpleging.",
        horizon="medium", status="running",
    )
    regional.action_create(
        actor=coordinator, region=region, owner=linde, participants=[linde], title="Nulmeting opleidingsquote",
        description="", horizon="short", status="done",
    )
    author = User.objects.get(username="adviseur@thuiszorg-de-linde.example")
    forget_roles(author)
    plan = linde.plans.get()
    regional.contribution_link(actor=author, action=action, organisation=linde,
                               intervention_code=plan.interventions.order_by("position", "pk").first().code)


def _member(spec: dict, password: str) -> Organisation:
    slug = spec["slug"]
    org = org_services.organisation_create(
        actor=None, name=spec["name"], slug=slug, sector="vvt", has_var=False, has_client_council=True,
        zorgkantoor="Zorgkantoor Midden-Nederland",
    )
    author = _user(f"adviseur@{slug}.example", "Adviseur", spec["name"], password)
    board = _user(f"bestuurder@{slug}.example", "Bestuurder", spec["name"], password)
    works_council = _user(f"or@{slug}.example", "Voorzitter OR", spec["name"], password)
    org_services.person_set_roles(actor=None, organisation=org, user=author, roles=["author"], units=[], bodies={})
    org_services.person_set_roles(actor=None, organisation=org, user=board, roles=[], units=[],
                                  bodies={"board": {"position": "chair", "may_record_decision": True}})
    org_services.person_set_roles(actor=None, organisation=org, user=works_council, roles=[], units=[],
                                  bodies={"or": {"position": "chair", "may_record_decision": True}})
    for user in (author, board, works_council):
        forget_roles(user)
    unit = org_services.unit_create(actor=None, organisation=org, code="zorg", name="Zorg", fte=D("0"))
    plan = plan_services.plan_create(actor=author, organisation=org, title=f"Opleidingsplan {spec['name']} 2027–2030",
                                     start_year=2027, end_year=2030, preface="Voorwoord.", vision="Koers.")
    plan_services.vision_update(
        actor=author, plan=plan, expected_version=plan.lock_version,
        points={p.value: (f"Nu: {p.label}.", f"Straks: {p.label}.") for p in VisionPoint},
        mix_on_the_job=70, mix_social=20, mix_formal=10,
    )
    objectives = []
    for kind in spec["themes"]:
        theme = plan_services.theme_create(actor=author, plan=plan, kind=kind, title=kind.replace("_", " ").capitalize(),
                                           description="Beschrijving.", implications="")
        objectives.append(plan_services.objective_create(actor=author, theme=theme, description="Doel bereikt.",
                                                         indicator="Percentage", target_year=2030))
    groups = []
    for code, name, level, fte, places, retirement, turnover in spec["groups"]:
        group = org_services.function_group_create(actor=None, organisation=org, code=code, name=name,
                                                   qualification_level=level)
        groups.append(group)
        figures.formation_row_save(
            actor=author, plan=plan, unit=unit, function_group=group, current_fte=D(fte),
            retirement_per_year=D(retirement), turnover_per_year=D(turnover), growth_per_year=D("0"),
            internship_places=D(places),
        )
    for number, forms in enumerate(spec["forms"], start=1):
        plan_services.intervention_create(
            actor=author, plan=plan, title=f"Leerinterventie {number}", level="organisation", units=[],
            objectives=[objectives[(number - 1) % len(objectives)]], function_groups=groups[:1], work_forms=forms,
            years=[2027, 2028, 2029, 2030], topics=[t.value for t in Topic], horizon="medium",
        )
    for level, now, desired in (("mbo3", "60", "55"), ("hbo", "15", "20")):
        figures.qualification_row_save(actor=author, plan=plan, unit=unit, level=level, current_fte=D(now),
                                       desired_fte=D(desired), target_year=2030)
    plan_services.improvement_action_create(actor=author, plan=plan, description="Een nulmeting met de regio doen.")
    plan.refresh_from_db()
    _budget(author, plan)
    version = lifecycle.submit_plan(actor=author, plan=plan)
    lifecycle.approve_plan(actor=board, plan=plan, expected_sha256=version.sha256, note="", consent_deadlines={},
                           user_agent="soplan demo")
    for request in version.consent_requests.select_related("body"):
        lifecycle.record_consent(actor=works_council, plan=plan, body=request.body, decision=DecisionKind.CONSENTED,
                                 expected_sha256=version.sha256, user_agent="soplan demo")
    if spec.get("results_2027"):
        _realised(author, plan, spec["results_2027"])
    if spec["shares"]:
        regional.set_sharing(actor=board, organisation=org, kinds=set(spec["shares"]))
    # Like the demo organisation's: the notifications stay in the app, no e-mails.
    Notification.objects.filter(plan__organisation=org, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return org


def _realised(author, plan, results: list[str]) -> None:
    """2027 evaluated (R17) and executed as the evaluation tells (realised costs per source on the
    year plan), as the demo shows the plans early in 2028."""
    evaluation = evaluation_services.evaluation_start(actor=author, plan=plan, year=2027, today=dt.date(2028, 1, 15))
    objectives = plan.objectives.order_by("theme__position", "position", "pk")
    outcome = {}
    for objective, result in zip(objectives, itertools.cycle(results)):
        evaluation_services.objective_result_save(
            actor=author, evaluation=evaluation, objective=objective, result=result, measured="", evidence=["survey"],
            note="",
        )
        outcome[objective.pk] = result
    seed_execution(actor=author, plan=plan, year=2027, results=outcome)
    evaluation.refresh_from_db()
    evaluation_services.evaluation_update(
        actor=author, evaluation=evaluation, expected_version=evaluation.lock_version,
        conclusions="Het eerste jaar liep grotendeels volgens plan.", attention_points="", plan_change="none",
        plan_change_reason="",
    )
    evaluation_services.evaluation_close(actor=author, evaluation=evaluation)


def _budget(actor, plan) -> None:
    ensure_reference_data()
    own = FundingSource.objects.get(code="organisatiebudget")
    internships = FundingSource.objects.get(code="stagefonds")
    for intervention in plan.interventions.all():
        for year in intervention.years:
            budget_services.line_save(
                actor=actor, plan=plan, intervention=intervention, year=year,
                funding={own: D("2000.00"), internships: D("1000.00")}, participants=12, cost_per_participant=D("250.00"),
            )
    for year in plan.years:
        budget_services.budget_year_save(actor=actor, plan=plan, year=year, wage_bill=D("900000.00"))
    budget_services.estimates_save(
        actor=actor, plan=plan,
        values=[budget_services.EstimateValue(theme, None, year, D("6000.00"))
                for theme in plan.themes.all() for year in plan.years],
    )
