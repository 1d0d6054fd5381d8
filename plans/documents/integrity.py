"""Whether every stored document is still the file that was made (manage.py verify_evidence)."""

from __future__ import annotations

import hashlib

from plans.documents.models import Document, DocumentStatus
from plans.evidence import Finding


def file_sha256(document: Document) -> str:
    digest = hashlib.sha256()
    with document.file.open("rb") as stored:
        for chunk in iter(lambda: stored.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_files() -> list[Finding]:
    """Each ready document whose file is missing or no longer gives the SHA-256 recorded when
    it was stored."""
    findings = []
    for document in Document.objects.filter(status=DocumentStatus.READY).order_by("pk").iterator():
        owner = f"region {document.region_id}" if document.region_id else f"plan {document.plan_id}"
        what = f"plans.Document #{document.pk} ({document.kind}, {owner}, {document.file.name or 'no file'})"
        if not document.file:
            findings.append(Finding(what, "is ready but has no file"))
            continue
        try:
            actual = file_sha256(document)
        except FileNotFoundError:
            findings.append(Finding(what, "its file is missing"))
            continue
        if actual != document.sha256:
            findings.append(Finding(what, "its file does not match its SHA-256 (changed after it was stored)"))
    return findings
