"""``python -m loadtest.report``: turn a load run's locust statistics and document check into a
table (printed), ``loadtest/results.json`` and the generated block of docs/performance.md
(between the ``load:`` markers). No Django needed."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import platform
import subprocess
from pathlib import Path

from bench.docs import replace_section

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "loadtest" / "results.json"
DOCS = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True,  # noqa: S607
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def read_stats(path: Path) -> list[dict]:
    rows = []
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "method": row["Type"],
                    "page": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "max_ms": float(row["Max Response Time"] or 0),
                    "rps": float(row["Requests/s"] or 0),
                }
            )
    return rows


def markdown(result: dict) -> str:
    run, docs = result["run"], result["documents"]
    total = result["total"]
    verdict = []
    verdict.append(f"{'met' if total['failures'] == 0 else 'MISSED'}: 0 errors ({total['failures']} failed requests)")
    verdict.append(
        f"{'met' if docs['ready'] == docs['requested'] and docs['requested'] else 'MISSED'}: every PDF delivered "
        f"({docs['ready']} of {docs['requested']} ready, {docs['failed']} failed, {docs['not_done']} not done "
        f"{docs['waited_seconds']} s after the run, limit {docs['wait_limit_seconds']} s)"
    )
    lines = [
        f"Measured {result['measured_at']} on {result['machine']} (commit {result['commit']}): "
        f"{run['users']} users for {run['seconds']} s, gunicorn with {run['gunicorn_workers']} workers, "
        f"Celery worker concurrency {run['worker_concurrency']}, PostgreSQL {run['postgresql']}, Redis {run['redis']}, "
        f"locust {run['locust']} on the same machine.",
        "",
        f"**{total['requests']} requests, {total['rps']:.1f} requests/s, {total['failures']} failed; "
        f"p50 {total['p50_ms']:.0f} ms, p95 {total['p95_ms']:.0f} ms over all requests.**",
        "",
        *[f"* {v}" for v in verdict],
        "",
        *_cpu_lines(result),
        "| page | method | requests | failed | p50 ms | p95 ms | max ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in result["pages"]:
        lines.append(
            f"| {row['page']} | {row['method']} | {row['requests']} | {row['failures']} | "
            f"{row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['max_ms']:.0f} |"
        )
    return "\n".join(lines)


def _cpu_lines(result: dict) -> list[str]:
    use, run = result.get("cpu"), result["run"]
    if not use:
        return []
    parts = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in sorted(use["processes"].items(), key=lambda i: -i[1]))
    share = use["machine_busy"] / use["machine_total"] * 100 if use["machine_total"] else 0
    return [
        f"CPU during the run: the machine's CPUs were {share:.0f} % busy ({use['machine_busy']:.0f} of "
        f"{use['machine_total']:.0f} CPU-seconds; load average {run.get('load_average_before', '?')} before it); "
        f"{parts}; everything else on the machine {use['other']:.0f} s.",
        "",
    ]


def _update_docs(text_block: str) -> bool:
    return replace_section(BEGIN, END, text_block, DOCS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtest.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--stats", type=Path, required=True, help="locust's <prefix>_stats.csv")
    parser.add_argument("--documents", type=Path, required=True, help="the JSON of python -m loadtest.check")
    parser.add_argument("--run", type=json.loads, required=True, help="JSON: users, seconds, versions, workers")
    parser.add_argument(
        "--cpu", type=Path, nargs=3, metavar=("BEFORE", "AFTER", "LOCUST"),
        help="python -m loadtest.cpu snapshots around the run, and the locustfile's JSON (its CPU time)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    args = parser.parse_args(argv)
    rows = read_stats(args.stats)
    total = next(r for r in rows if r["page"] == "Aggregated")
    pages = sorted((r for r in rows if r["page"] != "Aggregated"), key=lambda r: (-r["requests"], r["page"]))
    result = {
        "measured_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "machine": f"{_count_cpus()} × {_cpu()}",
        "commit": _commit(),
        "run": args.run,
        "total": total,
        "pages": pages,
        "documents": json.loads(args.documents.read_text()),
        "cpu": _cpu_use(*args.cpu) if args.cpu else None,
    }
    args.output.write_text(json.dumps(result, indent=1) + "\n")
    block = markdown(result)
    print(block)
    if not args.no_docs and _update_docs(block):
        print(f"\n{DOCS.relative_to(ROOT)} updated")
    return 0


def _cpu_use(before: Path, after: Path, locust: Path) -> dict:
    from loadtest.cpu import difference

    use = difference(json.loads(before.read_text()), json.loads(after.read_text()))
    locust_seconds = json.loads(locust.read_text()).get("locust_cpu_seconds", 0.0)
    use["processes"]["locust"] = locust_seconds
    use["other"] = round(max(use["other"] - locust_seconds, 0.0), 1)
    return use


def _count_cpus() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())
