"""What: the strategic training plan and its content (steps 1–3 of the cycle in domain.md).

Items in a plan carry a ``code`` (T1, D1, L1, …) that is unique within the plan and never
reused for another item. Codes identify items in the JSON interchange format and the frozen
snapshot, independent of database ids.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.evidence import AppendOnly, Evidence
from stakeholders.changes import Versioned
from stakeholders.models import FunctionGroup, Organisation, QualificationLevel, Unit

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
FTE = {"max_digits": 8, "decimal_places": 2}
MAX_PLAN_YEARS = 10


class PlanStatus(models.TextChoices):
    """One status field (design.md "Lifecycle"); the history table says how it got there."""

    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    SUBMITTED = "submitted", _("Submitted to the board")
    APPROVED_BY_BOARD = "approved_by_board", _("Approved by the board")
    AWAITING_CONSENT = "awaiting_consent", _("Awaiting consent")
    ADOPTED = "adopted", _("Adopted")
    SENT_TO_ZORGKANTOOR = "sent_to_zorgkantoor", _("Sent to the zorgkantoor")
    IN_EXECUTION = "in_execution", _("In execution")
    EVALUATED = "evaluated", _("Evaluated")


EDITABLE_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.CONSULTATION})


class Plan(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    preface = models.TextField(
        _("preface"), blank=True, help_text=_("Chapter 1 of the plan (voorwoord).")
    )
    vision = models.TextField(
        _("strategic vision of the organisation"),
        blank=True,
        help_text=_("The course (koers) from which the strategic themes follow."),
    )
    mix_on_the_job = models.PositiveSmallIntegerField(
        _("on the job (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    mix_social = models.PositiveSmallIntegerField(
        _("coaching and feedback (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    mix_formal = models.PositiveSmallIntegerField(
        _("formal training (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(
        _("status"), max_length=24, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    # Highest number handed out per code prefix (T, D, L, A), so a code is never reused.
    code_counters = models.JSONField(default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    ORGANISATION_LOOKUP = "organisation"

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gt=models.F("start_year")), name="plan_multi_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", kwargs={"plan": self.pk})

    def clean(self) -> None:
        if self.start_year and self.end_year:
            # R1: a strategic plan spans several years.
            if self.end_year <= self.start_year:
                raise ValidationError(
                    {"end_year": _("A strategic plan covers several years (R1): end after the start.")}
                )
            if self.end_year - self.start_year + 1 > MAX_PLAN_YEARS:
                raise ValidationError(
                    {"end_year": _("A plan covers at most %(n)s years.") % {"n": MAX_PLAN_YEARS}}
                )

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def mix_total(self) -> int | None:
        parts = (self.mix_on_the_job, self.mix_social, self.mix_formal)
        if all(p is None for p in parts):
            return None
        return sum(p or 0 for p in parts)


class PlanPart(Versioned):
    """Base for everything that belongs to one plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")

    ORGANISATION_LOOKUP = "plan__organisation"

    class Meta:
        abstract = True

    @property
    def organisation(self) -> Organisation:
        return self.plan.organisation


class ThemeKind(models.TextChoices):
    """The pick list of seed 000 (step 1) and seed 004; ``custom`` for a theme of one's own."""

    ENVIRONMENT = "environment", _("Environment influences")
    COOPERATION = "cooperation", _("(Chain) cooperation")
    CLIENT_FOCUS = "client_focus", _("Client focus and profiling")
    WORKFORCE_PLANNING = "workforce_planning", _("Strategic workforce planning")
    LEADERSHIP = "leadership", _("Management development and leadership")
    FLEXIBILISATION = "flexibilisation", _("Flexibilisation")
    EMPLOYABILITY = "employability", _("Sustainable employability")
    HRD = "hrd", _("Human resource development")
    CULTURE = "culture", _("Organisation culture")
    DIGITALISATION = "digitalisation", _("Digitalisation and e-health")
    EXPERTISE = "expertise", _("Expertise centre or top-care organisation")
    PROFESSION = "profession", _("Strengthening the profession of carers and nurses")
    MULTIDISCIPLINARY = "multidisciplinary", _("(Multi)disciplinary cooperation")
    SAFETY = "safety", _("Safety and quality")
    RECRUITMENT = "recruitment", _("Recruiting new staff")
    CANDIDATE = "candidate", _("Candidate perspective")
    LEARNING_CONCEPTS = "learning_concepts", _("Learning concepts")
    LEARNING_CULTURE = "learning_culture", _("Learning and work culture")
    CUSTOM = "custom", _("Own theme")


class Theme(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(_("code"), max_length=10)
    kind = models.CharField(
        _("kind of theme"), max_length=24, choices=ThemeKind.choices, default=ThemeKind.CUSTOM
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    implications = models.TextField(
        _("implications for qualifications and competences"),
        blank=True,
        help_text=_("What does this theme ask of the knowledge and skills of staff and teams?"),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("strategic theme")
        verbose_name_plural = _("strategic themes")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="theme_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CarriedOver(models.TextChoices):
    """An objective the previous plan did not (fully) realise, carried into the next cycle (R17)."""

    PARTLY = "partly", _("Partly realised in the previous plan")
    NOT_REALISED = "not_realised", _("Not realised in the previous plan")
    NOT_EVALUATED = "not_evaluated", _("Not evaluated in the previous plan")


class Objective(PlanPart):
    """A desired situation (*doelstelling*) under a theme."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=10)
    description = models.TextField(_("desired situation"))
    indicator = models.CharField(
        _("indicator"),
        max_length=300,
        blank=True,
        help_text=_("How you will know it was reached, e.g. 'four out of five teams work with …'."),
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    carried_over = models.CharField(
        _("carried over"), max_length=16, choices=CarriedOver.choices, blank=True, editable=False
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="objective_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:80]}"

    def clean(self) -> None:
        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            raise ValidationError(_("The theme belongs to another plan."))
        if self.target_year and self.plan_id:
            plan = self.plan
            if not plan.start_year <= self.target_year <= plan.end_year + 5:
                raise ValidationError(
                    {"target_year": _("Pick a year from %(start)s onwards, close to the plan period.")
                     % {"start": plan.start_year}}
                )


class VisionPoint(models.TextChoices):
    """The seven points of the vision on learning (step 2)."""

    DESIRED = "desired", _("Desired situation for learning and development")
    COHERENCE = "coherence", _("Coherence with the organisation's strategy")
    FORMS = "forms", _("Learning forms used")
    MEANS = "means", _("Means (budget, learning management system, …)")
    ORGANISATION = "organisation", _("How learning is organised and who holds the budget")
    CONTRIBUTION = "contribution", _("Contribution to the organisation's results")
    ROUTE = "route", _("How the desired situation will be reached")


class LearningVisionPoint(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="vision_points")
    point = models.CharField(_("point"), max_length=20, choices=VisionPoint.choices)
    now = models.TextField(_("now"), blank=True)
    future = models.TextField(_("in four years"), blank=True)

    class Meta:
        verbose_name = _("point of the vision on learning")
        verbose_name_plural = _("vision on learning")
        constraints = [
            models.UniqueConstraint(fields=["plan", "point"], name="vision_point_unique")
        ]

    def __str__(self) -> str:
        return self.get_point_display()


class InterventionLevel(models.TextChoices):
    """R2: organisation level or specific to units; one person is out of scope."""

    ORGANISATION = "organisation", _("Whole organisation")
    UNIT = "unit", _("One or more units")


class WorkForm(models.TextChoices):
    """Work forms (*werkvormen*, R3) seen in practice (seeds 000, 001)."""

    COURSE = "course", _("Course or training")
    ELEARNING = "elearning", _("E-learning")
    ONLINE_CLASS = "online_class", _("Online class")
    WORKSHOP = "workshop", _("Workshop or masterclass")
    INTERVISION = "intervision", _("Intervision")
    COACHING = "coaching", _("Coaching on the job")
    TEAM_LEARNING = "team_learning", _("Team learning and reflection")
    WORKPLACE = "workplace", _("Workplace learning")
    LEARNING_WARD = "learning_ward", _("Learning ward or learning work place")
    SKILLS_LAB = "skills_lab", _("Skills lab or simulation")
    INTERPROFESSIONAL = "interprofessional", _("Interprofessional learning")
    MODULAR = "modular", _("Modular or shortened training")
    PEER_COACHING = "peer_coaching", _("Coaching by senior students")
    EXCHANGE = "exchange", _("Exchange internship")
    OTHER = "other", _("Other")


class Topic(models.TextChoices):
    """R12: the four topics every plan must address."""

    DISEASE = "disease", _("Knowledge of disease patterns")
    COMMUNICATION = "communication", _("Communication with clients and family")
    OWN_DIRECTION = "own_direction", _("Client's own direction (eigen regie)")
    REFLECTION = "reflection", _("Team reflection and coaching at the workplace")


class Horizon(models.TextChoices):
    """R23: when the effect is expected."""

    SHORT = "short", _("Short (within 1 year)")
    MEDIUM = "medium", _("Medium (2–3 years)")
    LONG = "long", _("Long (more than 3 years)")


class Intervention(PlanPart):
    """A learning intervention (*leerinterventie*, step 3)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="interventions")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    learning_outcome = models.TextField(_("learning outcome"), blank=True)
    level = models.CharField(
        _("level"), max_length=20, choices=InterventionLevel.choices, default=InterventionLevel.ORGANISATION
    )
    units = models.ManyToManyField(Unit, verbose_name=_("units"), blank=True, related_name="+")
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("objectives"), blank=True, related_name="interventions"
    )
    function_groups = models.ManyToManyField(
        FunctionGroup, verbose_name=_("function groups"), blank=True, related_name="+"
    )
    work_forms = models.JSONField(_("work forms"), default=list, blank=True)
    years = models.JSONField(_("years"), default=list, blank=True)
    topics = models.JSONField(_("topics (R12)"), default=list, blank=True)
    horizon = models.CharField(_("effect horizon"), max_length=10, choices=Horizon.choices, blank=True)
    already_running = models.BooleanField(_("already running"), default=False)
    funded_elsewhere = models.BooleanField(_("funded otherwise"), default=False)
    is_big_training = models.BooleanField(
        _("BIG-registered or nursing-technical training"),
        default=False,
        help_text=_("Not fundable from the extra Wlz funds; paid from the 2 % wage-bill budget (R13)."),
    )
    position = models.PositiveIntegerField(default=0)

    # The JSON lists that hold choices (validated in clean; labelled in the history).
    LIST_CHOICES = {"work_forms": WorkForm, "topics": Topic}

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("learning intervention")
        verbose_name_plural = _("learning interventions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="intervention_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean_fields(self, exclude=None) -> None:
        if self.level not in InterventionLevel.values:
            exclude = {*(exclude or ()), "level"}  # clean() explains why (R2)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.level not in InterventionLevel.values:
            errors["level"] = _(
                "Interventions for one person are outside the strategic plan (R2); "
                "they belong in the operational year plan."
            )
        if self.plan_id:
            outside = [y for y in self.years if not self.plan.start_year <= y <= self.plan.end_year]
            if outside:
                errors["years"] = _("Years must fall within the plan period %(start)s–%(end)s.") % {
                    "start": self.plan.start_year,
                    "end": self.plan.end_year,
                }
        for name, choices in self.LIST_CHOICES.items():
            unknown = set(getattr(self, name)) - set(choices.values)
            if unknown:
                errors[name] = _("Unknown value: %(v)s") % {"v": ", ".join(sorted(map(str, unknown)))}
        if errors:
            raise ValidationError(errors)


class QualificationMixRow(PlanPart):
    """R4: per unit and qualification level, FTE now and desired in a target year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="qualification_rows")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("qualification level"), max_length=12, choices=QualificationLevel.choices)
    current_fte = models.DecimalField(
        _("FTE now"), **FTE, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    desired_fte = models.DecimalField(
        _("FTE desired"), **FTE, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=YEAR_VALIDATORS)

    class Meta:
        ordering = ["unit__name", "level"]
        verbose_name = _("qualification mix row")
        verbose_name_plural = _("qualification mix")
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "level"], name="qualification_row_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_level_display()}"

    @property
    def gap(self) -> Decimal:
        return self.desired_fte - self.current_fte


class FormationRow(PlanPart):
    """R5: formation per unit and function group, with expected outflow and growth per year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="formation_rows")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    function_group = models.ForeignKey(FunctionGroup, on_delete=models.CASCADE, related_name="+")
    current_fte = models.DecimalField(
        _("FTE now"), **FTE, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    retirement_per_year = models.DecimalField(
        _("retirement per year (FTE)"),
        **FTE,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    turnover_per_year = models.DecimalField(
        _("turnover per year (FTE)"),
        **FTE,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    growth_per_year = models.DecimalField(
        _("growth per year (FTE)"),
        **FTE,
        default=Decimal("0"),
        help_text=_("Negative for shrinkage."),
    )
    internship_places = models.DecimalField(
        _("internship places (BPV, FTE)"),
        **FTE,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        ordering = ["unit__name", "function_group__name"]
        verbose_name = _("formation row")
        verbose_name_plural = _("formation")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit", "function_group"], name="formation_row_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.function_group}"

    @property
    def outflow_per_year(self) -> Decimal:
        return self.retirement_per_year + self.turnover_per_year

    @property
    def training_need_per_year(self) -> Decimal:
        """FTE to train or recruit each year: outflow replaced, plus growth (less with shrinkage)."""
        return max(Decimal("0"), self.outflow_per_year + self.growth_per_year)


class ImprovementAction(PlanPart):
    """Ingredient 10: an action in the coming year to improve the plan itself."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="improvement_actions")
    code = models.CharField(_("code"), max_length=10)
    description = models.TextField(_("action"))
    responsible = models.CharField(_("who"), max_length=200, blank=True)
    due = models.DateField(_("when"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="improvement_action_code_unique")
        ]

    def __str__(self) -> str:
        return self.description[:80]


class PlanVersion(Evidence):
    """A frozen plan: the canonical JSON snapshot (plans.interchange) and its SHA-256.

    Approval, consent and documents refer to a version, never to live rows. A version is
    written once and never changed (append-only), and a link in its plan's hash chain
    (plans.evidence; the snapshot is covered through its hash).
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    ORGANISATION_LOOKUP = "plan__organisation"
    CHAIN_PLAN = "plan"
    CHAIN_EXCLUDE = ("snapshot",)  # its hash, sha256, is in the chain; verify_evidence checks both

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan.title} v{self.number} ({self.short_hash})"

    @property
    def organisation(self) -> Organisation:
        return self.plan.organisation

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


class PlanTransition(AppendOnly):
    """One row per status change: who moved the plan from which status to which, and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=24, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=24, choices=PlanStatus.choices)
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    ORGANISATION_LOOKUP = "plan__organisation"

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.plan} {self.from_status} → {self.to_status}"

    @property
    def organisation(self) -> Organisation:
        return self.plan.organisation
