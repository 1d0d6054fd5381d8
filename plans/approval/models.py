"""Evidence of step 6: decisions on a frozen version, consent requests, the zorgkantoor
submission and the yearly board statement with its signatures. Append-only (R9, R10, R11)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.content.models import YEAR_VALIDATORS, Plan, PlanVersion
from plans.evidence import AppendOnly, AppendOnlyQuerySet, Evidence, ImmutableRecordError  # noqa: F401 - re-exported
from stakeholders.models import Organisation


class DecisionKind(models.TextChoices):
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with reasons")
    CONSENTED = "consented", _("Consent")
    CONSENTED_WITH_CONDITIONS = "consented_with_conditions", _("Consent with conditions")
    REFUSED = "refused", _("Consent refused")


BOARD_DECISIONS = (DecisionKind.APPROVED, DecisionKind.RETURNED)
CONSENT_DECISIONS = (
    DecisionKind.CONSENTED,
    DecisionKind.CONSENTED_WITH_CONDITIONS,
    DecisionKind.REFUSED,
)
POSITIVE_DECISIONS = frozenset(
    {DecisionKind.APPROVED, DecisionKind.CONSENTED, DecisionKind.CONSENTED_WITH_CONDITIONS}
)


class DecisionRecord(Evidence):
    """What every recorded decision keeps: who, in which body and position, when, from where,
    and the hash of the plan version it is about (design.md "How data flows" 3). Each is a
    link in its plan's hash chain (plans.evidence)."""

    body = models.ForeignKey("stakeholders.Body", on_delete=models.PROTECT, related_name="+")
    body_kind = models.CharField(_("body"), max_length=10)
    body_name = models.CharField(_("name of the body"), max_length=200)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("recorded by"), max_length=200)
    position = models.CharField(_("position"), max_length=12)
    version_sha256 = models.CharField(_("plan hash"), max_length=64)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    # Whether the person had confirmed this session with a second factor (an authenticator app
    # or a recovery code) when recording this step. Every new record says True or False; the
    # records sealed before the field existed hold None, which plans.evidence leaves out of the
    # chained content, so their chains still verify, and a later change of the flag is named.
    second_factor = models.BooleanField(_("with second factor"), null=True, blank=True, default=None)

    class Meta:
        abstract = True

    @property
    def short_hash(self) -> str:
        return self.version_sha256[:12]

    @property
    def position_label(self) -> str:
        from stakeholders.models import BodyPosition

        return str(BodyPosition(self.position).label) if self.position in BodyPosition.values else self.position


class Decision(DecisionRecord):
    """The board's decision on a submitted version, or a council's decision on consent (R9).

    One per body and version: a second decision of the same body on the same version is
    refused by the unique constraint, whatever happens above it.
    """

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=32, choices=DecisionKind.choices)
    text = models.TextField(
        _("note, conditions or reasons"),
        blank=True,
        help_text=_("The board's note or reasons; a council's conditions or reasons for refusal."),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    ORGANISATION_LOOKUP = "version__plan__organisation"
    CHAIN_PLAN = "version__plan"

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["version", "body"], name="decision_once_per_body_and_version")
        ]

    def __str__(self) -> str:
        return f"{self.body_name}: {self.get_decision_display()} ({self.short_hash})"

    @property
    def organisation(self) -> Organisation:
        return self.version.plan.organisation

    @property
    def is_positive(self) -> bool:
        return self.decision in POSITIVE_DECISIONS


class ConsentReason(models.TextChoices):
    """Why a body must consent; derived from the organisation and the version, never typed (R9, R10)."""

    WORKS_COUNCIL = "wor27", _("Always: art. 27 WOR (R9)")
    HAS_VAR = "has_var", _("The organisation has a VAR (R9)")
    EXTRA_MIDDELEN = "extra_middelen", _(
        "The plan claims the extra middelen Wlz; the zorgkantoor checks the client council's signature (R10)"
    )
    ALWAYS_CR = "always_cr", _("The organisation always asks its client council")


class ConsentRequest(AppendOnly):
    """Consent asked from one body for one version, with the date by which it should answer."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="consent_requests")
    body = models.ForeignKey("stakeholders.Body", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("why this body decides"), max_length=20, choices=ConsentReason.choices)
    deadline = models.DateField(_("answer before"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    ORGANISATION_LOOKUP = "version__plan__organisation"

    class Meta:
        ordering = ["version", "body__kind"]
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")
        constraints = [
            models.UniqueConstraint(fields=["version", "body"], name="consent_request_once_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.body} – {self.version}"

    @property
    def organisation(self) -> Organisation:
        return self.version.plan.organisation


class ZorgkantoorSubmission(models.Model):
    """The adopted version was sent to the zorgkantoor: when, to whom, recorded by whom."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="submissions")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("sent on"))
    zorgkantoor = models.CharField(_("zorgkantoor"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    ORGANISATION_LOOKUP = "plan__organisation"

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("submission to the zorgkantoor")
        verbose_name_plural = _("submissions to the zorgkantoor")

    def __str__(self) -> str:
        return f"{self.version} → {self.zorgkantoor} ({self.sent_on})"

    @property
    def organisation(self) -> Organisation:
        return self.plan.organisation


class BoardStatement(DecisionRecord):
    """The yearly board statement (*bestuursverklaring*, R11) on an adopted plan.

    OR, CR and (when present) VAR co-sign it with a :class:`StatementSignature`. When last
    year's objectives were not met, the board explains why (R11).
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="statements")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="statements")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    text = models.TextField(_("statement"))
    objectives_met = models.BooleanField(_("last year's objectives were met"), default=True)
    explanation = models.TextField(_("why objectives were not met"), blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    ORGANISATION_LOOKUP = "plan__organisation"

    class Meta:
        ordering = ["year", "issued_at", "pk"]
        verbose_name = _("board statement")
        verbose_name_plural = _("board statements")

    def __str__(self) -> str:
        return f"{self.plan.title} – {self.year}"

    @property
    def organisation(self) -> Organisation:
        return self.plan.organisation


class SignatureKind(models.TextChoices):
    COSIGNED = "cosigned", _("Co-signed")
    DECLINED = "declined", _("Declined to co-sign")


class StatementSignature(DecisionRecord):
    """A council co-signs (or declines) the board statement of one year."""

    statement = models.ForeignKey(BoardStatement, on_delete=models.PROTECT, related_name="signatures")
    decision = models.CharField(_("decision"), max_length=12, choices=SignatureKind.choices)
    text = models.TextField(_("remarks or reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    ORGANISATION_LOOKUP = "statement__plan__organisation"
    CHAIN_PLAN = "statement__plan"

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("co-signature of a board statement")
        verbose_name_plural = _("co-signatures of board statements")
        constraints = [
            models.UniqueConstraint(fields=["statement", "body"], name="statement_signature_once_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.body_name}: {self.get_decision_display()} ({self.statement})"

    @property
    def organisation(self) -> Organisation:
        return self.statement.plan.organisation
