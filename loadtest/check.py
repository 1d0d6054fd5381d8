"""``python -m loadtest.check DOCUMENTS.json --wait 120 --output RESULT.json``: after a load run,
wait until every document the board members asked for is done, and fail unless each is ready
(a stored PDF) within the wait. Runs with the environment of the web process."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtest.check", description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", type=Path, help='{"documents": [[plan, document], ...]} from the locustfile')
    parser.add_argument("--wait", type=int, default=120, help="seconds to wait for the last ones (default 120)")
    parser.add_argument("--output", type=Path, help="write the counts here (JSON)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soplan.settings")
    import django

    django.setup()
    from plans.documents.models import DOCUMENT_DONE, Document, DocumentStatus

    ids = sorted({document for _plan, document in json.loads(args.documents.read_text())["documents"]})
    started = time.monotonic()
    deadline = started + args.wait
    while True:
        rows = list(Document.objects.filter(pk__in=ids).values("pk", "status", "reason", "sha256", "file"))
        pending = [r for r in rows if r["status"] not in DOCUMENT_DONE]
        if not pending or time.monotonic() > deadline:
            break
        time.sleep(1)
    ready = [r for r in rows if r["status"] == DocumentStatus.READY and r["file"] and r["sha256"]]
    failed = [r for r in rows if r["status"] == DocumentStatus.FAILED]
    result = {
        "requested": len(ids),
        "ready": len(ready),
        "failed": len(failed),
        "not_done": len(pending),
        "missing": len(ids) - len(rows),
        "waited_seconds": round(time.monotonic() - started, 1),
        "wait_limit_seconds": args.wait,
    }
    if args.output:
        args.output.write_text(json.dumps(result, indent=1))
    print(
        f"documents: {result['requested']} requested, {result['ready']} ready, {result['failed']} failed, "
        f"{result['not_done']} not done after {result['waited_seconds']} s (limit {args.wait} s)"
    )
    for row in failed:
        print(f"  document {row['pk']} failed: {row['reason']}")
    return 0 if ids and len(ready) == len(ids) else 1


if __name__ == "__main__":
    raise SystemExit(main())
