"""Existing databases reach the current layout without loss (docs/architecture.md, "Migrations").

``plans/`` was split into packages along the cycle; the app label and its tables stayed, so the
split itself needs no migration. These tests keep it that way: a database at the migrations of
that moment, with the demo in it, migrates to today's head and every plan exports the same.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from plans.interchange.format import canonical_bytes
from plans.interchange.services import export_plan
from plans.models import Plan
from soplan import demo

# The newest migration of each app when plans/ was split into packages.
AT_THE_SPLIT = {
    "stakeholders": "0002_auditevent_history_index",
    "plans": "0006_alignment",
    "budgets": "0002_seed_reference_data",
}
# The demo is seeded with today's models, so it needs the columns added since; none of these
# changes a table of plans/ that existed at the split, whose split this test is about
# (0007 only adds the tables of the yearly evaluation, which the board statement consults; 0008
# adds an objective's empty "carried over" mark, which the demo's next cycle sets; 0009 adds the
# hash chain's columns on four evidence tables, no plan text; test_evidence_chain.py migrates
# existing evidence into the chain; 0010 to 0012 add the evaluation report's link on a document,
# the evaluation's evidence files and a comment's empty link to an evaluation, no plan text;
# stakeholders 0004 adds the invitation outbox and 0005 the regions, members' opt-ins and
# coordinators of the demo region; plans 0013 only adds the tables of the regional doe-agenda,
# which the demo region fills; stakeholders 0006 adds the organisation's "second factor
# required" switch and the recovery codes, plans 0014 the empty "with second factor" mark on
# the decision records, no plan text; budgets 0003 adds the execution columns of a year plan
# line, empty by default, and the realised split per source, which the demo's 2027 fills;
# stakeholders 0007 adds two kinds of figure a member may share, plans 0015 a document's link to
# a region, for the regional monitor).
SEEDER_NEEDS = {
    "stakeholders": "0007_realised_sharing", "plans": "0015_regional_report", "budgets": "0003_execution",
}


def _exports() -> dict[int, bytes]:
    return {plan.pk: canonical_bytes(export_plan(plan)) for plan in Plan.objects.order_by("pk")}


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_split_keeps_every_plan_as_it_was():
    for app in ("budgets", "plans", "stakeholders"):  # the later apps depend on the earlier ones
        call_command("migrate", app, {**AT_THE_SPLIT, **SEEDER_NEEDS}[app], verbosity=0)
    demo.seed(password="demo-password-for-tests")
    before = _exports()
    assert len(before) >= 2  # the adopted plan and its change

    call_command("migrate", verbosity=0)

    assert _exports() == before


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    # Exits with status 1 when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
