"""``python -m bench`` (``make bench``): build plans of three sizes in a throwaway database and
measure every plan page against its floor. Writes bench/results.json, prints a table and
refreshes the generated block in docs/performance.md.

Options: --sizes 10,100,400  --repeat 15  --warmup 3  --database-url URL  --no-docs
Without --database-url the database is a temporary SQLite file (the embedded default's engine and
options); with a PostgreSQL URL Django creates and drops a test database next to it, so the
database named in the URL is never written to.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.docs import replace_section

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
DOCS = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,400", help="interventions per plan (default 10,100,400)")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page (default 15)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first (default 3)")
    parser.add_argument("--database-url", help="benchmark on PostgreSQL (a test database is created)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="results file (default bench/results.json)")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    return parser.parse_args(argv)


def _setup(args: argparse.Namespace, tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soplan.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")  # the embedded default; DEBUG is off while measuring
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run eagerly
    import django

    django.setup()


def _machine(connection) -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory_gib = round(kib / 1024 / 1024, 1)
    except (OSError, IndexError, ValueError):
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10  # noqa: S607
        ).stdout.strip()
    except OSError:
        commit = ""
    import django

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        db_version = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gib": memory_gib,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": f"{connection.vendor} {db_version}",
        "commit": commit,
    }


def _documents_hook():
    """bench/documents.py, when present, adds document rendering figures.

    Contract: ``measure(*, plans: dict[int, Plan], author, repeat: int) -> dict`` (JSON-ready),
    stored under "documents" in results.json; an optional ``table(result: dict) -> str`` is
    printed and quoted in docs/performance.md after the page table.
    """
    if importlib.util.find_spec("bench.documents") is None:
        return None
    return importlib.import_module("bench.documents")


def _update_docs(markdown: str) -> bool:
    return replace_section(BEGIN, END, markdown, DOCS)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    with tempfile.TemporaryDirectory(prefix="soplan-bench-") as tmpdir:
        tmp = Path(tmpdir)
        _setup(args, tmp)

        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import override_settings

        from bench import harness
        from bench.plans import Size, build, counts
        from soplan.runtime import tune_gc
        from stakeholders.models import UserProfile

        # Not setup_test_environment(): it instruments every template render (a signal per
        # include), which would tax the pages with many includes more than their floors.
        urls = override_settings(
            ROOT_URLCONF="bench.urls",
            DEBUG=False,
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        urls.enable()
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(tmp / "bench-test.sqlite3")
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            machine = _machine(connection)
            print(f"soplan bench: {machine['database']}, Python {machine['python']}, Django {machine['django']}, "
                  f"{machine['cpus']} × {machine['cpu']}", flush=True)
            author = get_user_model().objects.create_user(
                "bench-author@example.test", "bench-author@example.test", "bench-password-not-secret-42"
            )
            UserProfile.objects.create(user=author, language="nl")
            plans, size_rows = {}, []
            for n in sizes:
                started = time.perf_counter()
                plans[n] = build(Size(n), author)
                row = {"interventions_requested": n, **counts(plans[n]),
                       "build_seconds": round(time.perf_counter() - started, 1)}
                size_rows.append(row)
                print(f"built plan with {n} interventions in {row['build_seconds']} s: {row}", flush=True)

            client = Client()
            client.force_login(author)
            # The same process tuning as the production web and worker processes (soplan.wsgi).
            tune_gc()
            print(f"measuring: {args.warmup} warm-up + {args.repeat} timed requests per page and floor", flush=True)
            measured = harness.run_pages(client, plans, repeat=args.repeat, warmup=args.warmup)

            results = {
                "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "machine": machine,
                "method": {
                    "client": "django.test.Client, logged in as the L&D author, DEBUG off; "
                              "page and floor sampled alternately; garbage collection tuned as in "
                              "the production processes (soplan.runtime.tune_gc)",
                    "clock": "targets use the serving thread's CPU time on SQLite (all server work runs "
                             "in that thread), wall time on PostgreSQL; both are recorded",
                    "repeat": args.repeat,
                    "warmup": args.warmup,
                    "targets": {
                        "constant_queries": "the same number of SQL queries at every size",
                        "within_2x_floor": f"median at the largest size ≤ {harness.FLOOR_FACTOR}× the floor's",
                        "at_most_linear": "time ratio between sizes ≤ size ratio × "
                                          f"{harness.GROWTH_TOLERANCE} (noise margin)",
                    },
                },
                "sizes": size_rows,
                **measured,
            }
            documents = _documents_hook()
            if documents is not None:
                print("measuring documents (bench/documents.py)", flush=True)
                results["documents"] = documents.measure(plans=plans, author=author, repeat=args.repeat)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            urls.disable()

    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    markdown = harness.table(results)
    if documents is not None and hasattr(documents, "table"):
        markdown += "\n\n" + documents.table(results["documents"])
    print()
    print(markdown)
    print()
    missed = harness.misses(results)
    print("targets: all met" if not missed else "targets missed:\n  " + "\n  ".join(missed))
    print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    if not args.no_docs:
        stamp = (f"Measured {results['date']} on {machine['cpus']} × {machine['cpu']}, {machine['database']}, "
                 f"Python {machine['python']}, Django {machine['django']} (commit {machine['commit'] or 'unknown'}); "
                 f"median of {args.repeat} requests after {args.warmup} warm-up requests.")
        if _update_docs(f"{stamp}\n\n{markdown}"):
            print(f"updated the figures in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
