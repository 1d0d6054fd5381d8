"""Start the test provider as its own process: ``with provider(folder, redirect_uris, people) as url``."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def provider(folder: Path, *, client_id: str, client_secret: str, redirect_uris: list[str],
             people: list[dict]) -> Iterator[str]:
    """Migrate a fresh SQLite file, make an RSA key, register the client and the people, and run
    the provider on a free loopback port until the block ends; yields its base URL."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PYTHONPATH": str(ROOT),
        "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_KEY_FILE": str(folder / "key.pem"),
    }
    django = [sys.executable, "-m", "django"]
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([*django, "migrate", "--noinput"], **run)
    uris = [arg for uri in redirect_uris for arg in ("--redirect-uri", uri)]
    subprocess.run(
        [*django, "seed", "--client-id", client_id, "--client-secret", client_secret, *uris,
         "--people", json.dumps(people)],
        **run,
    )
    port = free_port()
    log_path = folder / "provider.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [*django, "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if requests.get(f"{base}/o/.well-known/openid-configuration", timeout=2).ok:
                        break
                except requests.ConnectionError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the test OpenID Connect provider did not start:\n{log_path.read_text()}")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def configure(settings, base: str, *, client_id: str, client_secret: str) -> None:
    """Point soplan's settings at the provider, from its discovery document, as an operator would."""
    discovery = requests.get(f"{base}/o/.well-known/openid-configuration", timeout=5).json()
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = client_id
    settings.OIDC_RP_CLIENT_SECRET = client_secret
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
