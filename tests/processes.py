"""Helpers for the tests that start real processes (Redis, a worker, gunicorn, PostgreSQL)."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[1]  # where manage.py is


def free_port() -> int:
    """A loopback port that was free a moment ago: nobody listens there."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(what: str, check, timeout: float = 30):
    """Poll ``check`` until it returns something true (returned), or fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    pytest.fail(f"{what} not within {timeout} s")


def shared_database_url() -> str | None:
    """The URL of the test database, for a process of its own (a worker, a web server); None for
    an in-memory SQLite database, which no other process can open."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        if not name or name == ":memory:" or "mode=memory" in name:
            return None
        return f"sqlite:///{name}"
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"
