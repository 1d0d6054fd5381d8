"""The PDF documents rendered from a frozen version: plan, cover sheet, board statement."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.content.models import Plan, PlanVersion
from stakeholders.models import Organisation


class DocumentKind(models.TextChoices):
    """The documents a plan is printed as (design.md "How data flows" 4; R10, R11)."""

    PLAN = "plan", _("Plan (PDF)")
    COVER = "cover", _("Cover sheet for the zorgkantoor")
    STATEMENT = "statement", _("Board statement")
    EVALUATION = "evaluation", _("Evaluation report")
    REGIONAL = "regional", _("Regional monitor")


# The kinds printed from a plan version (or the live draft); the evaluation report is printed
# from a closed evaluation's own frozen snapshot (plans.evaluation.report); the regional monitor
# from a frozen snapshot of what a region's members share (plans.regional.report).
PLAN_KINDS = (DocumentKind.PLAN, DocumentKind.COVER, DocumentKind.STATEMENT)


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


DOCUMENT_DONE = frozenset({DocumentStatus.READY, DocumentStatus.FAILED})


def document_path(document: Document, filename: str) -> str:
    # Never under a public URL: downloads go through a view that checks the reader's rights.
    if document.region_id is not None:
        return f"documents/region-{document.region_id}/{document.key[:16]}.pdf"
    return f"documents/plan-{document.plan_id}/{document.key[:16]}.pdf"


class Document(models.Model):
    """A PDF made from a plan: from a frozen version, or from the live draft (printed CONCEPT);
    or the report of a closed evaluation, from that evaluation's snapshot (kept in ``inputs``);
    or a region's monitor, from a snapshot of what its members share (``region`` set, no plan).

    ``key`` identifies what was asked for: the snapshot's hash, the kind, the template revision,
    the language and everything else that is printed (status, decisions, year). The same key
    gives the same document, so a second request returns the stored one (plans.documents).
    ``inputs`` keeps what the renderer needs besides a version's snapshot, as it was when the
    document was requested, so that the PDF shows exactly that state.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="documents")
    # The regional monitor belongs to a region, not to a plan (exactly one of the two is set).
    region = models.ForeignKey(
        "stakeholders.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    # An evaluation report: the closed evaluation it prints (a string reference: the evaluation
    # package builds on this one, not the other way round).
    evaluation = models.ForeignKey(
        "plans.Evaluation", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=12, choices=DocumentKind.choices)
    language = models.CharField(_("language"), max_length=2)
    template_revision = models.CharField(max_length=40)
    snapshot_sha256 = models.CharField(_("plan hash"), max_length=64)
    key = models.CharField(max_length=64, unique=True)
    inputs = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    reason = models.TextField(_("reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=document_path, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    ORGANISATION_LOOKUP = "plan__organisation"

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["plan", "kind", "-requested_at"], name="document_plan_kind")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan__isnull=False, region__isnull=True)
                | models.Q(plan__isnull=True, region__isnull=False),
                name="document_plan_or_region",
            )
        ]

    def __str__(self) -> str:
        if self.region_id is not None:
            return f"{self.get_kind_display()} {self.region.name} {(self.inputs or {}).get('year', '')}"
        which = f"v{self.version.number}" if self.version_id else (
            str(self.evaluation.year) if self.evaluation_id else "concept")
        return f"{self.get_kind_display()} {self.plan.title} {which}"

    @property
    def organisation(self) -> Organisation | None:
        return self.plan.organisation if self.plan_id is not None else None

    @property
    def is_draft(self) -> bool:
        return self.version_id is None and self.evaluation_id is None and self.region_id is None

    @property
    def is_done(self) -> bool:
        return self.status in DOCUMENT_DONE

    @property
    def short_hash(self) -> str:
        return self.snapshot_sha256[:12]
