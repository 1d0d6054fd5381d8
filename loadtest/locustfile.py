"""The behaviour of a load run (``make load``; docs/performance.md, "Load").

One locust user per login of the manifest (``python -m loadtest.seed``), each logged in through
the login form with its own account:

* **advisers** (the author) read the pages of their draft plan and edit it: the general part, a
  theme, an intervention, each through its form (GET, then POST what the form holds, one text
  changed);
* **councils** (OR, VAR, CR) read the plans, the consultation and the approval pages, comment on
  the draft through the consultation form, and the VAR records its decision on the change that
  waits for it (once; the other councils decided when the demo was built);
* **board members** read the plans and request PDFs: the draft as it stands (a new document
  whenever the adviser changed it) and the adopted version, and wait for them as the documents
  page does (htmx polling every second), then download them.

Every request sends ``X-Forwarded-Proto: https`` as the TLS proxy in front of gunicorn would,
and an ``Origin`` and ``Referer`` as a browser does; the session and CSRF cookies are ``Secure``,
so the client's cookie policy treats this loopback address as the HTTPS site it stands for. The
ids of every document asked for (and locust's own CPU time) are written to
``SOPLAN_LOAD_DOCUMENTS`` when the run stops;
``python -m loadtest.check`` then waits for each of them.

Environment: SOPLAN_LOAD_MANIFEST, SOPLAN_LOAD_DOCUMENTS, SOPLAN_DEMO_PASSWORD.
"""

from __future__ import annotations

import http.cookiejar
import itertools
import json
import os
import random
import re
import resource
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from loadtest.forms import form_with  # noqa: E402
from loadtest.routes import path  # noqa: E402

MANIFEST = json.loads(Path(os.environ["SOPLAN_LOAD_MANIFEST"]).read_text())
PASSWORD = os.environ["SOPLAN_DEMO_PASSWORD"]
POLL_SECONDS = 1  # as the documents page polls (plans.documents.views.POLL_SECONDS)
POLL_LIMIT = 60  # a board member stops watching after this long; the check after the run waits on
MARK = re.compile(r" \[load \d+\]$")

_logins = {role: iter([e for e in MANIFEST if e["role"] == role]) for role in {e["role"] for e in MANIFEST}}
_counter = itertools.count(1)


def _count(role: str) -> int:
    """One locust user per login of ``role`` in the manifest."""
    return sum(1 for e in MANIFEST if e["role"] == role)

REQUESTED: set[tuple[int, int]] = set()  # (plan, document) of every document asked for


def _send_secure_cookies(_policy, _cookie, _request) -> bool:
    """Send the Secure cookies back over loopback: TLS ends at the proxy this run stands in for.

    Set on the policy class, because requests copies the session's cookies into a new jar with the
    default policy for every request. Only this locust process, which talks to nothing else, does so.
    """
    return True


http.cookiejar.DefaultCookiePolicy.return_ok_secure = _send_secure_cookies


@events.quitting.add_listener
def _write_documents(environment, **_kwargs):
    """The documents asked for, and the CPU time locust itself used (for the report)."""
    target = os.environ.get("SOPLAN_LOAD_DOCUMENTS")
    if target:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        Path(target).write_text(
            json.dumps({"documents": sorted(REQUESTED), "locust_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1)})
        )


def _marked(text: str) -> str:
    return MARK.sub("", text.rstrip()) + f" [load {next(_counter)}]"


class SoplanUser(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.me = next(_logins[self.role])
        origin = "https://" + urlsplit(self.host).netloc
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/"})
        page = self.client.get(path("login"), name="login")
        form = form_with(page.text, "password")
        data = {**form.values(), "username": self.me["email"], "password": PASSWORD}
        with self.client.post(path("login"), data=data, name="login", allow_redirects=False, catch_response=True) as r:
            if r.status_code != 302:
                r.failure(f"login of {self.me['email']} refused ({r.status_code})")

    # ---- helpers -------------------------------------------------------------------------
    def get(self, page: str, **ids):
        return self.client.get(path(page, **ids), name=page)

    def save(self, form_page: str, save_page: str, field: str, change, **ids) -> None:
        """GET a form, change ``field`` with ``change(old) -> new``, POST it; a redirect is success."""
        url = path(form_page, **ids)
        page = self.client.get(url, name=form_page)
        if page.status_code != 200:
            return
        form = form_with(page.text, field)
        data = form.values()
        data[field] = change(data.get(field, ""))
        with self.client.post(
            url, data=data, name=save_page, allow_redirects=False, catch_response=True, headers={"Referer": page.url}
        ) as r:
            if r.status_code != 302:
                r.failure(f"{save_page}: not saved ({r.status_code}): {_errors(r.text)}")

    def ids_on(self, page: str, pattern: str, **ids) -> list[int]:
        response = self.get(page, **ids)
        return [int(i) for i in re.findall(pattern, response.text)]


def _errors(html: str) -> str:
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)<', html, re.S)
    return "; ".join(t.strip() for t in found if t.strip())[:300] or "no error shown"


class Adviser(SoplanUser):
    """The L&D author editing the draft of the next cycle."""

    role = "author"
    fixed_count = _count(role)

    @task(4)
    def read(self) -> None:
        plan = self.me["draft"]
        self.get(random.choice(["plan overview", "koers", "vision", "qualification", "formation", "alignment"]), plan=plan)

    @task(2)
    def edit_theme(self) -> None:
        plan = self.me["draft"]
        themes = sorted(set(self.ids_on("themes", rf"/plannen/{plan}/themas/(\d+)/\"", plan=plan)))
        if themes:
            self.save("theme (form)", "theme (save)", "description", _marked, plan=plan, theme=random.choice(themes))

    @task(2)
    def edit_intervention(self) -> None:
        plan = self.me["draft"]
        found = sorted(set(self.ids_on("interventions", rf"/plannen/{plan}/interventies/(\d+)/\"", plan=plan)))
        if found:
            self.save(
                "intervention (form)", "intervention (save)", "description", _marked,
                plan=plan, intervention=random.choice(found),
            )

    @task(1)
    def edit_general(self) -> None:
        self.save("general (form)", "general (save)", "preface", _marked, plan=self.me["draft"])


class Council(SoplanUser):
    """OR, VAR and CR members: reading, commenting on the draft, deciding on the change."""

    abstract = True

    def on_start(self) -> None:
        super().on_start()
        self.decided = self.role != "var_member" or not self.me["change"]

    @task(5)
    def read(self) -> None:
        page, plan = random.choice(
            [
                ("dashboard", None),
                ("plan overview", self.me["adopted"]),
                ("plan overview", self.me["draft"]),
                ("interventions", self.me["draft"]),
                ("alignment", self.me["draft"]),
                ("approval", self.me["change"] or self.me["adopted"]),
                ("timeline", self.me["adopted"]),
                ("notifications", None),
            ]
        )
        self.get(page, **({"plan": plan} if plan else {}))

    @task(2)
    def comment(self) -> None:
        self.save(
            "alignment", "comment (save)", "text",
            lambda _old: f"Opmerking van de {self.role.split('_')[0].upper()} [load {next(_counter)}]",
            plan=self.me["draft"],
        )

    @task(1)
    def decide(self) -> None:
        if self.decided:
            return
        self.decided = True  # once: the decision is evidence, a second one is refused
        body = self.me["bodies"]["var"]
        self.save("consent (form)", "consent (save)", "decision", lambda _old: "consented", plan=self.me["change"], body=body)


class WorksCouncil(Council):
    role = "or_member"
    fixed_count = _count(role)


class NursingCouncil(Council):
    role = "var_member"
    fixed_count = _count(role)


class ClientCouncil(Council):
    role = "cr_member"
    fixed_count = _count(role)


class BoardMember(SoplanUser):
    """The board reading plans and asking for their PDFs."""

    role = "board_member"
    fixed_count = _count(role)

    @task(3)
    def read(self) -> None:
        page, plan = random.choice(
            [
                ("plan overview", self.me["adopted"]),
                ("plan overview", self.me["draft"]),
                ("approval", self.me["adopted"]),
                ("history", self.me["adopted"]),
                ("dashboard", None),
            ]
        )
        self.get(page, **({"plan": plan} if plan else {}))

    @task(1)
    def draft_pdf(self) -> None:
        self.pdf(self.me["draft"], version=None)

    @task(1)
    def adopted_pdf(self) -> None:
        plan = self.me["adopted"]
        page = self.get("documents", plan=plan)
        versions = re.findall(r'name="version" value="(\d+)"', page.text)
        self.pdf(plan, version=int(versions[0]) if versions else None, page=page)

    def pdf(self, plan: int, *, version: int | None, page=None) -> None:
        page = page or self.get("documents", plan=plan)
        form = form_with(page.text, "kind")
        data = {"csrfmiddlewaretoken": form.values()["csrfmiddlewaretoken"], "kind": "plan"}
        if version:
            data["version"] = str(version)
        htmx = {"HX-Request": "true", "Referer": page.url}
        with self.client.post(
            path("document request", plan=plan), data=data, headers=htmx, name="document request", catch_response=True
        ) as r:
            found = re.search(rf"/plannen/{plan}/documenten/(\d+)/", r.text)
            if r.status_code != 200 or not found:
                r.failure(f"document request: no document ({r.status_code})")
                return
        document = int(found.group(1))
        REQUESTED.add((plan, document))
        status = re.search(r'data-status="(\w+)"', r.text)
        deadline = time.monotonic() + POLL_LIMIT
        while status and status.group(1) in {"queued", "rendering"} and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            poll = self.client.get(
                path("document status", plan=plan, document=document), headers=htmx, name="document status"
            )
            status = re.search(r'data-status="(\w+)"', poll.text)
        if status and status.group(1) == "ready":
            with self.client.get(
                path("document download", plan=plan, document=document), name="document download", catch_response=True
            ) as r:
                if not r.content.startswith(b"%PDF"):
                    r.failure("document download: not a PDF")
