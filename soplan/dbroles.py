"""Connecting as the owner of the tables, for the few things only the owner may do.

Web and worker processes connect as the app role (``DATABASE_URL``); ``manage.py migrate`` (and
the test database's set-up) switch the connection to ``DATABASE_OWNER_URL`` for their duration
(settings, "Two roles on PostgreSQL"). Without an owner URL nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


@contextmanager
def as_owner(using: str = "default") -> Iterator[None]:
    """Reconnect ``using`` as the owner until the block ends (then as before, reconnected)."""
    owner = settings.DATABASE_OWNER
    connection = connections[using]
    if owner is None or connection.vendor != "postgresql":
        yield
        return
    before = {key: connection.settings_dict[key] for key in CREDENTIALS}
    connection.close()
    connection.settings_dict.update(owner)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(before)
