"""Fault injected into a real PostgreSQL: the database server restarts under a running web process.

issue 16 (done means: faults injected, "database restarted", items lost 0). The test starts a
PostgreSQL cluster of its own (initdb as the ``postgres`` system user, as .ci/run does), migrates
it, starts gunicorn on it with persistent connections as docker-compose does
(``DJANGO_CONN_MAX_AGE=60``), signs the site operator in and warms every gunicorn worker's
connection. Then ``pg_ctl restart -m fast`` ends every open connection, and:

* every page answers 200 on the first try after the restart: a worker finds its old connection
  dead before it uses it and opens a new one (``CONN_HEALTH_CHECKS``, soplan/settings.py);
  without the check the first request of each worker answers 500;
* a change made through a page after the restart (the operator starts an organisation) is
  stored, and what was stored before the restart is still there.

It needs the PostgreSQL server binaries and root (to run them as ``postgres``); it runs in
.ci/run's PostgreSQL stage (DATABASE_URL is PostgreSQL there) and is skipped elsewhere.
"""

from __future__ import annotations

import glob
import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.processes import BASE_DIR, free_port, wait_until

pytestmark = pytest.mark.worker

GUNICORN_WORKERS = 2
REQUESTS_PER_ROUND = 3 * GUNICORN_WORKERS  # enough for every worker to take at least one


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
    return Path(found[-1]) if found else None


class Postgres:
    """A throwaway cluster on a free port, run by the postgres system user."""

    def __init__(self, directory: Path):
        self.bin = _pg_bin()
        self.directory = directory
        self.port = free_port()
        self.password = secrets.token_hex(12)

    @property
    def url(self) -> str:
        return f"postgres://soplan:{self.password}@127.0.0.1:{self.port}/soplan"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, cwd=self.directory,  # noqa: S603, S607
                       stdout=subprocess.DEVNULL)

    def start(self) -> None:
        shutil.chown(self.directory, "postgres", "postgres")
        self.directory.chmod(0o700)
        pwfile = self.directory / "pwfile"
        pwfile.write_text(self.password + "\n")
        shutil.chown(pwfile, "postgres", "postgres")
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.directory / "data"), "-U", "soplan",
                          f"--pwfile={pwfile}", "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
                          "--no-sync")
        self.ctl("start")
        subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "soplan", "soplan"],  # noqa: S603
                       check=True, env={**os.environ, "PGPASSWORD": self.password})

    def ctl(self, action: str) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.directory} "
                   "-c fsync=off -c synchronous_commit=off")
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.directory / "data"), "-l",
                          str(self.directory / "server.log"), "-w", "-t", "60", "-m", "fast", "-o", options, action)

    def stop(self) -> None:
        if (self.directory / "data" / "postmaster.pid").exists():
            self.ctl("stop")


class Browser:
    """Just enough of a browser for gunicorn behind a TLS proxy: cookies (the Secure ones too,
    which the standard library's cookie jar keeps back over plain HTTP) and the CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", "Referer": "https://127.0.0.1/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode(errors="replace")
        finally:
            connection.close()

    def get(self, path: str) -> int:
        return self.request("GET", path)[0]


@pytest.fixture
def site(tmp_path):
    if not (os.environ.get("DATABASE_URL") or "").startswith("postgres"):
        pytest.skip("runs in .ci/run's PostgreSQL stage (DATABASE_URL=postgres://…)")
    if _pg_bin() is None or shutil.which("runuser") is None or os.geteuid() != 0:
        pytest.skip("needs the PostgreSQL server binaries and root to run them as postgres")
    # Not under tmp_path: the postgres user must reach the cluster's directory, and pytest's
    # temporary directories are private to root.
    postgres = Postgres(Path(tempfile.mkdtemp(prefix="soplan-restart-")))
    postgres.start()
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_OWNER_URL", "DJANGO_TEST_DATABASE_NAME", "CELERY_BROKER_URL", "DJANGO_CACHE_URL"}}
    env.update({
        "DATABASE_URL": postgres.url, "DJANGO_SETTINGS_MODULE": "soplan.settings", "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CONN_MAX_AGE": "60", "MEDIA_ROOT": str(tmp_path / "media"), "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
        "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
    })
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "--verbosity", "0"], check=True, cwd=BASE_DIR, env=env)  # noqa: S603
    # The production storage serves hashed names from the manifest (whitenoise), as in .ci/run.
    subprocess.run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], check=True, cwd=BASE_DIR, env=env)  # noqa: S603
    subprocess.run([*manage, "createsuperuser", "--noinput", "--username", "beheer@soplan.example",  # noqa: S603
                    "--email", "beheer@soplan.example"], check=True, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL)
    port = free_port()
    log = (tmp_path / "web.log").open("wb")
    web = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
        [sys.executable, "-m", "gunicorn", "--config", str(BASE_DIR / "gunicorn.conf.py"), "soplan.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(GUNICORN_WORKERS), "--access-logfile", "-"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    browser = Browser(port)

    def answers() -> bool:
        try:
            return browser.get("/healthz") == 200
        except OSError:
            return False

    try:
        wait_until("gunicorn", answers)
        yield {"postgres": postgres, "browser": browser, "password": env["DJANGO_SUPERUSER_PASSWORD"],
               "log": tmp_path / "web.log", "env": env}
    finally:
        web.terminate()
        web.wait(timeout=30)
        log.close()
        postgres.stop()
        shutil.rmtree(postgres.directory, ignore_errors=True)


def _organisations(env: dict) -> list[str]:
    script = "from stakeholders.models import Organisation; print('|'.join(Organisation.objects.order_by('name').values_list('name', flat=True)))"
    result = subprocess.run([sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", script], check=True, cwd=BASE_DIR,  # noqa: S603
                            env=env, capture_output=True, text=True)
    return [name for name in result.stdout.strip().split("|") if name]


def _start(browser: Browser, name: str) -> int:
    status, _page = browser.request("POST", "/beheer/organisatie-starten/", {
        "name": name, "sector": "vvt", "first_name": "Eerste", "last_name": "Adviseur",
        "email": f"adviseur@{name.lower().replace(' ', '-')}.example",
    })
    return status


def test_the_web_process_survives_a_database_restart_and_loses_nothing(site):
    browser, postgres = site["browser"], site["postgres"]
    browser.get("/account/inloggen/")  # the CSRF cookie
    status, _page = browser.request("POST", "/account/inloggen/",
                                    {"username": "beheer@soplan.example", "password": site["password"]})
    assert status == 302, f"the operator could not sign in:\n{site['log'].read_text(errors='replace')[-3000:]}"
    assert _start(browser, "Voor de herstart") == 302
    warm = [browser.get(path) for path in ["/", "/beheer/organisatie-starten/"] * (REQUESTS_PER_ROUND // 2)]
    assert warm == [200] * REQUESTS_PER_ROUND

    postgres.ctl("restart")  # -m fast: every open connection is ended

    after = [browser.get(path) for path in ["/", "/beheer/organisatie-starten/", "/healthz"] * (REQUESTS_PER_ROUND // 3 + 1)]
    log = site["log"].read_text(errors="replace")
    assert after == [200] * len(after), f"answers after the restart: {after}\n{log[-3000:]}"
    assert _start(browser, "Na de herstart") == 302
    assert _organisations(site["env"]) == ["Na de herstart", "Voor de herstart"]
