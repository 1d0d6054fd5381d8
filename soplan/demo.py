"""Build the demo organisation through the same services the web uses (``manage.py seed_demo``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from budgets.demo import seed_budget
from plans import services as plan_services
from plans.models import Plan
from stakeholders import services as org_services
from stakeholders.models import FunctionGroup, Organisation, Unit, UserProfile

from . import demo_content as content

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


def seed(password: str | None = None) -> dict[str, str]:
    """Create the demo organisation, its people and its plan; idempotent.

    Returns the demo logins {role: e-mail}. Running it again resets the demo passwords and
    leaves the data alone.
    """
    password = password or settings.SOPLAN_DEMO_PASSWORD
    logins = {"site administrator": "admin@soplan.example"}
    with transaction.atomic():
        _user("admin@soplan.example", "Beheerder", "soplan", password, superuser=True)
        users = {}
        for key, email, first, last, *_rest in content.USERS:
            users[key] = _user(email, first, last, password)
            logins[key] = email
        if Organisation.objects.filter(slug=content.ORGANISATION["slug"]).exists():
            return logins
        author = users["author"]
        organisation = org_services.organisation_create(actor=author, **content.ORGANISATION)
        units = _units(author, organisation)
        groups = _function_groups(author, organisation)
        _people(author, organisation, users, units)
        _plan(author, organisation, units, groups)
    return logins


def _units(actor, organisation: Organisation) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, name, parent, fte in content.UNITS:
        units[code] = org_services.unit_create(
            actor=actor, organisation=organisation, code=code, name=name, parent=units.get(parent), fte=fte
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


def _people(actor, organisation: Organisation, users: dict, units: dict[str, Unit]) -> None:
    for key, _email, _first, _last, roles, unit_codes, bodies in content.USERS:
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
            plan_services.qualification_row_save(
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
            plan_services.formation_row_save(
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
