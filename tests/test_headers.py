"""Response headers: a Permissions-Policy on every response, and no gunicorn banner."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[1]
POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


@pytest.mark.parametrize("path", ["/account/inloggen/", "/healthz", "/plannen/", "/bestaat-niet/"])
def test_every_response_forbids_camera_microphone_location_and_payment(client, db, path):
    response = client.get(path)
    assert response.status_code in {200, 302, 404}
    assert response.headers["Permissions-Policy"] == POLICY


def test_a_signed_in_page_carries_the_policy_too(client_of, author, plan):
    response = client_of(author).get(reverse("plans:themes", kwargs={"plan": plan.pk}))
    assert response.status_code == 200
    assert response.headers["Permissions-Policy"] == POLICY


def test_gunicorn_with_our_config_does_not_name_itself(tmp_path):
    (tmp_path / "hello.py").write_text(
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [b'ok']\n"
    )
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - fixed argument list
        [str(gunicorn), "--config", str(ROOT / "gunicorn.conf.py"), "--pythonpath", str(tmp_path),
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "hello:app"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:  # noqa: S310
                    server = response.headers.get("Server", "")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "gunicorn" not in server.lower()


@pytest.mark.parametrize("name", ["Dockerfile", "docker-compose.yml", ".ci/run"])
def test_every_way_of_starting_gunicorn_uses_our_config(name):
    text = (ROOT / name).read_text()
    starts = re.findall(r"gunicorn\"? (?:--config \S+ )?soplan\.wsgi", text)
    assert starts and all("--config" in start and "gunicorn.conf.py" in start for start in starts)


@pytest.mark.parametrize("path", ["/account/inloggen/", "/bestaat-niet/"])
def test_every_page_carries_a_content_security_policy_without_inline_script_or_eval(client, db, path):
    policy = client.get(path).headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"  # no inline script, no eval
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_the_500_page_is_allowed_its_own_inline_style_and_no_other():
    import base64
    import hashlib

    from django.conf import settings

    css = re.search(r"<style>(.*?)</style>", (ROOT / "templates" / "500.html").read_text(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"] == ["'self'", f"'sha256-{digest}'"]
