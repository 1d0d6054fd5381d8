"""``manage.py verify_evidence``: recompute what the evidence promises and name what does not match.

* every plan's hash chain of versions, decisions, board statements and co-signatures
  (plans.evidence: each record's hash over its content, its pointer to the record before, its place);
* every version's snapshot against its SHA-256 (plans.approval.versions);
* every stored document's file against its SHA-256 (plans.documents.integrity);
* every evidence file of a yearly evaluation against its SHA-256 (plans.evaluation.evidence_files).

Exit status 0 when everything matches, 1 when anything does not (each finding on its own line).
Run it after a restore, and now and then from cron (docs/operations.md).
"""

from django.core.management.base import BaseCommand, CommandError

from plans.approval.versions import verify_snapshots
from plans.documents.integrity import verify_files
from plans.evaluation.evidence_files import verify_evidence_files
from plans.evidence import chain_models, verify_chains
from plans.models import Document, EvidenceFile, PlanVersion


class Command(BaseCommand):
    help = "Recompute the evidence hash chains, the version hashes and the document hashes; name what does not match."

    def handle(self, *args, **options):
        findings = [*verify_chains(), *verify_snapshots(), *verify_files(), *verify_evidence_files()]
        for finding in findings:
            self.stderr.write(f"MISMATCH {finding}")
        records = sum(model.objects.count() for model in chain_models())
        summary = (
            f"{records} evidence records in the chains, {PlanVersion.objects.count()} version snapshots, "
            f"{Document.objects.filter(file__gt='').count()} document files checked, "
            f"{EvidenceFile.objects.count()} evidence files"
        )
        if findings:
            raise CommandError(f"{len(findings)} mismatches; {summary}")
        self.stdout.write(f"evidence verified: {summary}; everything matches")
