"""Step 6 after adoption: the yearly evaluation of the plan (R17, seed 000 chapter 6).

Per plan year the L&D adviser records how far every objective was realised, with the measured
value of its indicator and the evidence; per theme whether it needs extra attention; the
conclusions and attention points; and whether a development changes the strategic plan itself
(a change with fresh consent, art. 27 WOR) or only the operational year plan. The councils and
the board read it. The next year's board statement (R11) is drawn from it (``services``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.content.models import YEAR_VALIDATORS, Objective, Plan, PlanPart, Theme
from plans.evidence import AppendOnly
from stakeholders.models import Organisation


class Realisation(models.TextChoices):
    REALISED = "realised", _("Realised")
    PARTLY = "partly", _("Partly realised")
    NOT_REALISED = "not_realised", _("Not realised")


class Evidence(models.TextChoices):
    """How the result was measured (seed 000 chapter 6)."""

    SURVEY = "survey", _("Employee survey (MTO)")
    APPRAISAL = "appraisal", _("Appraisal talks")
    SICK_LEAVE = "sick_leave", _("Sick leave figures")
    NARRATIVE = "narrative", _("Narrative methods")
    REGISTRATION = "registration", _("Training registration")
    OTHER = "other", _("Other")


class PlanChange(models.TextChoices):
    """What the evaluation's developments mean for the plan."""

    NONE = "none", _("No change needed")
    YEAR_PLAN = "year_plan", _("Only the operational year plan changes")
    STRATEGIC = "strategic", _("The strategic plan changes (fresh consent, art. 27 WOR)")


class Evaluation(PlanPart):
    """The evaluation of one plan year. ``closed_at`` set: final, the statement may draw on it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    conclusions = models.TextField(_("conclusions"), blank=True)
    attention_points = models.TextField(_("attention points for the coming year"), blank=True)
    plan_change = models.CharField(
        _("consequence for the plan"), max_length=12, choices=PlanChange.choices, default=PlanChange.NONE
    )
    plan_change_reason = models.TextField(_("which development, and why"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "year"]
        verbose_name = _("yearly evaluation")
        verbose_name_plural = _("yearly evaluations")
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="evaluation_year_unique")]

    def __str__(self) -> str:
        return f"{self.plan.title} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("plans:evaluation", kwargs={"plan": self.plan_id, "year": self.year})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ObjectiveResult(PlanPart):
    """R17: how far one objective was realised in the evaluated year, and how that is known."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="objective_results")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="results")
    result = models.CharField(_("result"), max_length=12, choices=Realisation.choices)
    measured = models.CharField(
        _("measured value"), max_length=300, blank=True,
        help_text=_("The indicator's value this year, next to its target."),
    )
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    note = models.TextField(_("explanation"), blank=True)

    LIST_CHOICES = {"evidence": Evidence}

    class Meta:
        ordering = ["objective__theme__position", "objective__position", "objective__pk"]
        verbose_name = _("result of an objective")
        verbose_name_plural = _("results of the objectives")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "objective"], name="objective_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.objective.code} {self.evaluation.year}: {self.get_result_display()}"

    @property
    def evidence_labels(self) -> list[str]:
        return [str(Evidence(value).label) for value in self.evidence if value in Evidence.values]

    def clean(self) -> None:
        errors = {}
        if self.objective_id and self.plan_id and self.objective.plan_id != self.plan_id:
            errors["objective"] = _("The objective belongs to another plan.")
        unknown = set(self.evidence) - set(Evidence.values)
        if unknown:
            errors["evidence"] = _("Unknown value: %(v)s") % {"v": ", ".join(sorted(map(str, unknown)))}
        if errors:
            raise ValidationError(errors)


class ThemeReview(PlanPart):
    """Per theme: does it need extra attention in the coming year?"""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="theme_reviews")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="reviews")
    needs_attention = models.BooleanField(_("needs extra attention"), default=False)
    note = models.TextField(_("explanation"), blank=True)

    class Meta:
        ordering = ["theme__position", "theme__pk"]
        verbose_name = _("review of a theme")
        verbose_name_plural = _("reviews of the themes")
        constraints = [models.UniqueConstraint(fields=["evaluation", "theme"], name="theme_review_unique")]

    def __str__(self) -> str:
        return f"{self.theme.code} {self.evaluation.year}"


def evidence_file_path(evidence: EvidenceFile, filename: str) -> str:
    # A name of our own (never the uploader's), never under a public URL: downloads go through
    # a view that checks the reader's membership (plans.evaluation.views.evidence_download).
    return f"evidence/plan-{evidence.plan_id}/{evidence.evaluation.year}/{uuid.uuid4().hex}.{evidence.extension}"


class EvidenceFile(AppendOnly):
    """R17: a file that shows a result (a survey report, a sick-leave export, a photo of a flip
    chart), uploaded for one objective or for the evaluation as a whole.

    Evidence: kept as uploaded, with the SHA-256 of its bytes, never changed or removed
    (append-only; protected in the database like the other evidence, plans.protection).
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="evidence_files")
    # The objective's code when the file belongs to one (empty: the evaluation as a whole). A
    # code rather than a key: the record outlives later changes of the plan's objectives.
    objective_code = models.CharField(_("objective"), max_length=12, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    file = models.FileField(upload_to=evidence_file_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    ORGANISATION_LOOKUP = "plan__organisation"

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return f"{self.evaluation} {self.objective_code or '-'}: {self.filename}"

    @property
    def organisation(self) -> Organisation:
        return self.plan.organisation
