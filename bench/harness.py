"""Measure the plan pages: SQL queries and median server time, against their floors.

Every page is requested through Django's test Client (the whole middleware stack, a logged-in
L&D author, the real templates), so "server time" is the time Django needs from request to
response inside the process: no network, no browser. A page and its floor are sampled
alternately, so that a busy machine slows both alike.

Two clocks are recorded per request: wall time, and the CPU time of the serving thread. With
SQLite every bit of server work (the queries included) runs in that thread, so its CPU time is
the server time without the noise of other processes competing for the CPU; that is the clock
the targets use on SQLite. On PostgreSQL part of the work happens in the database server, so
there the targets use wall time.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Pages that take only <plan>, by URL name → the floor that renders the same rows. These are
# the pages of steps 1–3 with the overview and the history, which the 2× target of issue 3 is
# about. Later pages (step 4 to documents) are measured against the generic floor, the plan row
# alone, for information: they compute what they show (budget arithmetic, the export whose hash
# a version carries, a fresh completeness check), which no minimal template does, so a ratio
# against a floor is not a verdict on them; their queries and growth are.
FLOOR_OF = {
    "plans:plan": "overview",
    "plans:koers": "koers",
    "plans:plan_edit": "general",
    "plans:themes": "themes",
    "plans:vision": "vision",
    "plans:interventions": "interventions",
    "plans:qualification": "qualification",
    "plans:formation": "formation",
    "plans:actions": "actions",
    "plans:history": "history",
}
LABEL = {"plans:plan": "overview", "plans:plan_edit": "general"}
SKIP_NAMESPACES = {"stakeholders", "admin"}
# Forms that add an item show the page frame and an empty form, no rows; not measured.
SKIP_SUFFIXES = ("_add",)

GROWTH_TOLERANCE = 1.10  # 10 % for timer noise on top of "no faster than linear"
FLOOR_FACTOR = 2.0


def plan_pages(resolver=None, namespace: str = "") -> list[str]:
    """URL names of every page whose only parameter is ``plan``, found in the URL configuration.

    New plan pages (budgets, approval, …) are measured without changing this harness.
    """
    resolver = resolver or get_resolver()
    names: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIP_NAMESPACES:
                continue
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            names.extend(plan_pages(entry, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            if set(entry.pattern.regex.groupindex) == {"plan"} and not entry.name.endswith(SKIP_SUFFIXES):
                names.append(f"{namespace}:{entry.name}" if namespace else entry.name)
    return list(dict.fromkeys(names))


def label(url_name: str) -> str:
    return LABEL.get(url_name, url_name.split(":", 1)[1] if url_name.startswith("plans:") else url_name)


def clock_key() -> str:
    """Which median decides the targets: CPU time on SQLite, wall time otherwise."""
    return "cpu_median_ms" if connection.vendor == "sqlite" else "median_ms"


@dataclass
class Sampler:
    """One URL: warm it up, count its queries, then collect timed samples."""

    client: Client
    url: str
    status: int = 0
    queries: int = 0
    bytes: int = 0

    def __post_init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def prepare(self, warmup: int) -> bool:
        for _ in range(warmup):
            response = self.client.get(self.url)
            if response.status_code != 200:
                self.status = response.status_code
                return False
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(self.url)
        self.queries = len(captured)  # read now: the next request clears the query log
        self.status = response.status_code
        self.bytes = len(response.content)
        return self.status == 200

    def sample(self) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        response = self.client.get(self.url)
        self.cpu.append((time.thread_time() - cpu) * 1000)
        self.wall.append((time.perf_counter() - wall) * 1000)
        assert response.status_code == 200, (self.url, response.status_code)

    def as_dict(self, prefix: str = "") -> dict:
        out = {f"{prefix}queries": self.queries, f"{prefix}bytes": self.bytes}
        if self.wall:
            out |= {
                f"{prefix}median_ms": round(statistics.median(self.wall), 2),
                f"{prefix}cpu_median_ms": round(statistics.median(self.cpu), 2),
                f"{prefix}min_ms": round(min(self.wall), 2),
            }
        return out


def measure(client: Client, url: str, floor_url: str | None, *, repeat: int, warmup: int) -> dict:
    """A page and (optionally) its floor, sampled alternately."""
    page = Sampler(client, url)
    if not page.prepare(warmup):
        return {"status": page.status}
    floor = Sampler(client, floor_url) if floor_url else None
    if floor is not None and not floor.prepare(warmup):
        raise RuntimeError(f"floor {floor_url} answered HTTP {floor.status}")
    for _ in range(repeat):
        page.sample()
        if floor is not None:
            floor.sample()
    return {"status": 200, **page.as_dict(), **(floor.as_dict("floor_") if floor else {})}


def completeness_cost(plan, *, repeat: int) -> dict:
    """Diagnostic: what loading the whole plan and evaluating it costs, outside any request.

    Every plan page does this for its step navigator (plans.views._page).
    """
    from plans.content.completeness import evaluate
    from plans.content.selectors import plan_content

    plan = type(plan).objects.select_related("organisation").get(pk=plan.pk)
    evaluate(plan, plan_content(plan))
    with CaptureQueriesContext(connection) as captured:
        report = evaluate(plan, plan_content(plan))
    queries = len(captured)
    wall, cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.thread_time()
        evaluate(plan, plan_content(plan))
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return {
        "queries": queries,
        "findings": len(report.findings),
        "median_ms": round(statistics.median(wall), 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),
    }


def assess(page: dict, sizes: list[int], key: str) -> dict:
    """The three targets of issue 3 for one page, each with the figures that decide it."""
    by = page["sizes"]
    measured = [str(n) for n in sizes if by.get(str(n), {}).get("status") == 200]
    if len(measured) != len(sizes):
        return {"measured": False}
    queries = [by[n]["queries"] for n in measured]
    largest = by[measured[-1]]
    floor_ms = largest.get(f"floor_{key}")
    ratio = largest[key] / floor_ms if floor_ms else None
    growth = []
    for small, big in zip(measured, measured[1:], strict=False):
        growth.append({
            "from": int(small),
            "to": int(big),
            "time_ratio": round(by[big][key] / by[small][key], 2),
            "size_ratio": round(int(big) / int(small), 2),
        })
    judged = page["floor"] != "generic"
    return {
        "measured": True,
        "clock": key,
        "constant_queries": len(set(queries)) == 1,
        "floor_ratio_at_largest": round(ratio, 2) if ratio is not None else None,
        # None: the page has no floor of its own (see FLOOR_OF), so the ratio is not a verdict.
        "within_2x_floor": (ratio is not None and ratio <= FLOOR_FACTOR) if judged else None,
        "growth": growth,
        "at_most_linear": all(g["time_ratio"] <= g["size_ratio"] * GROWTH_TOLERANCE for g in growth),
    }


def run_pages(client: Client, plans: dict[int, object], *, repeat: int, warmup: int, log=print) -> dict:
    """Measure every plan page and its floor at every size, plus the trivial view."""
    sizes = sorted(plans)
    key = clock_key()
    trivial = measure(client, reverse("bench_trivial"), None, repeat=repeat, warmup=warmup)
    log(f"  trivial view: {trivial['queries']} queries, {trivial['median_ms']:.2f} ms wall, "
        f"{trivial['cpu_median_ms']:.2f} ms CPU")
    completeness = {}
    for n in sizes:
        completeness[str(n)] = completeness_cost(plans[n], repeat=repeat)
        log(f"  completeness check {n:>4} interventions: {completeness[str(n)]}")
    pages, skipped = [], []
    for url_name in plan_pages():
        floor = FLOOR_OF.get(url_name, "generic")
        page = {"page": label(url_name), "url_name": url_name, "floor": floor, "sizes": {}}
        probe = client.get(reverse(url_name, kwargs={"plan": plans[sizes[0]].pk}))
        if probe.status_code == 405:  # an action that only takes POST (e.g. the Markdown preview)
            skipped.append({"url_name": url_name, "reason": "answers GET with 405: not a page"})
            log(f"  {page['page']:<16} skipped: GET answers 405 (POST only)")
            continue
        for n in sizes:
            plan = plans[n]
            entry = measure(
                client,
                reverse(url_name, kwargs={"plan": plan.pk}),
                reverse("bench_floor", kwargs={"name": floor, "plan": plan.pk}),
                repeat=repeat,
                warmup=warmup,
            )
            page["sizes"][str(n)] = entry
            if entry["status"] == 200:
                log(f"  {page['page']:<16} {n:>4}: {entry['queries']:>3} queries, {entry['median_ms']:8.2f} ms wall, "
                    f"{entry['cpu_median_ms']:8.2f} ms CPU (floor {entry['floor_queries']} queries, "
                    f"{entry['floor_median_ms']:.2f} ms wall, {entry['floor_cpu_median_ms']:.2f} ms CPU)")
            else:
                log(f"  {page['page']:<16} {n:>4}: HTTP {entry['status']}, not measured")
        page["targets"] = assess(page, sizes, key)
        pages.append(page)
    return {"clock": key, "trivial": trivial, "completeness_check": completeness, "pages": pages,
            "skipped": skipped}


def table(results: dict) -> str:
    """A Markdown table of the figures (printed, and quoted in docs/performance.md)."""
    sizes = [str(s["interventions_requested"]) for s in results["sizes"]]
    key = results["clock"]
    clock = "CPU" if key == "cpu_median_ms" else "wall"
    joined = " / ".join(sizes)
    lines = [
        f"| page | queries ({joined}) | floor queries | median ms, {clock} ({joined}) | floor ms at {sizes[-1]} "
        f"| × floor at {sizes[-1]} | growth (time for size) | targets |",
        "|" + "---|" * 8,
    ]
    trivial = results["trivial"]
    lines.append(f"| *trivial view* | {trivial['queries']} | – | {trivial[key]:.1f} | – | – | – | the cost of any request |")
    check = results["completeness_check"]
    lines.append(
        f"| *completeness check alone* | {' / '.join(str(check[n]['queries']) for n in sizes)} | – "
        f"| {' / '.join(f'{check[n][key]:.1f}' for n in sizes)} | – | – | – | part of every plan page |"
    )
    for page in results["pages"]:
        by = page["sizes"]
        t = page["targets"]
        if not t.get("measured"):
            statuses = ", ".join(sorted({f"HTTP {by[n]['status']}" for n in sizes if n in by}))
            lines.append(f"| {page['page']} | – | – | – | – | – | – | not measured ({statuses}) |")
            continue
        growth = ", ".join(f"{g['time_ratio']:g}× for {g['size_ratio']:g}×" for g in t["growth"])
        verdict = [
            "queries constant" if t["constant_queries"] else "**queries grow**",
            {True: "≤ 2× floor", False: "**> 2× floor**", None: "no floor of its own"}[t["within_2x_floor"]],
            "≤ linear" if t["at_most_linear"] else "**faster than linear**",
        ]
        floor_note = " (generic)" if page["floor"] == "generic" else ""
        queries = " / ".join(str(by[n]["queries"]) for n in sizes)
        medians = " / ".join(f"{by[n][key]:.1f}" for n in sizes)
        lines.append(
            f"| {page['page']} | {queries} | {by[sizes[-1]]['floor_queries']}{floor_note} | {medians} "
            f"| {by[sizes[-1]]['floor_' + key]:.1f} | {t['floor_ratio_at_largest']:g} | {growth} | {'; '.join(verdict)} |"
        )
    return "\n".join(lines)


def misses(results: dict) -> list[str]:
    out = []
    for page in results["pages"]:
        t = page["targets"]
        if not t.get("measured"):
            out.append(f"{page['page']}: not measured (HTTP {page['sizes'][next(iter(page['sizes']))]['status']})")
            continue
        if not t["constant_queries"]:
            out.append(f"{page['page']}: query count changes with plan size")
        if t["within_2x_floor"] is False:
            out.append(f"{page['page']}: {t['floor_ratio_at_largest']}× its floor at the largest plan")
        if not t["at_most_linear"]:
            growth = ", ".join(f"{g['time_ratio']}× for {g['size_ratio']:g}×" for g in t["growth"])
            out.append(f"{page['page']}: time grows faster than the plan ({growth})")
    return out
