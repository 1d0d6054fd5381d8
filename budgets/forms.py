"""Forms of the budget pages. They validate input; ``budgets.services`` decides and writes."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from plans.content.forms import VersionedForm
from plans.models import Intervention, Plan
from soplan.fields import Form
from soplan.formats import money

from .models import FundingSource, TookPlace, YearPlanLine
from .selectors import BudgetContent, default_profile
from .services import EstimateValue, ProductionRow

MONTH_CHOICES = [(n, MONTHS[n]) for n in range(1, 13)]


def money_field(label, *, required: bool = False, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "class": "text-end", "inputmode": "decimal"}),
    )


# --- R7: cost estimate per theme or objective ---------------------------------------------------------


class EstimatesForm(Form):
    """A grid: a row per theme (its general part) and per objective, a column per year."""

    def __init__(self, *args, budget: BudgetContent, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.grid = []  # (theme, objective or None, [(year, field name)], [version field names])
        content = budget.content
        for theme in content.themes:
            targets = [None, *content.objectives_by_theme.get(theme.pk, [])]
            for objective in targets:
                cells = []
                for year in budget.years:
                    name = f"e_{theme.pk}_{objective.pk if objective else 0}_{year}"
                    estimate = budget.estimate_for(theme.pk, objective.pk if objective else None, year)
                    self.fields[name] = money_field(f"{(objective or theme).code} {year}")
                    self.fields[f"v{name}"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
                    if estimate is not None:
                        self.initial.setdefault(name, estimate.amount)
                        self.initial.setdefault(f"v{name}", estimate.lock_version)
                    cells.append((year, name))
                self.grid.append((theme, objective, cells))

    def rows(self):
        for theme, objective, cells in self.grid:
            yield theme, objective, [(year, self[name], self[f"v{name}"]) for year, name in cells]

    def values(self) -> list[EstimateValue]:
        return [
            EstimateValue(
                theme=theme,
                objective=objective,
                year=year,
                amount=self.cleaned_data[name],
                expected_version=self.cleaned_data[f"v{name}"],
            )
            for theme, objective, cells in self.grid
            for year, name in cells
        ]


def source_hints(source: FundingSource) -> list[str]:
    """The rules of a source in a few words, next to its input (reference data, R8, R13)."""
    hints = []
    if source.max_share_percent is not None:
        hints.append(_("at most %(share)s %% of the costs") % {"share": f"{source.max_share_percent.normalize():f}"})
    if source.own_share_not_from_subsidy:
        hints.append(_("own share not from another subsidy"))
    if source.excludes_big_training:
        hints.append(_("not for BIG training"))
    if source.counts_towards_wage_bill_norm:
        hints.append(_("counts towards the CAO's 2 %"))
    return hints


# --- The operational year plan ---------------------------------------------------------------------


class LineForm(VersionedForm):
    """The figures of one intervention in one year and their funding split (R7, R8)."""

    start_month = forms.TypedChoiceField(label=_("From"), coerce=int, choices=MONTH_CHOICES, initial=1)
    end_month = forms.TypedChoiceField(label=_("Up to and including"), coerce=int, choices=MONTH_CHOICES, initial=12)
    participants = forms.IntegerField(
        label=_("Participants"), min_value=0, max_value=1_000_000, initial=0,
        widget=forms.NumberInput(attrs={"min": "0", "class": "text-end"}),
    )
    profile = forms.CharField(label=_("Function or profession profile"), max_length=300, required=False)
    learning_outcome = forms.CharField(
        label=_("Learning outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cost_per_participant = money_field(_("Cost per participant"))
    replacement_hours = forms.DecimalField(
        label=_("Replacement hours per participant"),
        required=False,
        min_value=Decimal("0"),
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0", "class": "text-end", "inputmode": "decimal"}),
    )
    hourly_rate = money_field(_("Hourly rate"))
    other_costs = money_field(_("Other costs"), help_text=_("Materials, rooms, travel, licences."))
    note = forms.CharField(label=_("Remark"), max_length=300, required=False)
    realised_participants = forms.IntegerField(
        label=_("Participants realised"), min_value=0, max_value=1_000_000, required=False,
        widget=forms.NumberInput(attrs={"min": "0", "class": "text-end"}),
    )
    realised_amount = money_field(_("Costs realised"))

    def __init__(
        self,
        *args,
        intervention: Intervention,
        line: YearPlanLine | None,
        sources: list[FundingSource],
        funding: dict[int, Decimal],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.intervention = intervention
        self.sources = sources
        self.default_profile = default_profile(intervention)
        if line is not None:
            for name in (
                "start_month", "end_month", "participants", "cost_per_participant", "replacement_hours",
                "hourly_rate", "other_costs", "note", "realised_participants", "realised_amount",
            ):
                self.initial.setdefault(name, getattr(line, name))
            self.initial.setdefault("profile", line.profile or self.default_profile)
            self.initial.setdefault("learning_outcome", line.learning_outcome or intervention.learning_outcome)
            self.initial.setdefault("lock_version", line.lock_version)
        else:
            self.initial.setdefault("profile", self.default_profile)
            self.initial.setdefault("learning_outcome", intervention.learning_outcome)
        for source in sources:
            name = f"f_{source.pk}"
            field = money_field(source.name, help_text=" · ".join(map(str, source_hints(source))))
            field.widget.attrs["data-funding"] = "1"
            if source.excludes_big_training and intervention.is_big_training and source.pk not in funding:
                # R13: not for this intervention. Disabled in the browser only: Django's disabled
                # field would ignore a posted amount and save the line without it; a forced value
                # must reach the service, which refuses it.
                field.widget.attrs["disabled"] = True
                field.help_text = _("Not for BIG-registered or nursing-technical training (R13).")
            self.fields[name] = field
            if source.pk in funding:
                self.initial.setdefault(name, funding[source.pk])

    def funding_fields(self):
        return [(source, self[f"f_{source.pk}"]) for source in self.sources]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_month"), cleaned.get("end_month")
        if start and end and end < start:
            self.add_error("end_month", _("The planning ends after it starts."))
        return cleaned

    def line_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in ("start_month", "end_month", "participants", "note", "realised_participants", "realised_amount")
        }
        for name in ("cost_per_participant", "replacement_hours", "hourly_rate", "other_costs"):
            data[name] = self.cleaned_data[name] or Decimal("0")
        # Unchanged defaults are stored empty, so they follow later edits of the intervention.
        profile = self.cleaned_data["profile"].strip()
        outcome = self.cleaned_data["learning_outcome"].strip()
        data["profile"] = "" if profile == self.default_profile else profile
        data["learning_outcome"] = "" if outcome == self.intervention.learning_outcome.strip() else outcome
        return data

    def funding(self) -> dict[FundingSource, Decimal | None]:
        return {source: self.cleaned_data[f"f_{source.pk}"] for source in self.sources}


class CopyYearForm(Form):
    to_year = forms.TypedChoiceField(label=_("Copy to"), coerce=int, choices=())

    def __init__(self, *args, plan: Plan, from_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        years = [y for y in plan.years if y != from_year]
        self.fields["to_year"].choices = [(y, y) for y in years]
        later = [y for y in years if y > from_year]
        self.fields["to_year"].initial = later[0] if later else years[-1]


# --- Wage bill and extra middelen (R14, R16) --------------------------------------------------------


class BudgetYearForm(VersionedForm):
    wage_bill = money_field(_("Wage bill"), help_text=_("The gross wage bill (loonsom) of the organisation in this year."))
    norm_percentage = forms.DecimalField(
        label=_("Training budget under the CAO (percentage of the wage bill)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("2.00"),
        widget=forms.NumberInput(attrs={"step": "0.01", "class": "text-end"}),
    )
    day_activities_amount = money_field(
        _("Extra funds spent on meaningful day activities"),
        help_text=_("The part of the extra Wlz funds for zinvolle daginvulling. The training part is what the year plan books on the extra funds."),
    )
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. why the split of the extra funds deviates from the indicative split, and how the councils agreed."),
    )


class ProductionForm(Form):
    package = forms.CharField(label=_("Care package"), max_length=80, required=False)
    days = forms.IntegerField(label=_("Days"), min_value=0, required=False, widget=forms.NumberInput(attrs={"class": "text-end"}))
    max_tariff = money_field(_("Maximum tariff per day"))

    def clean(self):
        cleaned = super().clean()
        values = [cleaned.get("package"), cleaned.get("days"), cleaned.get("max_tariff")]
        if any(v not in (None, "") for v in values) and not all(v not in (None, "") for v in values):
            raise forms.ValidationError(_("Fill in the package, the days and the tariff, or leave the row empty."))
        return cleaned

    def row(self) -> ProductionRow | None:
        if not self.cleaned_data or not self.cleaned_data.get("package") or self.cleaned_data.get("DELETE"):
            return None
        return ProductionRow(self.cleaned_data["package"], self.cleaned_data["days"], self.cleaned_data["max_tariff"])


ProductionFormSet = forms.formset_factory(ProductionForm, extra=3, can_delete=True, max_num=40)


FITTED_CHOICES = [("", _("Not assessed yet")), ("yes", _("Yes")), ("no", _("No"))]


class ExecutionForm(VersionedForm):
    """Execution of one intervention in one year (issue 11). A line manager sees only whether it
    took place and the participants; the adviser also the realised costs per source and the fit."""

    took_place = forms.ChoiceField(
        label=_("Took place"), required=False,
        choices=[("", _("Not recorded yet")), *TookPlace.choices],
    )
    realised_participants = forms.IntegerField(
        label=_("Participants reached"), min_value=0, max_value=1_000_000, required=False,
        widget=forms.NumberInput(attrs={"min": "0", "class": "text-end"}),
    )
    fitted_objective = forms.ChoiceField(label=_("Fitted its objective"), required=False, choices=FITTED_CHOICES)

    def __init__(self, *args, line: YearPlanLine, sources: list[FundingSource], planned: dict[int, Decimal],
                 realised: dict[int, Decimal], full: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources if full else []
        self.full = full
        self.initial.setdefault("took_place", line.took_place)
        self.initial.setdefault("realised_participants", line.realised_participants)
        self.initial.setdefault(
            "fitted_objective", "" if line.fitted_objective is None else ("yes" if line.fitted_objective else "no")
        )
        self.initial.setdefault("lock_version", line.lock_version)
        if not full:
            del self.fields["fitted_objective"]
        # The sources of the planned split first, then the others the author may still use.
        self.sources = sorted(self.sources, key=lambda s: not (planned.get(s.pk) or realised.get(s.pk)))
        for source in self.sources:
            name = f"r_{source.pk}"
            amount = planned.get(source.pk)
            self.fields[name] = money_field(
                source.name,
                help_text=_("Planned: %(amount)s") % {"amount": money(amount)} if amount else _("Not planned"),
            )
            self.initial.setdefault(name, realised.get(source.pk))

    def source_fields(self) -> list:
        return [self[f"r_{source.pk}"] for source in self.sources]

    def clean(self):
        data = super().clean()
        spent = any(data.get(f"r_{source.pk}") for source in self.sources)
        if data.get("took_place") == TookPlace.NOT and (data.get("realised_participants") or spent):
            raise forms.ValidationError(
                _("An intervention that did not take place has no participants or costs. "
                  "Choose 'partly' or clear the figures.")
            )
        return data

    def fitted(self) -> bool | None:
        value = self.cleaned_data.get("fitted_objective", "")
        return None if value == "" else value == "yes"

    def realised_funding(self) -> dict[FundingSource, Decimal | None]:
        return {source: self.cleaned_data[f"r_{source.pk}"] for source in self.sources}
