"""Evidence files of an evaluation (R17): upload (the author, while the evaluation is open),
check what the file really is, store it like the documents, list it for the members.

The file is checked by its contents, not by what the browser says: a PDF starts with ``%PDF-``,
a PNG and a JPEG with their signatures and must open as an image, a .docx or .xlsx is an
Office Open XML package with its main part. Anything else, or a file over
``SOPLAN_EVIDENCE_MAX_BYTES``, is refused with a reason in Dutch. It is stored under a name of
our own with the SHA-256 of its bytes, and served only through a view that checks membership.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from plans.content.services import scope
from plans.evidence import Finding
from plans.rules import require
from plans.transitions import lock
from soplan import formats
from soplan.text import clean_text
from stakeholders import changes
from stakeholders.changes import DomainError

from .models import Evaluation, EvidenceFile

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _is_image(content: bytes, fmt: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            return image.format == fmt
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def _is_ooxml(content: bytes, main_part: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and main_part in names


def sniff(extension: str, content: bytes) -> bool:
    """Whether ``content`` is what its extension says."""
    if extension == "pdf":
        return content.startswith(b"%PDF-")
    if extension == "png":
        return content.startswith(b"\x89PNG\r\n\x1a\n") and _is_image(content, "PNG")
    if extension in ("jpg", "jpeg"):
        return content.startswith(b"\xff\xd8\xff") and _is_image(content, "JPEG")
    if extension in OOXML_MAIN_PART:
        return _is_ooxml(content, OOXML_MAIN_PART[extension])
    return False


def allowed_extensions_text() -> str:
    return ", ".join(sorted({e.upper() for e in CONTENT_TYPES} - {"JPEG"}))


def check_size(size: int) -> None:
    limit = settings.SOPLAN_EVIDENCE_MAX_BYTES
    if size > limit:
        raise DomainError(
            _("The file is larger than %(limit)s MB.") % {"limit": formats.number(limit // (1024 * 1024))}
        )


def upload(*, actor, evaluation: Evaluation, filename: str, content: bytes, objective_code: str = "",
           description: str = "") -> EvidenceFile:
    """Store one evidence file for ``evaluation`` (for one of its objectives, or the whole)."""
    require(actor, "plans.write_evaluation", evaluation.plan)
    name = clean_text(PurePath(filename.replace("\\", "/")).name).strip()[:200] or "bestand"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in CONTENT_TYPES:
        raise DomainError(
            _("Upload a file of one of these kinds: %(kinds)s.") % {"kinds": allowed_extensions_text()}
        )
    check_size(len(content))
    if not content:
        raise DomainError(_("The file is empty."))
    if not sniff(extension, content):
        raise DomainError(
            _("The file is not the %(kind)s its name says; it was not stored.") % {"kind": extension.upper()}
        )
    with transaction.atomic():
        plan = lock(evaluation.plan)
        evaluation = Evaluation.objects.get(pk=evaluation.pk)
        if evaluation.is_closed:
            raise DomainError(
                _("The evaluation of %(year)s is closed; it can no longer be changed.") % {"year": evaluation.year}
            )
        if objective_code and not plan.objectives.filter(code=objective_code).exists():
            raise DomainError(_("The objective belongs to another plan."))
        record = EvidenceFile(
            plan=plan, evaluation=evaluation, objective_code=objective_code,
            description=clean_text(description).strip()[:200], filename=name, extension=extension,
            content_type=CONTENT_TYPES[extension], size=len(content),
            sha256=hashlib.sha256(content).hexdigest(), uploaded_by=actor if actor.pk else None,
        )
        record.file.save(name, ContentFile(content), save=False)
        record.save()
        changes.record(actor=actor, organisation=plan.organisation, action="created", obj=record, scope=scope(plan))
    return record


def files_by_objective(files: list[EvidenceFile]) -> dict[str, list[EvidenceFile]]:
    """Files per objective code ("" for the evaluation as a whole), in upload order."""
    grouped: dict[str, list[EvidenceFile]] = {}
    for record in files:
        grouped.setdefault(record.objective_code, []).append(record)
    return grouped


def verify_evidence_files() -> list[Finding]:
    """Each evidence file whose stored bytes are missing or no longer give the SHA-256 recorded
    when it was uploaded (``manage.py verify_evidence``)."""
    findings = []
    for record in EvidenceFile.objects.order_by("pk").iterator():
        what = f"plans.EvidenceFile #{record.pk} (plan {record.plan_id}, evaluation {record.evaluation_id}, {record.file.name})"
        digest = hashlib.sha256()
        try:
            with record.file.open("rb") as stored:
                for chunk in iter(lambda stored=stored: stored.read(1 << 16), b""):
                    digest.update(chunk)
        except FileNotFoundError:
            findings.append(Finding(what, "its file is missing"))
            continue
        if digest.hexdigest() != record.sha256:
            findings.append(Finding(what, "its file does not match its SHA-256 (changed after it was uploaded)"))
    return findings
