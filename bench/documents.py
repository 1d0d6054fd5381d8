"""Benchmark of the plan PDF: end-to-end against the WeasyPrint floor, pages, peak memory.

For plans of about 10, 100 and 400 interventions (a frozen version of each):

* **end-to-end**: from ``request_document`` (the task is queued when the transaction commits)
  until the file is stored: through a real worker when CELERY_BROKER_URL is set (the worker must
  use the same database and media folder), else eagerly in this process;
* **floor**: WeasyPrint alone on the same HTML (``plans.rendering.write_pdf``);
* **pages** and **time per page**;
* **peak memory** of a fresh process that renders the document through the same code path
  (its high-water mark of resident memory after the render; the mark after start-up too).

Targets (issue 6): end-to-end within 1.15 × the floor; peak memory for the 100-intervention plan
under 300 MB; time per page flat as the plan grows.

Two ways in:

* ``measure(*, plans, author, repeat)`` is the hook ``make bench`` (``python -m bench``) calls
  with the plans it built; ``table(result)`` formats the result for docs/performance.md;
* ``python -m bench.documents [--sizes 10,100,400] [--repeat 2]`` builds its own plans (through
  ``plans.interchange.import_plan``) in a throwaway SQLite database and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10, 100, 400)
TARGET_FACTOR = 1.15
TARGET_MEMORY_MB = 300
FLAT_TOLERANCE = 1.25  # cost of an added page at the largest step ≤ this × at the first step
MAX_REPEAT = 3  # a 400-intervention render takes a while; medians of up to three runs


# --- Plans to measure (standalone use) -----------------------------------------------------------


def build_plans(sizes, author) -> dict:
    """A plan per size, built like the page benchmark's (bench.plans); ``author`` may print it."""
    from bench.plans import Size, build

    return {n: build(Size(n), author) for n in sizes}


# --- Measuring --------------------------------------------------------------------------------


def _database_url(connection) -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user, password = quote(db.get("USER") or "", safe=""), quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _wait(document, timeout: float = 900):
    deadline = time.monotonic() + timeout
    document.refresh_from_db()
    while not document.is_done and time.monotonic() < deadline:
        time.sleep(0.05)
        document.refresh_from_db()
    return document


def _render_in_child(version_id: int, kind: str) -> dict:
    """Render in a fresh process (eagerly, the task's code path); its peak resident memory."""
    from django.conf import settings
    from django.db import connection

    env = {**os.environ, "DATABASE_URL": _database_url(connection), "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "DJANGO_SETTINGS_MODULE": "soplan.settings", "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "true")}
    env.pop("CELERY_BROKER_URL", None)
    out = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.documents", "--child", str(version_id), "--kind", kind],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=1800,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _peak_rss_mb() -> float:
    """The process's high-water mark of resident memory. VmHWM starts afresh at exec, unlike
    ru_maxrss, which Linux carries over from the parent that forked us."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(version_id: int, kind: str) -> None:
    import django

    django.setup()
    from plans.documents.services import request_document
    from plans.models import Document, DocumentStatus, PlanVersion

    baseline = _peak_rss_mb()
    version = PlanVersion.objects.select_related("plan__organisation").get(pk=version_id)
    Document.objects.filter(version=version, kind=kind).delete()
    started = time.perf_counter()
    document = request_document(actor=None, plan=version.plan, version=version, kind=kind)
    document.refresh_from_db()
    seconds = time.perf_counter() - started
    assert document.status == DocumentStatus.READY, document.reason
    peak = _peak_rss_mb()
    print(json.dumps({"baseline_mb": round(baseline, 1), "peak_mb": round(peak, 1),
                      "seconds": round(seconds, 2), "pages": document.page_count}))


def measure(*, plans: dict, author, repeat: int = 2, kind: str = "plan") -> dict:
    """Measure the document of ``kind`` for each plan; a JSON-ready dict (see module docstring)."""
    from django.utils import translation

    from plans.approval.versions import freeze
    from plans.documents import rendering
    from plans.documents.services import document_source, request_document
    from plans.models import Document, DocumentStatus
    from soplan.celery import app

    repeat = max(1, min(repeat, MAX_REPEAT))
    mode = "eager (in process)" if app.conf.task_always_eager else "Celery worker"
    smallest = min(plans)
    warm = freeze(actor=author, plan=plans[smallest])  # load fonts and templates once, untimed
    _wait(request_document(actor=author, plan=plans[smallest], version=warm, kind=kind))

    # In process, CPU time is the steady clock (the render runs in this process; other work on
    # the machine does not count); through a worker only wall time can be seen from here.
    cpu = app.conf.task_always_eager
    clock = "process CPU time" if cpu else "wall time"
    rows = []
    for n in sorted(plans):
        plan = plans[n]
        version = freeze(actor=author, plan=plan)
        e2e, e2e_wall, stored = [], [], []
        for _ in range(repeat):
            Document.objects.filter(version=version, kind=kind).delete()  # a fresh render each time
            wall, started = time.perf_counter(), time.process_time()
            document = _wait(request_document(actor=author, plan=plan, version=version, kind=kind))
            e2e_wall.append(time.perf_counter() - wall)
            e2e.append((time.process_time() - started) if cpu else e2e_wall[-1])
            if document.status != DocumentStatus.READY:
                raise RuntimeError(f"the {n}-intervention document failed: {document.reason}")
            stored.append((document.finished_at - document.requested_at).total_seconds())
        with translation.override(document.language):
            html = rendering.build_html(document_source(document))
        floor, floor_wall = [], []
        for _ in range(repeat):
            wall, started = time.perf_counter(), time.process_time()
            rendering.write_pdf(html)
            floor_wall.append(time.perf_counter() - wall)
            floor.append((time.process_time() - started) if cpu else floor_wall[-1])
        memory = _render_in_child(version.pk, kind)
        e2e_s, floor_s = statistics.median(e2e), statistics.median(floor)
        rows.append({
            "interventions": n,
            "pages": document.page_count,
            "bytes": document.size,
            "end_to_end_seconds": round(e2e_s, 3),
            "floor_seconds": round(floor_s, 3),
            "factor": round(e2e_s / floor_s, 3),
            "seconds_per_page": round(e2e_s / document.page_count, 4),
            "end_to_end_wall_seconds": round(statistics.median(e2e_wall), 3),
            "floor_wall_seconds": round(statistics.median(floor_wall), 3),
            "queued_to_stored_seconds": round(statistics.median(stored), 3),
            "peak_memory_mb": memory["peak_mb"],
            "baseline_memory_mb": memory["baseline_mb"],
            "runs": {"end_to_end": [round(s, 3) for s in e2e], "floor": [round(s, 3) for s in floor]},
        })
    # Time per page: the average falls under the fixed cost of the front pages (title, contents,
    # short chapters) in a small plan, so flatness is judged on the time each added page costs
    # (the increment between sizes): it must not grow as the plan grows.
    for before, after in zip(rows, rows[1:], strict=False):
        after["seconds_per_added_page"] = round(
            (after["end_to_end_seconds"] - before["end_to_end_seconds"]) / max(1, after["pages"] - before["pages"]), 4
        )
    added = [r["seconds_per_added_page"] for r in rows[1:]]
    hundred = next((r for r in rows if r["interventions"] == 100), None)
    targets = {
        "within_floor_factor": all(r["factor"] <= TARGET_FACTOR for r in rows),
        "memory_100_under_300_mb": hundred is None or hundred["peak_memory_mb"] < TARGET_MEMORY_MB,
        "time_per_page_flat": len(added) < 2 or added[-1] <= added[0] * FLAT_TOLERANCE,
    }
    return {
        "kind": kind,
        "mode": mode,
        "clock": clock,
        "repeat": repeat,
        "method": ("end-to-end: request_document → file stored (median); floor: WeasyPrint alone on the "
                   "same HTML (median); memory: high-water mark of resident memory (VmHWM) of a fresh "
                   "process rendering once"),
        "targets": {"factor": TARGET_FACTOR, "memory_mb_at_100": TARGET_MEMORY_MB,
                    "per_page_growth_at_most": FLAT_TOLERANCE, "met": targets},
        "rows": rows,
    }


def table(result: dict) -> str:
    """A Markdown table of ``measure``'s result."""
    lines = [
        f"Documents ({result['kind']} PDF, {result['mode']}, {result['clock']}, median of {result['repeat']} "
        f"runs; wall time in brackets):",
        "",
        "| interventions | pages | end-to-end s | floor s | factor | s / page | s / added page | peak MB | start-up MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in result["rows"]:
        added = f"{r['seconds_per_added_page']:.3f}" if "seconds_per_added_page" in r else "–"
        lines.append(
            f"| {r['interventions']} | {r['pages']} "
            f"| {r['end_to_end_seconds']:.2f} ({r['end_to_end_wall_seconds']:.2f}) "
            f"| {r['floor_seconds']:.2f} ({r['floor_wall_seconds']:.2f}) "
            f"| {r['factor']:.2f} | {r['seconds_per_page']:.3f} | {added} "
            f"| {r['peak_memory_mb']:.0f} | {r['baseline_memory_mb']:.0f} |"
        )
    met = result["targets"]["met"]
    lines += ["", "Targets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in met.items())]
    return "\n".join(lines)


# --- Standalone ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.documents", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--kind", default="plan", choices=["plan", "cover", "statement"])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the result as JSON as well")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soplan.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    if args.child:
        _child(args.child, args.kind)
        return 0
    with tempfile.TemporaryDirectory(prefix="soplan-bench-documents-") as tmp:
        worker = bool(os.environ.get("CELERY_BROKER_URL")) and bool(os.environ.get("DATABASE_URL"))
        if not worker:
            # A throwaway database and media folder; without a shared database a worker could not
            # see the rows, so tasks run eagerly.
            os.environ.pop("CELERY_BROKER_URL", None)
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            os.environ["MEDIA_ROOT"] = str(Path(tmp) / "media")
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        author, _ = get_user_model().objects.get_or_create(username="bench-documents@example.test")
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
        print(f"building plans of {sizes} interventions …", flush=True)
        plans = build_plans(sizes, author)
        print("measuring …", flush=True)
        result = measure(plans=plans, author=author, repeat=args.repeat, kind=args.kind)
    print(table(result))
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
