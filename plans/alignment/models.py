"""Step 4, alignment with stakeholders (R6): consultation rounds, comments and team wishes."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.content.models import Intervention, Plan, PlanPart
from stakeholders.models import Organisation, Role, Unit


class Consultation(models.Model):
    """One consultation round (*afstemming*, step 4, R6): the author put the plan out for comments.

    The plan's status says whether it is in consultation now; these rows keep every round, with
    its message and closing date, so that the history shows when the plan was discussed.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultations")
    message = models.TextField(_("message to the people involved"), blank=True)
    closes_on = models.DateField(_("comments until"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_by_name = models.CharField(max_length=200, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_by_name = models.CharField(max_length=200, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    ORGANISATION_LOOKUP = "plan__organisation"

    class Meta:
        ordering = ["opened_at", "pk"]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(closed_at__isnull=True), name="consultation_one_open_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.title} ({self.opened_at:%Y-%m-%d})"

    @property
    def organisation(self) -> Organisation:
        return self.plan.organisation

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_past_closing_date(self) -> bool:
        return self.is_open and self.closes_on is not None and self.closes_on < timezone.localdate()


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    WISH = "wish", _("Team wish")


class Comment(PlanPart):
    """A comment on the live plan, or a line manager's team wish (*teamwens*) for one of their units.

    Comments are discussion, not plan text: they belong to the plan being drafted, never to a
    frozen version, and are not part of the snapshot or its hash. They stay as history after
    the plan moved on. ``section`` is a key of ``plans.completeness.SECTIONS`` (empty: the plan
    as a whole). The author handles a comment with a short reaction; a wish may become a learning
    intervention, to which it then points.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    # A comment of the board or a council on a yearly evaluation (R17) rather than on the draft
    # (a string reference: the evaluation package builds on this one). Those are not step 4's.
    evaluation = models.ForeignKey(
        "plans.Evaluation", verbose_name=_("yearly evaluation"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="comments",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    section = models.CharField(_("part of the plan"), max_length=20, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("written by"), max_length=200)
    author_role = models.CharField(_("in the role of"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    reaction = models.TextField(_("reaction"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_by_name = models.CharField(_("handled by"), max_length=200, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("learning intervention"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:80]}"

    def clean(self) -> None:
        # A wish names its unit when written; a unit removed later leaves the wish as history.
        if self.kind == CommentKind.WISH and self.unit_id is None and self._state.adding:
            raise ValidationError({"unit": _("A team wish is for one of your units: pick the unit.")})
        if self.unit_id and self.plan_id and self.unit.organisation_id != self.plan.organisation_id:
            raise ValidationError({"unit": _("A unit belongs to another organisation.")})
        if self.intervention_id and self.plan_id and self.intervention.plan_id != self.plan_id:
            raise ValidationError({"intervention": _("The intervention belongs to another plan.")})

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None

    @property
    def is_wish(self) -> bool:
        return self.kind == CommentKind.WISH

    @property
    def role_label(self) -> str:
        return str(Role(self.author_role).label) if self.author_role in Role.values else ""
