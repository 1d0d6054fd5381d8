"""soplan settings: one module, driven by environment variables only.

Two run-time shapes share this file (see README, "Configuration"):

* the embedded default (`make run`, `make test`): nothing set, SQLite in ``var/``, Celery tasks
  run eagerly in-process, e-mail to the console, media on local disk;
* production (docker-compose): ``DATABASE_URL`` points at PostgreSQL, ``CELERY_BROKER_URL`` at
  Redis, and ``DJANGO_SECRET_KEY`` / ``DJANGO_ALLOWED_HOSTS`` are set.

A bad value stops the process at start with a message that names the variable.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()


def _env(parse, name: str, **kwargs):
    """Read one variable; turn any parse error into a message that names the variable."""
    try:
        return parse(name, **kwargs)
    except ImproperlyConfigured:
        raise
    except Exception as exc:  # noqa: BLE001 - environ raises ValueError, KeyError, …
        raise ImproperlyConfigured(f"{name}: cannot use {os.environ.get(name)!r} ({exc})") from exc


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _bool(name: str, *, default: bool) -> bool:
    """Strict yes/no: a typo such as DJANGO_DEBUG=ture must not silently mean "off"."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, not {raw!r}")


DEBUG: bool = _bool("DJANGO_DEBUG", default=False)

# HTTPS hardening is on whenever DEBUG is off; a deployment that terminates TLS elsewhere and
# talks plain HTTP to a trusted proxy still wants it (the proxy sets X-Forwarded-Proto).
HTTPS: bool = _bool("DJANGO_HTTPS", default=not DEBUG)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY: must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    SECRET_KEY = "django-insecure-embedded-default-only-for-local-development"  # noqa: S105 - DEBUG only
elif not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY: use at least 50 characters in production")
elif not DEBUG and "replace-me" in SECRET_KEY.lower():
    raise ImproperlyConfigured("DJANGO_SECRET_KEY: still the placeholder of .env.example; generate a real key")

ALLOWED_HOSTS: list[str] = _env(
    env.list, "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS: list[str] = _env(env.list, "DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "soplan",
    "stakeholders",
    "plans",
    "budgets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "soplan.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the password, the authenticator app's code (when the person has set one up).
    "stakeholders.middleware.SecondFactorSignInMiddleware",
    "stakeholders.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside MessageMiddleware: "e-mails and documents will follow" when the broker is down.
    "soplan.middleware.DeferredWorkMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "soplan.urls"
WSGI_APPLICATION = "soplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stakeholders.context_processors.current_organisation",
                "plans.context_processors.notifications",
                "plans.context_processors.regions",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": _env(env.db_url, "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the eager PDF task and the web request share the file without "database locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
    # Tests use a file too: the live server of the browser tests then opens its own
    # connections instead of sharing the test thread's in-memory one.
    # DJANGO_TEST_DATABASE_NAME names another file, for two test runs side by side.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DJANGO_TEST_DATABASE_NAME") or str(VAR_DIR / "test-db.sqlite3")}
elif DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.postgresql",
    "django.db.backends.postgresql_psycopg2",
}:
    raise ImproperlyConfigured("DATABASE_URL: soplan supports PostgreSQL (or SQLite when unset)")
DATABASES["default"]["CONN_MAX_AGE"] = _env(env.int, "DJANGO_CONN_MAX_AGE", default=0)
# A kept connection is checked before a request uses it, so that a database restart (which ends
# every open connection) costs a reconnect, not a 500 per web worker (tests/test_database_restart.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Tests only: the name of the PostgreSQL test database (pytest-django creates and drops it), so
# that a separate Celery worker started by .ci/run can be pointed at the very same database.
# (For SQLite, above: the test database file.)
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" and os.environ.get(
    "DJANGO_TEST_DATABASE_NAME"
):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DJANGO_TEST_DATABASE_NAME"]}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Two roles on PostgreSQL (docs/operations.md, "Database roles"). Web and worker connect with
# DATABASE_URL, as a role that owns nothing and may only read and append evidence; `manage.py
# migrate` connects as the owner of the tables, DATABASE_OWNER_URL (the same database, another
# user), and then grants the role of DATABASE_URL what it may do (plans.protection). Unset, one
# role does everything (SQLite, or an installation from before the split).
DATABASE_OWNER = None
DATABASE_APP_ROLE = None
if os.environ.get("DATABASE_OWNER_URL"):
    _owner = _env(env.db_url, "DATABASE_OWNER_URL")
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" or _owner["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_OWNER_URL: only for PostgreSQL, next to a PostgreSQL DATABASE_URL")
    if _owner["NAME"] != DATABASES["default"]["NAME"]:
        raise ImproperlyConfigured("DATABASE_OWNER_URL: must name the same database as DATABASE_URL")
    DATABASE_OWNER = {key: _owner[key] for key in ("USER", "PASSWORD", "HOST", "PORT")}
    if _owner["USER"] != DATABASES["default"]["USER"]:
        DATABASE_APP_ROLE = DATABASES["default"]["USER"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses every login attempt for a name that failed too often (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Organisation accounts (OpenID Connect); does nothing while OIDC_RP_CLIENT_ID is unset.
    "stakeholders.oidc.Backend",
]
# Password guessing: after AXES_FAILURE_LIMIT wrong passwords for one user name from one address,
# that combination is locked out for the cool-off time; a successful login resets the count.
# Behind a proxy every request comes from the proxy's address, which makes the lock per name.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A flat cool-off: attempts during a lock-out do not extend it (the pages promise 15 minutes).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Only failed attempts are needed to throttle; no log of every login (personal data, unbounded).
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Password guessing only: a refused organisation sign-in (OpenID Connect) is not counted, or ten
# strangers behind the proxy's one address would lock everybody's organisation sign-in out.
# Nothing can be guessed there: the provider checks the password, the code is single-use and
# bound to this browser's session (state, nonce, PKCE).
AXES_WHITELIST_CALLABLE = "stakeholders.oidc.not_a_password_attempt"
# Second factor (django-otp; docs/security.md "Strong sign-in for those who sign"): an
# organisation may require it of those who sign. Wrong codes are throttled per device with
# exponential back-off (1, 2, 4, … seconds, at most an hour after many failures), for the
# authenticator app (TOTP) and the recovery codes alike.
OTP_TOTP_ISSUER = "soplan"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_RECOVERY_THROTTLE_FACTOR = 1
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sign in with the organisation's accounts: OpenID Connect (mozilla-django-oidc), off unless
# OIDC_RP_CLIENT_ID is set. A person is only matched, by verified e-mail address, to an account
# somebody invited; nobody is created and nobody gets roles (stakeholders.oidc). Local passwords
# keep working. The variables are the library's own setting names (docs/operations.md).
OIDC_RP_CLIENT_ID: str = _env(env.str, "OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET: str = _env(env.str, "OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT: str = _env(env.str, "OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT: str = _env(env.str, "OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT: str = _env(env.str, "OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT: str = _env(env.str, "OIDC_OP_JWKS_ENDPOINT", default="")
if OIDC_ENABLED:
    _oidc_missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _oidc_missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set, so these are needed too: {', '.join(_oidc_missing)}")
    # Codes, tokens and keys travel over these: never plain HTTP outside development and tests.
    _oidc_plain = [
        name
        for name in ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT")
        if HTTPS and not globals()[name].startswith("https://")
    ]
    if _oidc_plain:
        raise ImproperlyConfigured(f"{', '.join(_oidc_plain)}: must be https:// addresses")
# The ID token is signed with the provider's RSA key (Entra ID: RS256), checked against its JWKS.
OIDC_RP_SIGN_ALGO: str = _env(env.str, "OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # never: only invited accounts sign in
OIDC_TIMEOUT = 10
OIDC_CALLBACK_CLASS = "stakeholders.oidc.CallbackView"
OIDC_AUTHENTICATE_CLASS = "stakeholders.oidc.AuthenticateView"

# Language: Dutch first, English second; each user picks theirs (stakeholders.UserProfile).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# Static files: our own in static/, third-party assets from node_modules (installed, pinned,
# by `make setup` from package-lock.json; never committed).
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/source-sans-3", NODE_MODULES / "@fontsource" / "source-sans-3"),
]
MEDIA_ROOT = Path(_env(env.str, "MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: to the console unless EMAIL_URL (smtp://user:pass@host:587, …) or, the usual way,
# EMAIL_HOST (with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL) is set.
# filemail:////abs/dir writes each message to a file in /abs/dir (four slashes: django-environ
# drops the first one of the path); .ci/run uses it to watch what the Celery worker sends.
if os.environ.get("EMAIL_URL") or not os.environ.get("EMAIL_HOST"):
    _email = _env(env.email_url, "EMAIL_URL", default="consolemail://")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    for _key in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_FILE_PATH"):
        if _email.get(_key):
            globals()[_key] = _email[_key]
    EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
    EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = _env(env.int, "EMAIL_PORT", default=587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = _bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL: choose one")
DEFAULT_FROM_EMAIL = _env(env.str, "DJANGO_DEFAULT_FROM_EMAIL", default="soplan <noreply@localhost>")

# Celery: a real Redis broker when CELERY_BROKER_URL is set, otherwise tasks run eagerly.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
if CELERY_BROKER_URL and not CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("CELERY_BROKER_URL: expected a redis:// or rediss:// URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Nothing is sent anywhere; the in-memory transport keeps kombu from looking for a server.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True  # task state lives in our own tables, not a result backend
CELERY_TASK_ACKS_LATE = True  # a task lost with its worker is delivered again …
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # … including when the worker is killed (OOM)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long PDF renders must not queue up behind one worker
CELERY_TASK_SOFT_TIME_LIMIT = _env(env.int, "CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = _env(env.int, "CELERY_TASK_TIME_LIMIT", default=300)
# WeasyPrint does not hand memory back to the OS; recycle a child once it grew past this (KiB).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = _env(
    env.int, "CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000
)
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message whose worker died unacknowledged (kill -9 of the whole worker) goes back to the queue
# after the visibility timeout: just above the hard time limit (+30 s), so no live task is delivered
# twice and a lost one is redelivered within minutes (not Redis' default hour).
# After it, the worker looks for such messages every 5 s (kombu's default is every 100 s). So a
# render whose worker was killed starts again within visibility_timeout + 5 s; the document row
# is claimed by one task at a time (plans.documents.render_and_store), so it completes once.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _env(env.int, "CELERY_BROKER_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 30),
    "unacked_restore_interval": 5,
    "unacked_restore_throttle": 1,
}
# Broker down: fail the hand-over fast (the work stays in the outbox rows, see soplan/queue.py)
# instead of holding the user's request while kombu retries.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Celery beat (docker-compose's "beat" service): hands over what the broker refused, requeues
# documents left "queued" without a task or "rendering" by a worker that died.
CELERY_BEAT_SCHEDULE = {
    "hand-over-pending": {
        "task": "plans.hand_over_pending",
        "schedule": _env(env.int, "SOPLAN_HAND_OVER_INTERVAL", default=60),
    },
}
CELERY_TASK_DEFAULT_QUEUE = "soplan"
CELERY_TIMEZONE = TIME_ZONE

# Django's cache: what pages keep per state of a plan (stakeholders.freshness). Shared by every
# web and worker process through Redis when there is one (DJANGO_CACHE_URL, or by default the
# broker's Redis server with the next database number, so that clearing the cache never touches
# the queue); local memory in the embedded default, which is one process.
DJANGO_CACHE_URL = os.environ.get("DJANGO_CACHE_URL", "")
if not DJANGO_CACHE_URL and CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    _broker = urlsplit(CELERY_BROKER_URL)
    _database = int(_broker.path.strip("/") or 0)
    DJANGO_CACHE_URL = urlunsplit(_broker._replace(path=f"/{_database + 1}"))
if DJANGO_CACHE_URL:
    if not DJANGO_CACHE_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured("DJANGO_CACHE_URL: expected a redis:// or rediss:// URL")
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DJANGO_CACHE_URL,
            "KEY_PREFIX": "soplan",
            "OPTIONS": {
                # A cache that is down makes pages slower, never fail: they compute afresh.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # the log says when pages ran without their cache
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "soplan"}}

# Forms and front end.
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security. Cookies and redirects follow HTTPS; the rest holds everywhere.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx gets the token from data-hx-headers in the page, not the cookie
CSRF_FAILURE_VIEW = "soplan.views.csrf_failure"  # our page, in the user's language, with a way back
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of soplan uses, switched off for every page (soplan.middleware).
PERMISSIONS_POLICY: dict[str, list[str]] = {"camera": [], "microphone": [], "geolocation": [], "payment": []}


def _inline_style_source(template: Path) -> str:
    """The CSP source that allows exactly the one <style> of a self-contained page (500.html,
    which Django renders without a request, so without a nonce)."""
    css = re.search(r"<style>(.*?)</style>", template.read_text(encoding="utf-8"), re.S)
    if css is None:
        raise ImproperlyConfigured(f"{template} has no <style> element any more; drop its CSP hash")
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.group(1).encode()).digest()).decode() + "'"


# Content-Security-Policy (django-csp): our own scripts, styles, fonts and images only. No inline
# script or style (htmx is told not to add one, base.html), no eval, no plugins, no framing.
# Bootstrap's icons in form controls are data: SVG images; htmx talks to this site only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", _inline_style_source(BASE_DIR / "templates" / "500.html")],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes inside the container network speak plain HTTP

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # In the embedded default every task runs in the web process; one log line per task
        # is noise there, while a worker (production) keeps logging them.
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
        # WeasyPrint logs every layout step at INFO; keep its warnings (refused URLs, CSS errors).
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes: lock-outs are warnings; each failed attempt is in its AccessAttempt table.
        "axes": {"level": "WARNING"},
    },
}

# soplan's own knobs.
SOPLAN_DEMO_PASSWORD = os.environ.get("SOPLAN_DEMO_PASSWORD", "soplan-demo-2027")

# The address of this site, for links in e-mails sent outside a request (notifications).
SOPLAN_BASE_URL = _env(env.str, "SOPLAN_BASE_URL", default="http://127.0.0.1:8000")
if not SOPLAN_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("SOPLAN_BASE_URL: expected an http:// or https:// address")
# A PDF still waiting for a worker after this many seconds is shown as failed (plans.documents).
SOPLAN_DOCUMENT_QUEUE_TIMEOUT = _env(env.int, "SOPLAN_DOCUMENT_QUEUE_TIMEOUT", default=900)
# The largest evidence file an author may upload to an evaluation (R17), in bytes.
SOPLAN_EVIDENCE_MAX_BYTES = _env(env.int, "SOPLAN_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# The outbox (soplan/queue.py): a notification not e-mailed, or a document still "queued", this
# many seconds after it was written is handed to the broker again (by the beat task, or when the
# document is asked for again); the task claims its row, so a second hand-over does nothing twice.
SOPLAN_OUTBOX_GRACE = _env(env.int, "SOPLAN_OUTBOX_GRACE", default=60)
# Notifications older than this are no longer e-mailed by the sweep (the app still shows them).
SOPLAN_OUTBOX_MAX_AGE = _env(env.int, "SOPLAN_OUTBOX_MAX_AGE", default=7 * 24 * 3600)
# Test-only: seconds every render sleeps first (the worker-kill test needs a render to interrupt).
SOPLAN_TEST_RENDER_DELAY = _env(env.float, "SOPLAN_TEST_RENDER_DELAY", default=0.0)
