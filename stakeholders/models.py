"""Who: organisations, their units and function groups, people's roles and the bodies that decide.

Every model here answers two questions used by the access layer (``stakeholders.access``):
``organisation`` (the organisation an instance belongs to) and ``ORGANISATION_LOOKUP`` (the
same as a query path), so that one helper can scope any query to the user's organisations.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin


class Sector(models.TextChoices):
    VVT = "vvt", _("Elderly care (VVT)")
    DISABILITY = "ghz", _("Disability care")
    MENTAL_HEALTH = "ggz", _("Mental health care (GGZ)")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Other care")


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.VVT)
    has_var = models.BooleanField(
        _("has a nursing advisory board (VAR)"),
        default=False,
        help_text=_("When present, the VAR must consent to the plan (R9)."),
    )
    has_client_council = models.BooleanField(_("has a client council (CR)"), default=True)
    always_involve_client_council = models.BooleanField(
        _("always ask the client council for consent"),
        default=False,
        help_text=_(
            "The client council must consent when the plan claims the extra Wlz funds (R10). "
            "Tick this to ask for its consent on every plan."
        ),
    )
    zorgkantoor = models.CharField(
        _("zorgkantoor"), max_length=200, blank=True, help_text=_("The regional purchasing office.")
    )
    document_language = models.CharField(
        _("language of documents"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    require_second_factor = models.BooleanField(
        _("require a second factor for those who sign"),
        default=False,
        help_text=_(
            "Board and council members who record a decision or co-sign a statement, and the L&D "
            "author who submits the plan, then confirm with a code from an authenticator app."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    ORGANISATION_LOOKUP = "pk"

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:organisation", kwargs={"org": self.slug})

    @property
    def organisation(self) -> Organisation:
        return self


class Unit(models.Model):
    """An organisational unit (*organisatieonderdeel*, team, RvE); units form a tree."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Staff in full-time equivalents, for this unit itself (not its sub-units)."),
    )
    # R5/R20: staff departments (finance, facilities, HR) train no care staff; their figures
    # count towards neither the formation development nor the training quota.
    is_care_staff = models.BooleanField(
        _("care staff"),
        default=True,
        help_text=_("Untick for a staff or support department: its formation does not count (R5, R20)."),
    )

    ORGANISATION_LOOKUP = "organisation"

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("A unit can only be part of its own organisation.")})
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A unit cannot be part of itself.")})
            if node.pk in seen:  # pragma: no cover - data already broken elsewhere
                break
            seen.add(node.pk)
            node = node.parent


class QualificationLevel(models.TextChoices):
    """Qualification levels (*kwalificatieniveau*) used for the qualification mix (R4)."""

    MBO1 = "mbo1", _("mbo 1")
    MBO2 = "mbo2", _("mbo 2")
    MBO3 = "mbo3", _("mbo 3")
    MBO4 = "mbo4", _("mbo 4")
    HBO = "hbo", _("hbo")
    WO = "wo", _("wo")
    IN_SERVICE = "inservice", _("in-service")


class FunctionGroup(models.Model):
    """A function group (*functiegroep*): helpende, verzorgende IG, verpleegkundige, …"""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="function_groups"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    qualification_level = models.CharField(
        _("qualification level"), max_length=12, choices=QualificationLevel.choices
    )
    is_care_staff = models.BooleanField(
        _("care staff"),
        default=True,
        help_text=_("Counts as care staff for the training quota (R20)."),
    )

    ORGANISATION_LOOKUP = "organisation"

    class Meta:
        ordering = ["name"]
        verbose_name = _("function group")
        verbose_name_plural = _("function groups")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="function_group_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a person may do in an organisation (design.md, "Roles"). One person may hold several.

    The first three are granted by a Membership; the body roles follow from membership of a body.
    """

    AUTHOR = "author", _("L&D author")
    LINE_MANAGER = "line_manager", _("Line manager")
    VIEWER = "viewer", _("Viewer")
    BOARD_MEMBER = "board_member", _("Board member")
    OR_MEMBER = "or_member", _("Works council (OR) member")
    VAR_MEMBER = "var_member", _("Nursing advisory board (VAR) member")
    CR_MEMBER = "cr_member", _("Client council (CR) member")


MEMBERSHIP_ROLES = (Role.AUTHOR, Role.LINE_MANAGER, Role.VIEWER)


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in MEMBERSHIP_ROLES]
    )
    units = models.ManyToManyField(
        Unit,
        verbose_name=_("units"),
        blank=True,
        related_name="managers",
        help_text=_("For line managers: the units they manage (and so may add figures for)."),
    )

    ORGANISATION_LOOKUP = "organisation"

    class Meta:
        ordering = ["organisation", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user} – {self.get_role_display()}"


class BodyKind(models.TextChoices):
    BOARD = "board", _("Board")
    WORKS_COUNCIL = "or", _("Works council (OR)")
    NURSING_BOARD = "var", _("Nursing advisory board (VAR)")
    CLIENT_COUNCIL = "cr", _("Client council (CR)")


BODY_ROLE = {
    BodyKind.BOARD: Role.BOARD_MEMBER,
    BodyKind.WORKS_COUNCIL: Role.OR_MEMBER,
    BodyKind.NURSING_BOARD: Role.VAR_MEMBER,
    BodyKind.CLIENT_COUNCIL: Role.CR_MEMBER,
}


class Body(models.Model):
    """A body that approves (the board) or consents (OR, VAR, CR)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("kind"), max_length=10, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)

    ORGANISATION_LOOKUP = "organisation"

    class Meta:
        ordering = ["organisation", "kind"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="body_kind_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == BodyKind.NURSING_BOARD and not self.organisation.has_var:
            raise ValidationError(
                _("This organisation has no VAR; tick that in the organisation settings first.")
            )
        if self.kind == BodyKind.CLIENT_COUNCIL and not self.organisation.has_client_council:
            raise ValidationError(
                _("This organisation has no client council; tick that in its settings first.")
            )


class BodyPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class BodyMember(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_memberships"
    )
    position = models.CharField(
        _("position"), max_length=12, choices=BodyPosition.choices, default=BodyPosition.MEMBER
    )
    may_record_decision = models.BooleanField(
        _("may record the body's decision"),
        default=False,
        help_text=_("Usually the chair or the secretary."),
    )

    ORGANISATION_LOOKUP = "body__organisation"

    class Meta:
        ordering = ["body", "position"]
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        constraints = [models.UniqueConstraint(fields=["body", "user"], name="body_member_unique")]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user} – {self.body}"

    @property
    def organisation(self) -> Organisation:
        return self.body.organisation


class UserProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self) -> str:
        return str(self.user)


class InvitationMail(models.Model):
    """The outbox row of an invitation e-mail (soplan/queue.py): written in the transaction that
    adds the person, claimed (``sent_at``) by the task that sends it, handed over again by the
    sweep while the broker was down. No e-mail address or link is kept here: the task builds
    the signed link when it sends."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    domain = models.CharField(max_length=255)
    protocol = models.CharField(max_length=5)
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation e-mail")
        verbose_name_plural = _("invitation e-mails")
        indexes = [models.Index(fields=["sent_at", "created_at"], name="invitationmail_pending")]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class SecondFactor(models.TextChoices):
    """How a person confirmed a signing step; kept on the decision record ("" = no second factor)."""

    TOTP = "totp", _("authenticator app")
    RECOVERY = "recovery", _("recovery code")


class RecoveryCodes(ThrottlingMixin, Device):
    """A person's recovery codes, a django-otp device next to their authenticator app (TOTP).

    django-otp's own static tokens are stored as typed; these are stored as SHA-256 hashes
    (:class:`RecoveryCode`), so the table does not hand out working codes. A code is long and
    random (80 bits), so a plain hash suffices; a used code is deleted. Wrong codes are throttled
    like TOTP codes (``OTP_RECOVERY_THROTTLE_FACTOR``)."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        allowed, _data = self.verify_is_allowed()
        if not allowed:
            return False
        match = self.codes.filter(code_hash=RecoveryCode.hash(token)).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()  # once only
        self.throttle_reset()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return self.code_hash[:12]

    @staticmethod
    def normalise(token) -> str:
        """What the person typed, without spaces, dashes and case (codes are shown in groups)."""
        return "".join(ch for ch in str(token or "").lower() if ch.isalnum())

    @classmethod
    def hash(cls, token) -> str:
        return hashlib.sha256(cls.normalise(token).encode("utf-8")).hexdigest()


class AuditEvent(models.Model):
    """Who changed what, and when. Written by the service functions, never edited afterwards.

    ``scope`` groups events for a page's history (e.g. ``plan:12``), so that one query shows the
    recent history of a plan across all its parts.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=40)
    scope = models.CharField(max_length=60, blank=True, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    ORGANISATION_LOOKUP = "organisation"

    class Meta:
        ordering = ["-created_at", "-pk"]
        # A page's history (organisation + scope, newest first) read from the index in order,
        # instead of sorting every event of the scope: the history grows with every save.
        indexes = [models.Index(fields=["organisation", "scope", "-created_at", "-id"], name="auditevent_history")]
        verbose_name = _("change")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


# --- The regional layer (domain.md "Regional layer"; design.md "How data flows" 6) ------------


class Region(models.Model):
    """A regional labour-market organisation for care: it groups member organisations that share
    figures with it and keep a shared action agenda (*doe-agenda*)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("member organisations"), blank=True, related_name="regions"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:region_dashboard", kwargs={"region": self.slug})


class RegionalCoordinator(models.Model):
    """A person who reads what the region's members share and keeps the region's doe-agenda. The
    role gives no role in any member organisation: plan texts and drafts stay out of reach."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="coordinators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinated_regions"
    )

    class Meta:
        verbose_name = _("regional coordinator")
        verbose_name_plural = _("regional coordinators")
        constraints = [models.UniqueConstraint(fields=["region", "user"], name="regional_coordinator_unique")]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user} – {self.region}"


class ShareKind(models.TextChoices):
    """The kinds of figure an organisation's board may share with its regions, each separately."""

    TRAINING_QUOTA = "training_quota", _("Training quota (BPV places per 100 FTE care staff)")
    FORMATION = "formation", _("Outflow and training need")
    THEMES = "themes", _("Themes chosen")
    INTERVENTIONS = "interventions", _("Planned interventions")
    SPENDING = "spending", _("Spending per funding source")
    # Realised figures, recorded after adoption (R17 evaluations; the year plan's realised costs).
    EVALUATIONS = "evaluations", _("Outcome of the yearly evaluations (objectives realised, partly, not)")
    REALISED_SPENDING = "realised_spending", _("Realised spending per funding source, next to planned")


class Sharing(models.Model):
    """The board's opt-in: ``organisation`` shares figures of ``kind`` with the regions it is a
    member of. Withdrawal deletes the row, so the figures leave the dashboard at once; the audit
    log keeps who opted in and out, and when."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sharings")
    kind = models.CharField(_("kind of figure"), max_length=20, choices=ShareKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    ORGANISATION_LOOKUP = "organisation"

    class Meta:
        ordering = ["organisation", "kind"]
        verbose_name = _("shared figure")
        verbose_name_plural = _("shared figures")
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="sharing_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_kind_display()}"
