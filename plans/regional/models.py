"""The region's shared action agenda (*doe-agenda*, seeds 001, 003): regional actions, the
members taking part, and the interventions members link to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.content.models import Horizon
from stakeholders.changes import Versioned
from stakeholders.models import Organisation, Region


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class RegionalAction(Versioned):
    """An action of the region's doe-agenda. Its owner is the member organisation that leads it
    (its history is kept in that organisation's audit log); R23: every action has an effect
    horizon."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_regional_actions"
    )
    participants = models.ManyToManyField(
        Organisation, verbose_name=_("member organisations taking part"), blank=True, related_name="regional_actions"
    )
    horizon = models.CharField(_("effect horizon"), max_length=10, choices=Horizon.choices)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region", "title", "pk"]
        verbose_name = _("regional action")
        verbose_name_plural = _("regional actions")

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation:
        return self.owner


class Contribution(models.Model):
    """A member's intervention linked to a regional action. What the region sees of it is copied
    from the member's adopted version when the author links it (code, title, years): never the
    live draft."""

    action = models.ForeignKey(RegionalAction, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="regional_contributions")
    version = models.ForeignKey("plans.PlanVersion", on_delete=models.PROTECT, related_name="+")
    intervention_code = models.CharField(max_length=10)
    title = models.CharField(_("title"), max_length=200)
    years = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    ORGANISATION_LOOKUP = "organisation"

    class Meta:
        ordering = ["organisation__name", "intervention_code"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "organisation", "intervention_code"], name="contribution_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intervention_code} {self.title}"
