"""``python -m bench.regional`` (part of ``make bench``): the regional dashboard for regions of
5, 50 and 200 member organisations, each member with 3 adopted plans of about 100 interventions
(issue 15, "Scale"). Writes bench/regional_results.json, prints a table and refreshes the
regional block in docs/performance.md.

Options: --sizes 5,50,200  --repeat 7  --interventions 100  --database-url URL  --no-docs
The members' plans are stored as adopted versions directly (a frozen snapshot: a valid plan
document of bench/plans.py, and the transition that adopted it): the dashboard reads nothing
else, and building 600 plans through the approval flow would take long without measuring more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.docs import replace_section

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "regional_results.json"
DOCS = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench-regional:begin -->", "<!-- bench-regional:end -->"
PLANS_PER_MEMBER = 3


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.regional", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,50,200", help="member organisations per region (default 5,50,200)")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per size (default 7)")
    parser.add_argument("--interventions", type=int, default=100, help="interventions per plan (default 100)")
    parser.add_argument("--database-url", help="benchmark on PostgreSQL (a test database is created)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    return parser.parse_args(argv)


def setup(args, tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soplan.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()


def build(n_members: int, interventions: int):
    """``n_members`` organisations sharing everything, each with 3 adopted plans."""
    from bench.plans import Size, document
    from plans.interchange.format import sha256
    from plans.models import Plan, PlanStatus, PlanTransition, PlanVersion
    from stakeholders.models import Organisation, ShareKind, Sharing

    template = document(Size(interventions), slug="bench-member")
    # An import document carries no computed summary; an adopted version's snapshot (an export)
    # does, and the dashboard reads its totals per funding source.
    template.setdefault("budget", {}).setdefault("summary", {"by_source": [
        {"code": code, "name": name, "amounts": {}, "total": total}
        for code, name, total in (("organisatiebudget", "Organisatiebudget", "120000.00"),
                                  ("stagefonds", "Stagefonds", "30000.00"),
                                  ("praktijkleren", "Subsidieregeling Praktijkleren", "18000.00"))
    ]})
    digest = sha256(template)
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Zorgorganisatie {i:03d}", slug=f"bench-member-{i:03d}") for i in range(n_members)]
    )
    Sharing.objects.bulk_create([Sharing(organisation=o, kind=k) for o in organisations for k in ShareKind.values])
    newest = []
    for org in organisations:
        for p in range(PLANS_PER_MEMBER):
            plan = Plan.objects.create(organisation=org, title=f"Plan {p}", start_year=2027 + 4 * p,
                                       end_year=2030 + 4 * p, status=PlanStatus.IN_EXECUTION)
            version = PlanVersion(plan=plan, number=1, snapshot=template, sha256=digest)
            version.save()
            PlanTransition.objects.create(plan=plan, action="record_consent", from_status=PlanStatus.AWAITING_CONSENT,
                                          to_status=PlanStatus.ADOPTED, version=version)
        newest.append(plan)
    realised(newest, interventions)
    return organisations


def realised(plans, interventions: int, objectives: int = 5) -> None:
    """The realised figures the dashboard reads of each member's newest adopted plan: a closed
    evaluation of its first year with a result per objective, and the first year's year-plan lines
    (one per intervention) with realised costs on one funding source. Stored directly, in bulk."""
    from django.utils import timezone

    from budgets.models import FundingSource, LineFunding, YearPlanLine
    from plans.models import Evaluation, Intervention, Objective, ObjectiveResult, Theme

    source = FundingSource.objects.get(code="organisatiebudget")
    themes = Theme.objects.bulk_create([Theme(plan=p, code="T1", title="Thema", kind="profession") for p in plans])
    goals = Objective.objects.bulk_create([
        Objective(plan=p, theme=t, code=f"D{i}", description="Doel") for p, t in zip(plans, themes, strict=True)
        for i in range(1, objectives + 1)
    ])
    evaluations = Evaluation.objects.bulk_create([Evaluation(plan=p, year=p.start_year, closed_at=timezone.now())
                                                  for p in plans])
    by_plan = {e.plan_id: e for e in evaluations}
    results = ("realised", "partly", "not_realised")
    ObjectiveResult.objects.bulk_create([
        ObjectiveResult(plan_id=o.plan_id, evaluation=by_plan[o.plan_id], objective=o, result=results[n % 3])
        for n, o in enumerate(goals)
    ])
    items = Intervention.objects.bulk_create([
        Intervention(plan=p, code=f"L{i}", title=f"Leerinterventie {i}") for p in plans for i in range(interventions)
    ])
    first_year = {p.pk: p.start_year for p in plans}
    lines = YearPlanLine.objects.bulk_create([
        YearPlanLine(plan_id=i.plan_id, intervention=i, year=first_year[i.plan_id], participants=10, other_costs=Decimal("1000.00"),
                     realised_amount=Decimal("950.00"))
        for i in items
    ])
    LineFunding.objects.bulk_create([LineFunding(line=line, source=source, amount=Decimal("1000.00")) for line in lines])


def measure(client, region, repeat: int) -> dict:
    from django.db import connection

    from plans.regional import selectors

    url = region.get_absolute_url()
    assert client.get(url).status_code == 200  # warm-up
    cpu, wall, selector_cpu = [], [], []
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.thread_time()
        response = client.get(url)
        cpu.append((time.thread_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
        c0 = time.thread_time()
        selectors.dashboard(region)
        selector_cpu.append((time.thread_time() - c0) * 1000)
    return {
        "members": region.organisations.count(),
        "queries": len(queries),
        "median_ms_cpu": round(statistics.median(cpu), 1),
        "median_ms_wall": round(statistics.median(wall), 1),
        "selector_median_ms_cpu": round(statistics.median(selector_cpu), 1),
    }


def table(results: dict) -> str:
    rows = [
        "| members | plans (adopted versions) | queries (page) | median ms, CPU (page) | median ms, wall (page) | median ms, CPU (dashboard selector) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results["sizes"]:
        rows.append(f"| {r['members']} | {r['members'] * PLANS_PER_MEMBER} | {r['queries']} | {r['median_ms_cpu']} | "
                    f"{r['median_ms_wall']} | {r['selector_median_ms_cpu']} |")
    sizes = results["sizes"]
    constant = len({r["queries"] for r in sizes}) == 1
    first, last = sizes[0], sizes[-1]
    growth = last["median_ms_cpu"] / first["median_ms_cpu"] if first["median_ms_cpu"] else 0
    rows.append("")
    rows.append(f"{results['machine']}; {results['interventions']} interventions per plan; {results['repeat']} timed "
                f"requests per size. Queries constant: {'yes' if constant else 'NO'}; time {growth:.1f}× for "
                f"{last['members'] / first['members']:.0f}× the members.")
    return "\n".join(rows)


def main(argv=None) -> int:
    args = arguments(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    with tempfile.TemporaryDirectory(prefix="soplan-bench-regional-") as tmpdir:
        tmp = Path(tmpdir)
        setup(args, tmp)
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import override_settings

        from soplan.runtime import tune_gc
        from stakeholders.models import Region, RegionalCoordinator, UserProfile

        overrides = override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"])
        overrides.enable()
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(tmp / "bench-test.sqlite3")
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            from budgets.reference import ensure_reference_data

            ensure_reference_data()
            machine = f"{connection.vendor}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
            started = time.perf_counter()
            organisations = build(max(sizes), args.interventions)
            print(f"built {len(organisations)} members × {PLANS_PER_MEMBER} adopted plans in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
            coordinator = get_user_model().objects.create_user("bench-coordinator@example.test")
            UserProfile.objects.create(user=coordinator, language="nl")
            client = Client()
            client.force_login(coordinator)
            tune_gc()
            rows = []
            for n in sizes:
                region = Region.objects.create(name=f"Regio {n}", slug=f"regio-{n}")
                region.organisations.add(*organisations[:n])
                RegionalCoordinator.objects.create(region=region, user=coordinator)
                rows.append(measure(client, region, args.repeat))
                print(rows[-1], flush=True)
            results = {
                "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "machine": machine,
                "interventions": args.interventions,
                "repeat": args.repeat,
                "sizes": rows,
            }
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            overrides.disable()
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    text = table(results)
    print(text)
    if not args.no_docs and args.database_url is None:
        replace_section(BEGIN, END, text, DOCS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
