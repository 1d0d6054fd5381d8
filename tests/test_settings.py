"""Configuration comes from environment variables; a bad value stops the start, naming it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "kZ3p-9vQe2Lr7_Wm4tYx8uB1nC6dF0gH5jK2sA9qE3wR7yT1uI4oP6aS8dG2fH5j",
    "DJANGO_ALLOWED_HOSTS": "soplan.example.org",
    "DATABASE_URL": "postgres://soplan:secret@db:5432/soplan",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "EMAIL_URL": "smtp+tls://soplan:secret@mail.example.org:587",
    "SOPLAN_BASE_URL": "https://soplan.example.org",
}


def start(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "EMAIL_", "SOPLAN_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *(args or ("check",))],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "perhaps"),
        ("DATABASE_URL", "mysql://user@host/db"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//"),
        ("DJANGO_SECRET_KEY", "too-short"),
        ("DJANGO_CONN_MAX_AGE", "forever"),
        ("DJANGO_CACHE_URL", "memcached://cache:11211"),
        ("DATABASE_OWNER_URL", "postgres://owner:secret@db:5432/another"),  # must be the same database
        ("DATABASE_OWNER_URL", "sqlite:////tmp/owner.sqlite3"),
    ],
)
def test_a_bad_value_stops_the_start_and_names_the_variable(variable, value):
    result = start({**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_production_without_a_secret_key_does_not_start():
    env = dict(PRODUCTION)
    del env["DJANGO_SECRET_KEY"]
    result = start(env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_deployment_check_passes_under_production_variables():
    result = start(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


def test_the_embedded_default_needs_no_variables_at_all():
    result = start({"DJANGO_DEBUG": "true"}, "check")
    assert result.returncode == 0, result.stderr


def test_the_cache_is_the_brokers_redis_in_the_next_database_and_local_memory_without_one():
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'))"
    shared = start(PRODUCTION, "shell", "-c", code)
    assert shared.returncode == 0, shared.stderr
    assert shared.stdout.split()[-2:] == ["django_redis.cache.RedisCache", "redis://redis:6379/1"]
    chosen = start({**PRODUCTION, "DJANGO_CACHE_URL": "redis://cache:6379/4"}, "shell", "-c", code)
    assert chosen.stdout.split()[-2:] == ["django_redis.cache.RedisCache", "redis://cache:6379/4"]
    embedded = start({"DJANGO_DEBUG": "true"}, "shell", "-c", code)
    assert embedded.stdout.split()[-2:] == ["django.core.cache.backends.locmem.LocMemCache", "soplan"]


def test_mail_can_be_configured_the_usual_way_with_email_host():
    code = ("from django.conf import settings as s; "
            "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)")
    usual = {k: v for k, v in PRODUCTION.items() if k != "EMAIL_URL"}
    result = start({**usual, "EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "465"}, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-5:] == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.org",
                                          "465", "False", "True"]
    result = start({**usual, "EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "many"})
    assert result.returncode != 0 and "EMAIL_PORT" in result.stderr


def test_the_deployment_check_warns_when_mail_would_land_in_the_log_or_links_point_here():
    env = {k: v for k, v in PRODUCTION.items() if k not in {"EMAIL_URL", "SOPLAN_BASE_URL"}}
    result = start(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "soplan.W001" in result.stderr and "soplan.W002" in result.stderr


def test_the_placeholder_secret_of_the_example_file_is_refused():
    result = start({**PRODUCTION, "DJANGO_SECRET_KEY": "replace-me-with-50-or-more-random-characters-0123456789abcdef"})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_the_demo_is_not_loaded_outside_debug_with_the_well_known_password():
    env = {k: v for k, v in PRODUCTION.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    result = start(env, "seed_demo", "--quiet")
    assert result.returncode != 0
    assert "SOPLAN_DEMO_PASSWORD" in result.stderr


# `make run`: links in e-mails and the printed demo logins follow HOST and PORT ----------------------


def _make_run_dry(*assignments: str, env: dict[str, str] | None = None) -> list[str]:
    """The commands `make run` would start (dry run: nothing is set up or served)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SOPLAN_"))}
    result = subprocess.run(  # noqa: S603 - fixed argument lists
        ["make", "--dry-run", "--always-make", "run", *assignments],  # noqa: S607 - make from PATH
        cwd=ROOT, env={**clean, **(env or {})}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if "manage.py seed_demo" in line or "manage.py runserver" in line]


def test_make_run_points_e_mail_links_and_demo_logins_at_its_own_host_and_port():
    seed, serve = _make_run_dry("HOST=0.0.0.0", "PORT=8080")
    assert "SOPLAN_BASE_URL=http://0.0.0.0:8080 " in seed
    assert "SOPLAN_BASE_URL=http://0.0.0.0:8080 " in serve and serve.endswith("runserver 0.0.0.0:8080")


def test_make_run_keeps_a_base_url_that_is_set():
    seed, serve = _make_run_dry("PORT=8080", env={"SOPLAN_BASE_URL": "https://soplan.example.org"})
    assert "SOPLAN_BASE_URL=https://soplan.example.org " in seed and "SOPLAN_BASE_URL=https://soplan.example.org " in serve


def test_seed_demo_prints_the_address_the_links_use(monkeypatch, settings):
    from io import StringIO

    from django.core.management import call_command

    from soplan.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "seed", lambda: {"author": "opleidingsadviseur@example.test"})
    settings.SOPLAN_BASE_URL = "http://0.0.0.0:8080"
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Log in at http://0.0.0.0:8080/ with:" in out.getvalue()
    assert "8000" not in out.getvalue()


def test_the_app_role_is_the_user_of_database_url_when_an_owner_is_named():
    code = "from django.conf import settings as s; print(s.DATABASE_APP_ROLE, s.DATABASE_OWNER['USER'])"
    env = {**PRODUCTION, "DATABASE_URL": "postgres://soplan_app:a@db:5432/soplan",
           "DATABASE_OWNER_URL": "postgres://soplan:o@db:5432/soplan"}
    result = start(env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["soplan_app", "soplan"]
    alone = start(PRODUCTION, "shell", "-c", "from django.conf import settings as s; print(s.DATABASE_APP_ROLE)")
    assert alone.stdout.splitlines()[-1] == "None"



ENTRA = {  # Microsoft Entra ID, single tenant (docs/operations.md)
    "OIDC_RP_CLIENT_ID": "00000000-0000-0000-0000-000000000001",
    "OIDC_RP_CLIENT_SECRET": "a-client-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.microsoftonline.com/tenant-id/oauth2/v2.0/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.microsoftonline.com/tenant-id/oauth2/v2.0/token",
    "OIDC_OP_USER_ENDPOINT": "https://graph.microsoft.com/oidc/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.microsoftonline.com/tenant-id/discovery/v2.0/keys",
}


def test_organisation_sign_in_configured_completely_passes_the_deployment_check():
    result = start({**PRODUCTION, **ENTRA}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", ["OIDC_RP_CLIENT_SECRET", "OIDC_OP_JWKS_ENDPOINT"])
def test_organisation_sign_in_half_configured_does_not_start(missing):
    env = {**PRODUCTION, **ENTRA}
    del env[missing]
    result = start(env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_organisation_sign_in_refuses_plain_http_endpoints_in_production():
    result = start({**PRODUCTION, **ENTRA, "OIDC_OP_TOKEN_ENDPOINT": "http://idp.example.org/token"})
    assert result.returncode != 0
    assert "OIDC_OP_TOKEN_ENDPOINT" in result.stderr
