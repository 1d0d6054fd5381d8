"""Money: funding sources and schemes (reference data), cost estimates and the operational year plan.

Two kinds of rows live here:

* **reference data**, the same for every organisation and maintained by the site administrator in
  the Django admin: :class:`FundingSource` (R8) with its rules as fields, and
  :class:`FundingScheme` with its values per year (:class:`FundingSchemeYear`, R16). Migration
  ``0002`` seeds them from seed 002; nothing in the code repeats those figures.
* **plan data**, edited by the L&D author through ``budgets.services``: the strategic cost
  estimate per theme or objective (R7), the operational year plan (:class:`YearPlanLine` with its
  :class:`LineFunding`), and the inputs of the checks per year (:class:`BudgetYear`: wage bill
  for the CAO's 2 % (R14), production and tariffs for the extra-middelen calculator (R16)).

Money is ``Decimal`` with two places everywhere; the arithmetic of a line lives in one place
(:meth:`YearPlanLine.training_costs` and friends) so that screen, Excel and JSON agree to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from plans.models import YEAR_VALIDATORS, Intervention, Objective, Plan, PlanPart, Theme
from stakeholders.models import Organisation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]


def cents(value: Decimal) -> Decimal:
    """Round to whole cents, half up (as Excel's ROUND does for amounts)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def planning_label(start: int, end: int) -> str:
    """The planning of a line in words: "whole year", "Q2", "Q3–Q4", "March", "mar–jun"."""
    if (start, end) == (1, 12):
        return gettext("whole year")
    if start == end:
        return str(MONTHS[start])
    if start % 3 == 1 and end % 3 == 0:
        first, last = (start + 2) // 3, end // 3
        return pgettext("quarter", "Q%(n)s") % {"n": first} if first == last else (
            pgettext("quarter", "Q%(n)s") % {"n": first} + "–" + pgettext("quarter", "Q%(n)s") % {"n": last}
        )
    return f"{MONTHS_3[start]}–{MONTHS_3[end]}"


# --- Reference data ---------------------------------------------------------------------------


class FundingSource(models.Model):
    """A funding source (*financieringsbron*, R8) with its rules as data."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Identifies the source in exported plans; do not change it once plans use it."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_subsidy = models.BooleanField(
        _("subsidy"),
        default=True,
        help_text=_("External funding (a subsidy or fund) rather than the organisation's own budget."),
    )
    counts_towards_wage_bill_norm = models.BooleanField(
        _("counts towards the CAO's 2 %"),
        default=False,
        help_text=_(
            "Amounts from this source count as the organisation's own spending against the CAO "
            "norm of a share of the wage bill (R14). The extra Wlz funds come on top of it (seed 002)."
        ),
    )
    excludes_big_training = models.BooleanField(
        _("not for BIG or nursing-technical training"),
        default=False,
        help_text=_("BIG-registered and nursing-technical training may not be funded from this source (R13)."),
    )
    max_share_percent = models.DecimalField(
        _("at most this share of an intervention's costs (%)"),
        **PERCENT,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        help_text=_("E.g. 50 for the sectorplan, which co-funds half. Empty: no limit."),
    )
    own_share_not_from_subsidy = models.BooleanField(
        _("own share may not come from another subsidy"),
        default=False,
        help_text=_("The rest of an intervention funded from this source must come from non-subsidy sources (sectorplan, R8)."),
    )
    requires_client_council_consent = models.BooleanField(
        _("claiming it needs the client council's consent"),
        default=False,
        help_text=_("The zorgkantoor checks the client council's signature when a plan claims these funds (R10)."),
    )
    available_from = models.PositiveSmallIntegerField(
        _("available from (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    available_until = models.PositiveSmallIntegerField(
        _("available until (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    is_active = models.BooleanField(
        _("offered in the year plan"), default=True, help_text=_("Untick to retire a source; plans that use it keep it.")
    )

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.available_from and self.available_until and self.available_until < self.available_from:
            raise ValidationError({"available_until": _("The last year comes after the first year.")})

    def is_available_in(self, year: int) -> bool:
        return (self.available_from is None or self.available_from <= year) and (
            self.available_until is None or year <= self.available_until
        )


class FundingScheme(models.Model):
    """A scheme that pays a percentage of the production, with an indicative split (R16)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.OneToOneField(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="scheme",
        help_text=_("Year-plan amounts on this source count as the scheme's training part."),
    )
    basis = models.CharField(
        _("basis"),
        max_length=300,
        blank=True,
        help_text=_("What the percentage applies to, e.g. the maximum tariffs of ZZP/VPT V&V 4–10."),
    )
    split_tolerance = models.DecimalField(
        _("tolerance on the split (percentage points)"),
        **PERCENT,
        default=Decimal("2.00"),
        validators=PERCENT_VALIDATORS,
        help_text=_("A planned training share further from the indicative share than this counts as a deviation."),
    )
    structural_envelope = models.DecimalField(
        _("structural national envelope (million €)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("The yearly amount once the scheme is structural."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("funding scheme")
        verbose_name_plural = _("funding schemes")

    def __str__(self) -> str:
        return self.name

    def values_for(self, year: int, rows: list[FundingSchemeYear] | None = None) -> FundingSchemeYear | None:
        """The values that apply to ``year``: those of the latest scheme year at or before it.

        Plans run past the years the sources fixed (seed 002 stops at 2020); the last known
        values carry forward until the administrator adds a newer year.
        """
        rows = rows if rows is not None else list(self.years.all())
        applicable = [r for r in rows if r.year <= year]
        return max(applicable, key=lambda r: r.year) if applicable else None


class FundingSchemeYear(models.Model):
    scheme = models.ForeignKey(FundingScheme, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    tariff_percentage = models.DecimalField(
        _("percentage of the maximum tariff"), **PERCENT, validators=PERCENT_VALIDATORS
    )
    training_share = models.DecimalField(
        _("indicative share for training (%)"), **PERCENT, validators=PERCENT_VALIDATORS
    )
    day_activities_share = models.DecimalField(
        _("indicative share for day activities (%)"), **PERCENT, validators=PERCENT_VALIDATORS
    )
    national_envelope = models.DecimalField(
        _("national envelope (million €)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    is_provisional = models.BooleanField(_("provisional"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["scheme", "year"]
        verbose_name = _("scheme year")
        verbose_name_plural = _("scheme years")
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="scheme_year_unique")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year}"

    def clean(self) -> None:
        if (
            self.training_share is not None
            and self.day_activities_share is not None
            and self.training_share + self.day_activities_share != Decimal("100")
        ):
            raise ValidationError(_("The indicative shares for training and day activities add up to 100 %."))


# --- Plan data ------------------------------------------------------------------------------------


class BudgetYear(PlanPart):
    """The inputs of the checks for one plan year: wage bill (R14) and extra-middelen figures (R16)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_years")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    wage_bill = models.DecimalField(
        _("wage bill"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE,
        help_text=_("The gross wage bill (loonsom) of the organisation in this year."),
    )
    norm_percentage = models.DecimalField(
        _("training budget under the CAO (percentage of the wage bill)"),
        **PERCENT,
        default=Decimal("2.00"),
        validators=PERCENT_VALIDATORS,
    )
    day_activities_amount = models.DecimalField(
        _("extra funds spent on meaningful day activities"),
        **MONEY,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("The part of the extra Wlz funds for zinvolle daginvulling; the training part comes from the year plan."),
    )
    note = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("E.g. why the split of the extra funds deviates from the indicative split, and who agreed."),
    )

    MONEY_FIELDS = ("wage_bill", "day_activities_amount")  # decimals that are money (for the history)

    class Meta:
        ordering = ["plan", "year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="budget_year_unique")]

    def __str__(self) -> str:
        return f"{self.plan.title} {self.year}"

    def clean(self) -> None:
        _check_year_in_plan(self)


class CareProduction(models.Model):
    """One care package in the agreed production: days × maximum tariff, the calculator's basis (R16)."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="production")
    package = models.CharField(_("care package"), max_length=80)
    days = models.PositiveIntegerField(_("days"))
    max_tariff = models.DecimalField(
        _("maximum tariff per day"), max_digits=8, decimal_places=2, validators=NON_NEGATIVE
    )
    position = models.PositiveSmallIntegerField(default=0)

    ORGANISATION_LOOKUP = "budget_year__plan__organisation"

    MONEY_FIELDS = ("max_tariff",)  # decimals that are money (for the history)

    class Meta:
        ordering = ["budget_year", "position", "pk"]
        verbose_name = _("production")
        verbose_name_plural = _("production")

    def __str__(self) -> str:
        return f"{self.package}: {self.days}"

    @property
    def organisation(self) -> Organisation:
        return self.budget_year.plan.organisation

    @property
    def base(self) -> Decimal:
        return cents(self.days * self.max_tariff)


class CostEstimate(PlanPart):
    """R7: the strategic plan's cost estimate for a theme (or one of its objectives) in a year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cost_estimates")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="cost_estimates")
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="cost_estimates"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(_("amount"), **MONEY, validators=NON_NEGATIVE)

    MONEY_FIELDS = ("amount",)  # decimals that are money (for the history)

    class Meta:
        ordering = ["plan", "theme", "objective", "year"]
        verbose_name = _("cost estimate")
        verbose_name_plural = _("cost estimates")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "theme", "year"],
                condition=models.Q(objective__isnull=True),
                name="cost_estimate_theme_year_unique",
            ),
            models.UniqueConstraint(
                fields=["plan", "objective", "year"],
                condition=models.Q(objective__isnull=False),
                name="cost_estimate_objective_year_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective.code if self.objective_id else self.theme.code} {self.year}: {self.amount}"

    def clean(self) -> None:
        _check_year_in_plan(self)
        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            raise ValidationError(_("The theme belongs to another plan."))
        if self.objective_id and self.objective.theme_id != self.theme_id:
            raise ValidationError(_("The objective belongs to another theme."))


class TookPlace(models.TextChoices):
    """Whether an intervention took place in a plan year (execution, issue 11)."""

    FULLY = "fully", _("Fully")
    PARTLY = "partly", _("Partly")
    NOT = "not", _("Not")


class YearPlanLine(PlanPart):
    """One intervention in one year of the operational year plan (*opleidingsjaarplan*, R7, R8).

    ``profile`` and ``learning_outcome`` left empty mean "as in the intervention".
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="year_plan_lines")
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    start_month = models.PositiveSmallIntegerField(_("from month"), default=1, validators=MONTH_VALIDATORS)
    end_month = models.PositiveSmallIntegerField(_("to month"), default=12, validators=MONTH_VALIDATORS)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    profile = models.CharField(_("function or profession profile"), max_length=300, blank=True)
    learning_outcome = models.TextField(_("learning outcome"), blank=True)
    cost_per_participant = models.DecimalField(
        _("cost per participant"), **MONEY, default=ZERO, validators=NON_NEGATIVE
    )
    replacement_hours = models.DecimalField(
        _("replacement hours per participant"),
        max_digits=7,
        decimal_places=2,
        default=ZERO,
        validators=NON_NEGATIVE,
    )
    hourly_rate = models.DecimalField(_("hourly rate"), **MONEY, default=ZERO, validators=NON_NEGATIVE)
    other_costs = models.DecimalField(_("other costs"), **MONEY, default=ZERO, validators=NON_NEGATIVE)
    note = models.CharField(_("remark"), max_length=300, blank=True)
    realised_participants = models.PositiveIntegerField(_("participants realised"), null=True, blank=True)
    realised_amount = models.DecimalField(
        _("costs realised"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    # Execution (issue 11): whether the intervention took place this year and whether it fitted
    # its objective. With realised costs per source (RealisedFunding), realised_amount is their sum.
    took_place = models.CharField(_("took place"), max_length=10, choices=TookPlace.choices, blank=True)
    fitted_objective = models.BooleanField(_("fitted its objective"), null=True, blank=True)

    # The planned and the realised split per source, each recorded as one change.
    AUDIT_LABELS = {"funding": _("funding"), "realised_funding": _("realised costs per funding source")}
    MONEY_FIELDS = ("cost_per_participant", "hourly_rate", "other_costs", "realised_amount")  # decimals that are money (for the history)

    class Meta:
        ordering = ["year", "intervention__position", "intervention__pk"]
        verbose_name = _("year plan line")
        verbose_name_plural = _("operational year plan")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "year"], name="year_plan_line_unique"),
            models.CheckConstraint(
                condition=models.Q(end_month__gte=models.F("start_month")), name="year_plan_line_months"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention.code} {self.year}"

    def clean(self) -> None:
        _check_year_in_plan(self)
        if self.intervention_id and self.plan_id and self.intervention.plan_id != self.plan_id:
            raise ValidationError(_("The intervention belongs to another plan."))
        if self.start_month and self.end_month and self.end_month < self.start_month:
            raise ValidationError({"end_month": _("The planning ends after it starts.")})

    # The arithmetic of a line: the Excel export writes the same as formulas.
    @property
    def training_costs(self) -> Decimal:
        return cents(self.participants * self.cost_per_participant)

    @property
    def replacement_costs(self) -> Decimal:
        """*Verletkosten*: participants × replacement hours each × hourly rate."""
        return cents(self.participants * self.replacement_hours * self.hourly_rate)

    @property
    def total(self) -> Decimal:
        return self.training_costs + self.replacement_costs + cents(self.other_costs)

    @property
    def planning(self) -> str:
        return planning_label(self.start_month, self.end_month)

    @property
    def has_figures(self) -> bool:
        return bool(self.participants or self.total)


class LineFunding(models.Model):
    """The part of a line's total paid from one funding source; the parts add up to the total (R8)."""

    line = models.ForeignKey(YearPlanLine, on_delete=models.CASCADE, related_name="funding")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **MONEY, validators=NON_NEGATIVE)

    ORGANISATION_LOOKUP = "line__plan__organisation"

    MONEY_FIELDS = ("amount",)  # decimals that are money (for the history)

    class Meta:
        ordering = ["line", "source__position", "source__code"]
        verbose_name = _("funding of a line")
        verbose_name_plural = _("funding of lines")
        constraints = [models.UniqueConstraint(fields=["line", "source"], name="line_funding_unique")]

    def __str__(self) -> str:
        return f"{self.line} {self.source.code}: {self.amount}"

    @property
    def organisation(self) -> Organisation:
        return self.line.plan.organisation


class RealisedFunding(models.Model):
    """The part of a line's realised costs paid from one funding source (execution, issue 11);
    next to the planned split (LineFunding). The line's realised_amount is the sum of these."""

    line = models.ForeignKey(YearPlanLine, on_delete=models.CASCADE, related_name="realised_funding")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **MONEY, validators=NON_NEGATIVE)

    ORGANISATION_LOOKUP = "line__plan__organisation"

    MONEY_FIELDS = ("amount",)

    class Meta:
        ordering = ["line", "source__position", "source__code"]
        verbose_name = _("realised funding of a line")
        verbose_name_plural = _("realised funding of lines")
        constraints = [models.UniqueConstraint(fields=["line", "source"], name="realised_funding_unique")]

    def __str__(self) -> str:
        return f"{self.line} {self.source.code}: {self.amount}"

    @property
    def organisation(self) -> Organisation:
        return self.line.plan.organisation


def _check_year_in_plan(obj) -> None:
    if obj.year and obj.plan_id:
        plan = obj.plan
        if not plan.start_year <= obj.year <= plan.end_year:
            raise ValidationError(
                {"year": _("Pick a year within the plan period %(start)s–%(end)s.")
                 % {"start": plan.start_year, "end": plan.end_year}}
            )
