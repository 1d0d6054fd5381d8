"""Test data: factory_boy for plain rows, the services for everything with business meaning."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from plans.content import figures
from plans.content import services as plan_services
from plans.models import Plan
from stakeholders import services as org_services
from stakeholders.access import forget_roles
from stakeholders.models import Organisation, UserProfile

PASSWORD = "a-long-test-password-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}@example.test")
    email = factory.SelfAttribute("username")
    first_name = factory.Sequence(lambda n: f"Persona{n}")
    last_name = "Test"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()
            UserProfile.objects.get_or_create(user=self)


def organisation(*, slug: str = "org-a", name: str = "Zorggroep Test A", has_var: bool = True,
                 has_client_council: bool = True, actor=None) -> Organisation:
    org = org_services.organisation_create(
        actor=actor, name=name, slug=slug, has_var=has_var, has_client_council=has_client_council,
        zorgkantoor="Zorgkantoor Test",
    )
    team1 = org_services.unit_create(actor=actor, organisation=org, code="team-1", name="Team Een", fte=Decimal("20"))
    org_services.unit_create(actor=actor, organisation=org, code="team-2", name="Team Twee", fte=Decimal("15"))
    org_services.unit_create(actor=actor, organisation=org, code="team-1a", name="Team Een A", parent=team1, fte=Decimal("5"))
    org_services.function_group_create(
        actor=actor, organisation=org, code="vig", name="Verzorgende IG", qualification_level="mbo3"
    )
    org_services.function_group_create(
        actor=actor, organisation=org, code="vpk", name="Verpleegkundige", qualification_level="hbo"
    )
    return org


def person(org: Organisation, *, roles=(), bodies=None, units=(), email: str | None = None):
    user = UserFactory(**({"username": email} if email else {}))
    org_services.person_set_roles(
        actor=None, organisation=org, user=user, roles=list(roles), units=list(units), bodies=bodies or {}
    )
    forget_roles(user)
    return user


def plan(org: Organisation, actor, *, title: str = "Opleidingsplan 2027–2030", rich: bool = True) -> Plan:
    """A plan; with ``rich`` one item of every kind (theme, objective, intervention, rows, action)."""
    p = plan_services.plan_create(actor=actor, organisation=org, title=title, start_year=2027, end_year=2030,
                                  preface="Voorwoord.", vision="Koers.")
    if not rich:
        return p
    theme = plan_services.theme_create(actor=actor, plan=p, kind="profession", title="Vakmanschap",
                                       description="Beschrijving.", implications="Gevolgen.")
    objective = plan_services.objective_create(actor=actor, theme=theme, description="Iedereen geschoold.",
                                               indicator="Percentage", target_year=2029)
    unit = org.units.get(code="team-1")
    group = org.function_groups.get(code="vig")
    plan_services.intervention_create(
        actor=actor, plan=p, title="Training dementie", level="unit", units=[unit], objectives=[objective],
        function_groups=[group], work_forms=["course"], years=[2027, 2028], topics=["disease"], horizon="short",
    )
    figures.qualification_row_save(actor=actor, plan=p, unit=unit, level="mbo3", current_fte=Decimal("10"),
                                         desired_fte=Decimal("8"), target_year=2030)
    figures.formation_row_save(actor=actor, plan=p, unit=unit, function_group=group,
                                     current_fte=Decimal("10"), retirement_per_year=Decimal("0.5"),
                                     turnover_per_year=Decimal("1"), growth_per_year=Decimal("0"),
                                     internship_places=Decimal("2"))
    plan_services.improvement_action_create(actor=actor, plan=p, description="Nulmeting doen.")
    p.refresh_from_db()
    return p


# --- Step 6: through the lifecycle services ---------------------------------------------------


def complete_plan(org: Organisation, actor, *, title: str = "Opleidingsplan 2027–2030") -> Plan:
    """A rich plan that passes every blocking check of the completeness check, ready to submit."""
    from plans.models import Topic, VisionPoint

    p = plan(org, actor, title=title)
    plan_services.vision_update(
        actor=actor, plan=p, expected_version=p.lock_version,
        points={point.value: (f"Nu: {point.label}.", f"Straks: {point.label}.") for point in VisionPoint},
        mix_on_the_job=70, mix_social=20, mix_formal=10,
    )
    intervention = p.interventions.first()
    plan_services.intervention_update(
        actor=actor, intervention=intervention, expected_version=intervention.lock_version,
        topics=[t.value for t in Topic],
    )
    budget(p, actor)
    p.refresh_from_db()
    return p


def budget(p: Plan, actor) -> Plan:
    """Step 5 for a plan: figures for every intervention in every year it runs, paid from the
    organisation's own budget, a wage bill per year and an estimate per theme (R7, R8, R14)."""
    from budgets import services as budget_services
    from budgets.models import FundingSource
    from budgets.reference import ensure_reference_data

    ensure_reference_data()
    own = FundingSource.objects.get(code="organisatiebudget")
    first = p.interventions.order_by("pk").first()
    if first is not None and first.years != p.years:  # spending in every year, so R14 holds
        plan_services.intervention_update(actor=actor, intervention=first, expected_version=first.lock_version,
                                          years=p.years)
    for intervention in p.interventions.all():
        for year in intervention.years:
            budget_services.line_save(
                actor=actor, plan=p, intervention=intervention, year=year, funding={own: Decimal("1500.00")},
                participants=10, cost_per_participant=Decimal("150.00"),
            )
    for year in p.years:
        budget_services.budget_year_save(actor=actor, plan=p, year=year, wage_bill=Decimal("50000.00"))
    budget_services.estimates_save(
        actor=actor, plan=p,
        values=[budget_services.EstimateValue(theme, None, year, Decimal("1500.00"))
                for theme in p.themes.all() for year in p.years],
    )
    return p



def consult(plan: Plan, author, *, message: str = "Graag uw reactie op het concept.") -> Plan:
    """Step 4: put the draft out for consultation and close the round again (R6)."""
    from plans.alignment import services as alignment

    alignment.open_consultation(actor=author, plan=plan, message=message)
    alignment.close_consultation(actor=author, plan=plan)
    plan.refresh_from_db()
    return plan


def submit(plan: Plan, author):
    from plans.approval import services as lifecycle

    return lifecycle.submit_plan(actor=author, plan=plan)


def adopt(plan: Plan, *, author, board, councils, note: str = ""):
    """Submit, approve (asking consent) and let every required council consent; the adopted version.

    ``councils`` are users who may record the decision of their body; each records for the
    bodies it belongs to.
    """
    from plans.approval import services as lifecycle
    from plans.models import DecisionKind
    from stakeholders.models import BodyMember

    version = lifecycle.submit_plan(actor=author, plan=plan)
    lifecycle.approve_plan(
        actor=board, plan=plan, expected_sha256=version.sha256, note=note, consent_deadlines={}
    )
    for request in version.consent_requests.select_related("body"):
        member = BodyMember.objects.filter(body=request.body, user__in=councils, may_record_decision=True).first()
        lifecycle.record_consent(
            actor=member.user, plan=plan, body=request.body, decision=DecisionKind.CONSENTED,
            expected_sha256=version.sha256,
        )
    plan.refresh_from_db()
    return version
