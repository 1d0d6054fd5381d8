"""The production files: docker-compose.yml parses, and the container health check tells a healthy web process from a missing one.

No Docker engine is needed (none is available in CI): Debian's docker-compose parses the file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = shutil.which("docker-compose")
needs_compose = pytest.mark.skipif(COMPOSE is None, reason="docker-compose is not installed (apt-get install docker-compose)")


def _compose(*args: str, env_file: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed argument lists
        [COMPOSE, "--env-file", str(env_file), "-f", str(ROOT / "docker-compose.yml"), *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"]},  # only the env file counts, not this process's variables
        capture_output=True,
        text=True,
        timeout=60,
    )


@needs_compose
def test_docker_compose_file_parses_with_the_example_environment():
    result = _compose("config", "-q", env_file=ROOT / ".env.example")
    assert result.returncode == 0, result.stderr

    services = _compose("config", "--services", env_file=ROOT / ".env.example").stdout.split()
    assert set(services) == {"db", "db-roles", "redis", "migrate", "web", "worker", "beat"}
    volumes = _compose("config", "--volumes", env_file=ROOT / ".env.example").stdout.split()
    assert {"pgdata", "media"} <= set(volumes)


def _environments(config: str) -> dict[str, dict[str, str]]:
    """Each service's environment from `docker-compose config` (its YAML layout is fixed)."""
    services: dict[str, dict[str, str]] = {}
    service, in_env = None, False
    for line in config.splitlines():
        indent = len(line) - len(line.lstrip())
        if indent == 2 and line.rstrip().endswith(":"):
            service, in_env = line.strip()[:-1], False
            services[service] = {}
        elif indent == 4:
            in_env = line.strip() == "environment:"
        elif indent == 6 and in_env and service is not None:
            key, _, value = line.strip().partition(": ")
            services[service][key] = value
    return services


@needs_compose
def test_only_migrate_knows_the_owner_of_the_tables():
    config = _environments(_compose("config", env_file=ROOT / ".env.example").stdout)
    for name in ("web", "worker"):
        assert config[name]["DATABASE_URL"].startswith("postgres://soplan_app:")
        assert "DATABASE_OWNER_URL" not in config[name]
        assert "soplan:replace-me@db" not in " ".join(config[name].values())  # the owner and password
    assert config["migrate"]["DATABASE_OWNER_URL"].startswith("postgres://soplan:replace-me@")
    assert config["migrate"]["DATABASE_URL"] == config["web"]["DATABASE_URL"]


@needs_compose
def test_docker_compose_refuses_to_start_without_a_secret_key(tmp_path):
    env_file = tmp_path / "incomplete.env"
    env_file.write_text("POSTGRES_PASSWORD=x\nSOPLAN_APP_DB_PASSWORD=y\nDJANGO_ALLOWED_HOSTS=soplan.example.org\n")
    result = _compose("config", "-q", env_file=env_file)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# The deploy checks and the refusal of bad values are tested in tests/test_settings.py.


def _healthcheck(port: int) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed argument lists
        [sys.executable, str(ROOT / "scripts" / "healthcheck.py")],
        env={"PATH": os.environ["PATH"], "PORT": str(port), "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1"},
        capture_output=True, text=True, timeout=30,
    )


def test_container_health_check_passes_against_a_healthy_web_process(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    result = _healthcheck(port)
    assert result.returncode == 0, result.stdout
    assert '"database": "ok"' in result.stdout


def test_healthz_answers_503_when_the_broker_is_unreachable(client, db, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}


def test_container_health_check_fails_when_nothing_answers():
    result = _healthcheck(free_port())
    assert result.returncode == 1
    assert "unhealthy" in result.stdout
