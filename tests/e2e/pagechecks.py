"""Checks every browser journey gets for free (wired up in tests/e2e/conftest.py).

- **HTML as served**: every HTML response the live server sends during a journey is recorded
  (full pages, and htmx fragments inside a minimal document). After the last journey the
  Nu HTML Checker (vnu-jar from the npm registry, on Debian's Java) checks all of them in one
  run: 0 errors.
- **Accessibility**: axe-core (npm registry) runs on the live page at every screenshot (so the
  states htmx swaps in are seen too), and, at the end of each journey, on every full page the
  journey was served, replayed from the recording in a fresh tab with the real static files.
  Critical or serious violations fail the journey.
- **Browser console**: a Content-Security-Policy violation or an uncaught script error on any
  page of the journey fails it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FAILING_IMPACTS = {"critical", "serious"}
# What the checks did in this session, for the summary at the end of the run.
STATS = {"axe_live": 0, "axe_pages": 0, "axe_seconds": 0.0}

# What differs between two responses of the same page state: the CSRF token and the CSP nonce.
_VOLATILE = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]*')


def kind_of(method: str, path: str, status: int) -> str:
    """A page regardless of its data: method, path with the ids left out, and status."""
    return f"{method} {re.sub(r'/[0-9]+(?=/|$)', '/#', urlsplit(path).path)} {status}"


# The element a fragment that starts with these tags is swapped into.
_FRAGMENT_CONTEXT = {
    "<tr>": ("<table><tbody>", "</tbody></table>"),
    "<tr ": ("<table><tbody>", "</tbody></table>"),
    "<td>": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "<td ": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "<li>": ("<ul>", "</ul>"),
    "<li ": ("<ul>", "</ul>"),
}


_ONLY_A_ROW = re.compile(r"^Table columns in range .* have no cells beginning in them\.$")


@dataclass
class Served:
    """One HTML response of the live server."""

    test: str
    method: str
    path: str
    status: int
    headers: dict[str, str]
    body: str
    fragment: bool  # an htmx partial, not a whole page

    @property
    def key(self) -> str:
        return hashlib.sha256(_VOLATILE.sub(r"\1…", self.body).encode()).hexdigest()

    @property
    def kind(self) -> str:
        return kind_of(self.method, self.path, self.status)

    def as_document(self) -> str:
        if not self.fragment:
            return self.body
        # A fragment is checked as the body of a minimal page, inside what it is swapped into.
        start = self.body.lstrip()[:4].lower()
        before, after = _FRAGMENT_CONTEXT.get(start, ("", ""))
        return (
            '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>fragment</title></head>'
            f"<body><main>{before}{self.body}{after}</main></body></html>"
        )


@dataclass
class Recorder:
    """Records the HTML the live server (another thread) sends while a journey runs."""

    test: str | None = None
    served: list[Served] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, request, response) -> None:
        test = self.test
        if test is None or threading.current_thread() is threading.main_thread():
            return  # not a journey, or Django's test client in the test itself
        fragment = bool(request.headers.get("HX-Request"))
        if not fragment and request.headers.get("Sec-Fetch-Dest") != "document":
            return  # the browser's own fetches (favicon.ico, say), not a page it navigated to
        if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith("text/html"):
            return
        body = response.content.decode(response.charset or "utf-8")
        if not body.strip():
            return
        served = Served(
            test=test, method=request.method, path=request.get_full_path(), status=response.status_code,
            headers={k: v for k, v in response.items() if k.lower() in {"content-type", "content-security-policy"}},
            body=body, fragment=fragment and not body.lstrip().lower().startswith("<!doctype"),
        )
        with self.lock:
            self.served.append(served)

    def of_test(self, test: str) -> list[Served]:
        with self.lock:
            return [s for s in self.served if s.test == test]


# --- axe-core --------------------------------------------------------------------------------

_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary, html: n.html.slice(0, 160)})),
  }));
}"""


def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, seen: set[str] | None = None) -> list[dict]:
    """The critical and serious axe-core violations of the page as it is now.

    The kind of page goes into ``seen``: checked live, it need not be replayed (a GET with 200 is
    assumed; a page shown after a refused POST is another kind and is replayed).
    """
    if seen is not None:
        seen.add(kind_of("GET", page.url, 200))
    started = time.monotonic()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())  # through DevTools, so the page's own CSP does not apply
    violations = [v for v in page.evaluate(_AXE_RUN) if v["impact"] in FAILING_IMPACTS]
    STATS["axe_live"] += 1
    STATS["axe_seconds"] += time.monotonic() - started
    return violations


def describe_axe(where: str, violations: list[dict]) -> str:
    lines = [f"{where}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}x)")
        for node in v["nodes"][:3]:
            lines.append(f"      {node['target']}  {node['html']}")
    return "\n".join(lines)


def replay_and_check(browser, base_url: str, pages: list[Served], seen: set[str]) -> list[str]:
    """Open each kind of recorded full page again, as it was served, in a fresh tab; run axe.

    A kind of page (its address without the ids, its status) is checked once per session: axe
    takes about half a second a page, and the states a journey shows are checked at its
    screenshots anyway.

    Only the page itself comes from the recording; its static files come from the live server
    and everything else (htmx loading fragments, say) is refused, so nothing changes any data.
    """
    todo = []
    for served in pages:
        if served.fragment or served.kind in seen:
            continue
        seen.add(served.kind)
        todo.append(served)
    if not todo:
        return []
    problems: list[str] = []
    started = time.monotonic()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        current: dict[str, Served] = {}

        def route(route):
            request = route.request
            if request.is_navigation_request() and request.frame == page.main_frame:
                served = current["page"]
                route.fulfill(status=served.status, headers=served.headers, body=served.body)
            elif request.url.startswith(f"{base_url}/static/"):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", route)
        for served in todo:
            current["page"] = served
            page.goto(f"{base_url}{served.path}", wait_until="load")
            violations = [v for v in page.evaluate(_AXE_RUN) if v["impact"] in FAILING_IMPACTS]
            if violations:
                problems.append(describe_axe(f"{served.method} {served.path} ({served.status})", violations))
    finally:
        context.close()
    STATS["axe_pages"] += len(todo)
    STATS["axe_seconds"] += time.monotonic() - started
    return problems


# --- Nu HTML Checker -------------------------------------------------------------------------


def java() -> str | None:
    return shutil.which("java")


def validate_html(served: list[Served], seen: set[str]) -> tuple[int, list[str], float]:
    """Check every recorded document not checked before with one run of vnu.jar.

    Returns the number of documents checked, the errors (each naming the page and the journey)
    and the seconds it took.
    """
    todo: dict[str, Served] = {}
    for s in served:
        if s.key not in seen:
            seen.add(s.key)
            todo.setdefault(s.key, s)
    if not todo:
        return 0, [], 0.0
    with tempfile.TemporaryDirectory(prefix="soplan-vnu-") as tmp:
        names: dict[str, Served] = {}
        for n, s in enumerate(todo.values()):
            path = Path(tmp) / f"{n:04d}.html"
            path.write_text(s.as_document(), encoding="utf-8")
            names[path.name] = s
        started = time.monotonic()
        result = subprocess.run(
            [java(), "-Xss1024k", "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always",
             *[str(Path(tmp) / f"{n:04d}.html") for n in range(len(names))]],
            capture_output=True, text=True, timeout=600, check=False,
        )
        elapsed = time.monotonic() - started
        if result.returncode != 0:
            return len(todo), [f"vnu.jar did not run (exit {result.returncode}): {result.stderr[-2000:]}"], elapsed
        messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = []
    for m in messages:
        if m.get("type") not in {"error", "non-document-error"}:
            continue
        s = names.get(m.get("url", "").rsplit("/", 1)[-1])
        if s is not None and s.fragment and _ONLY_A_ROW.search(m.get("message", "")):
            continue  # the one-row table around a fragment is ours; the page's table has the columns
        where = f"{s.method} {s.path} ({s.status}{', htmx fragment' if s.fragment else ''}; {s.test})" if s else m.get("url")
        errors.append(f"{where} line {m.get('lastLine', '?')}: {m['message']}  «{(m.get('extract') or '').strip()[:120]}»")
    return len(todo), errors, elapsed
