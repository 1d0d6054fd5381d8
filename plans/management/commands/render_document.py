"""``manage.py render_document``: render a document through the same code path as the web page.

    render_document VERSION_ID --kind plan|cover|statement [-o FILE]
    render_document --draft PLAN_ID --kind plan [-o FILE]      # the live plan, printed CONCEPT

The request goes through plans.documents.request_document and the Celery task
(plans.tasks.render_document): eagerly in the embedded default, through the worker when
CELERY_BROKER_URL is set (the command then waits for the worker, up to --timeout seconds).
A document that was made before for the same version, kind, language and template is
returned as stored, without rendering again.
"""

from __future__ import annotations

import shutil
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plans.content.models import Plan, PlanVersion
from plans.documents import services as documents
from plans.documents.models import DocumentKind, DocumentStatus
from stakeholders.changes import DomainError


class Command(BaseCommand):
    help = "Render a plan document (PDF) through the Celery task the web uses."

    def add_arguments(self, parser):
        parser.add_argument("version_id", nargs="?", type=int, help="Id of a frozen plan version.")
        parser.add_argument("--draft", type=int, metavar="PLAN_ID",
                            help="Render the live plan with this id (a concept) instead of a version.")
        parser.add_argument("--kind", required=True, choices=DocumentKind.values)
        parser.add_argument("-o", "--output", help="Copy the PDF to this file ('-' for standard output).")
        parser.add_argument("--timeout", type=int, default=600,
                            help="Seconds to wait for a worker (only with a broker).")

    def handle(self, *args, version_id=None, draft=None, kind, output=None, timeout=600, **options):
        if (version_id is None) == (draft is None):
            raise CommandError("Give either a version id or --draft PLAN_ID.")
        if draft is not None:
            plan = Plan.objects.select_related("organisation").filter(pk=draft).first()
            if plan is None:
                raise CommandError(f"No plan with id {draft}.")
            version = None
        else:
            version = PlanVersion.objects.select_related("plan__organisation").filter(pk=version_id).first()
            if version is None:
                raise CommandError(f"No plan version with id {version_id}.")
            plan = version.plan
        try:
            document = documents.request_document(actor=None, plan=plan, version=version, kind=kind)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

        deadline = time.monotonic() + timeout
        document.refresh_from_db()
        while not document.is_done:
            if settings.CELERY_TASK_ALWAYS_EAGER or time.monotonic() > deadline:
                break
            time.sleep(0.5)
            document.refresh_from_db()
            documents.refresh_stale(document)
        if document.status != DocumentStatus.READY:
            raise CommandError(
                f"Document {document.pk} is {document.status}: {document.reason or 'no worker answered in time'}"
            )
        self.stderr.write(
            f"Document {document.pk}: {document.filename}, {document.page_count} pages, "
            f"{document.size} bytes, sha256 {document.sha256}"
        )
        if output == "-":
            with document.file.open("rb") as handle:
                shutil.copyfileobj(handle, sys.stdout.buffer)
        elif output:
            with document.file.open("rb") as handle, open(output, "wb") as target:
                shutil.copyfileobj(handle, target)
            self.stderr.write(f"Wrote {output}.")
