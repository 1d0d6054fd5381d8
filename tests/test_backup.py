"""A backup restores into a fresh database with its evidence intact (docs/operations.md, "Backups").

The procedure of the operations page, on the test database: pg_dump in the custom format and a
tar of the media folder; pg_restore into a new database and the tar into a new folder; then
``manage.py verify_evidence`` against the copy, connected as the app role as web and worker are.
PostgreSQL only (.ci/run's second stage).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from plans.approval import statements
from plans.models import BoardStatement, Decision, SignatureKind, StatementSignature
from tests import factories

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - fixed commands
        list(args), capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}, cwd=ROOT
    )
    assert result.returncode == 0, f"{args[0]}: {result.stderr}"
    return result


def test_a_restored_dump_verifies_clean(tmp_path, org, author, board_member, or_member, var_member, cr_member,
                                        django_capture_on_commit_callbacks):
    from plans.documents import services as documents

    plan = factories.complete_plan(org, author)
    version = factories.adopt(plan, author=author, board=board_member, councils=[or_member, var_member, cr_member])
    statement = statements.issue_statement(actor=board_member, plan=plan, year=2028, text="Verklaring.", objectives_met=True)
    statements.sign_statement(actor=or_member, statement=statement, body=org.bodies.get(kind="or"), decision=SignatureKind.COSIGNED)
    with django_capture_on_commit_callbacks(execute=True):
        document = documents.request_document(actor=author, plan=plan, version=version, kind="cover")
    document.refresh_from_db()
    assert document.file

    source = connection.settings_dict
    owner = settings.DATABASE_OWNER
    server = {"PGHOST": source["HOST"] or "127.0.0.1", "PGPORT": str(source["PORT"] or 5432),
              "PGUSER": owner["USER"], "PGPASSWORD": owner["PASSWORD"]}
    fresh = f"{source['NAME']}_restored"
    dump, media_tar, media = tmp_path / "soplan.dump", tmp_path / "media.tar.gz", tmp_path / "restored-media"

    # Back up, as docs/operations.md says.
    run("pg_dump", "--format=custom", f"--file={dump}", "--dbname", source["NAME"], env=server)
    run("tar", "-C", settings.MEDIA_ROOT, "-czf", str(media_tar), ".")
    # Restore into a new database and a new media folder.
    run("dropdb", "--if-exists", fresh, env=server)
    run("createdb", fresh, env=server)
    try:
        run("pg_restore", "--exit-on-error", "--dbname", fresh, str(dump), env=server)
        media.mkdir()
        run("tar", "-C", str(media), "-xzf", str(media_tar))
        app_url = (
            f"postgres://{source['USER']}:{source['PASSWORD']}@{server['PGHOST']}:{server['PGPORT']}/{fresh}"
        )
        verified = run(
            sys.executable, "manage.py", "verify_evidence",
            env={"DATABASE_URL": app_url, "MEDIA_ROOT": str(media), "DATABASE_OWNER_URL": ""},
        )
    finally:
        run("dropdb", "--if-exists", fresh, env=server)

    records = 1 + Decision.objects.count() + BoardStatement.objects.count() + StatementSignature.objects.count()
    assert f"evidence verified: {records} evidence records in the chains, 1 version snapshots, 1 document files" in verified.stdout
    assert "everything matches" in verified.stdout


def test_the_restore_tools_are_installed():
    # scripts/system-deps.sh installs postgresql-client with the server.
    assert all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "createdb", "dropdb", "tar"))
