#!/usr/bin/env python3
"""Container health check for the web service: GET /healthz on the local gunicorn.

Exit 0 when it answers 200 (database and broker reachable), 1 otherwise. The request carries a
Host header Django accepts: the first entry of DJANGO_ALLOWED_HOSTS (a leading dot, as in
".example.org", is dropped; "*" becomes "localhost").
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

port = os.environ.get("PORT", "8000")
hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",") if h.strip()]
host = (hosts[0] if hosts else "localhost").lstrip(".").replace("*", "localhost") or "localhost"
request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - fixed local URL
        print(response.read().decode())
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as exc:
    print(f"unhealthy: {exc}")
    sys.exit(1)
