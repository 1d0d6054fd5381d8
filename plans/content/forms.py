"""Forms for the plan editor. They validate input; the services decide and write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from plans.content.models import (
    MAX_PLAN_YEARS,
    Horizon,
    InterventionLevel,
    Plan,
    ThemeKind,
    Topic,
    VisionPoint,
    WorkForm,
)
from soplan.fields import Form, ModelChoiceField, ModelMultipleChoiceField, date_input, version_field
from stakeholders.models import QualificationLevel

MARKDOWN_HELP = _("Simple formatting: **bold**, *italics*, a line starting with “- ” for a list, [text](https://…) for a link.")

PERSON_LEVEL = "person"


def helper() -> FormHelper:
    h = FormHelper()
    h.form_tag = False
    return h


def markdown_area(rows: int = 6) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "markdown-input"})


class VersionedForm(Form):
    """Carries the version the user started from, for the optimistic-locking check."""

    lock_version = version_field()

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("lock_version")


def _year_choices() -> list[tuple[int, int]]:
    this_year = dt.date.today().year
    return [(y, y) for y in range(this_year - 2, this_year + 15)]


class PlanCreateForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Strategic training plan"))
    start_year = forms.TypedChoiceField(label=_("First year"), coerce=int, choices=_year_choices)
    end_year = forms.TypedChoiceField(label=_("Last year"), coerce=int, choices=_year_choices)
    previous = ModelChoiceField(
        label=_("Continue from"),
        queryset=Plan.objects.none(),
        required=False,
        help_text=_("Optional: a previous plan of this organisation to build on."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        next_year = dt.date.today().year + 1
        self.fields["start_year"].initial = next_year
        self.fields["end_year"].initial = next_year + 3
        self.fields["previous"].queryset = organisation.plans.all()
        self.helper = helper()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end:
            if end <= start:
                self.add_error("end_year", _("A strategic plan covers several years (R1): end after the start."))
            elif end - start + 1 > MAX_PLAN_YEARS:
                self.add_error("end_year", _("A plan covers at most %(n)s years.") % {"n": MAX_PLAN_YEARS})
        return cleaned


class PlanGeneralForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    start_year = forms.TypedChoiceField(label=_("First year"), coerce=int, choices=_year_choices)
    end_year = forms.TypedChoiceField(label=_("Last year"), coerce=int, choices=_year_choices)
    preface = forms.CharField(
        label=_("Preface"), required=False, widget=markdown_area(8), help_text=MARKDOWN_HELP
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end <= start:
            self.add_error("end_year", _("A strategic plan covers several years (R1): end after the start."))
        return cleaned


class KoersForm(VersionedForm):
    vision = forms.CharField(
        label=_("Strategic vision of the organisation (koers)"),
        required=False,
        widget=markdown_area(14),
        help_text=MARKDOWN_HELP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class ThemeForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Theme"),
        choices=ThemeKind.choices,
        help_text=_("Pick a common theme or choose “Own theme” and give it a title."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=markdown_area(5), help_text=MARKDOWN_HELP
    )
    implications = forms.CharField(
        label=_("Implications for qualifications and competences"),
        required=False,
        widget=markdown_area(4),
        help_text=_("What does this theme ask of staff and teams? Which function groups change most?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and not cleaned.get("title"):
            if kind == ThemeKind.CUSTOM:
                self.add_error("title", _("Give your own theme a title."))
            else:
                cleaned["title"] = str(ThemeKind(kind).label)
        return cleaned


class ObjectiveForm(VersionedForm):
    description = forms.CharField(
        label=_("Desired situation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The situation you want to reach, e.g. “Every team has two trained dementia coaches.”"),
    )
    indicator = forms.CharField(label=_("Indicator"), max_length=300, required=False)
    target_year = forms.TypedChoiceField(
        label=_("Target year"), coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_year"].choices = [("", "—")] + [
            (y, y) for y in range(plan.start_year, plan.end_year + 3)
        ]
        self.helper = helper()


class VisionForm(VersionedForm):
    """Step 2: seven points, each now and in four years, plus the 70-20-10 mix (R15)."""

    mix_on_the_job = forms.IntegerField(label=_("On the job"), min_value=0, max_value=100, required=False)
    mix_social = forms.IntegerField(label=_("Coaching and feedback"), min_value=0, max_value=100, required=False)
    mix_formal = forms.IntegerField(label=_("Formal training"), min_value=0, max_value=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for point in VisionPoint:
            self.fields[f"{point.value}_now"] = forms.CharField(
                label=_("Now"), required=False, widget=markdown_area(4)
            )
            self.fields[f"{point.value}_future"] = forms.CharField(
                label=_("In four years"), required=False, widget=markdown_area(4)
            )

    def point_rows(self):
        return [(p.value, p.label, self[f"{p.value}_now"], self[f"{p.value}_future"]) for p in VisionPoint]

    def clean(self):
        cleaned = super().clean()
        mix = [cleaned.get(n) for n in ("mix_on_the_job", "mix_social", "mix_formal")]
        if any(v is not None for v in mix) and sum(v or 0 for v in mix) != 100:
            raise forms.ValidationError(
                _("The learning mix must add up to 100 %% (now %(total)s %%).") % {"total": sum(v or 0 for v in mix)}
            )
        return cleaned

    def points(self) -> dict[str, tuple[str, str]]:
        return {
            p.value: (self.cleaned_data[f"{p.value}_now"], self.cleaned_data[f"{p.value}_future"])
            for p in VisionPoint
        }


class InterventionForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=markdown_area(4), help_text=MARKDOWN_HELP)
    learning_outcome = forms.CharField(
        label=_("Learning outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What participants can do afterwards."),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[*InterventionLevel.choices, (PERSON_LEVEL, _("One person"))],
        widget=forms.RadioSelect,
        initial=InterventionLevel.ORGANISATION,
        help_text=_("The strategic plan describes interventions for the organisation or for units (R2)."),
    )
    units = ModelMultipleChoiceField(
        label=_("Units"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    objectives = ModelMultipleChoiceField(
        label=_("Serves the objectives"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    work_forms = forms.MultipleChoiceField(
        label=_("Work forms"), choices=WorkForm.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    # R3: every intervention states the year(s) in which it takes place; none is ticked in advance,
    # so a one-year training does not silently run (and get copied) through the whole plan.
    years = forms.TypedMultipleChoiceField(
        label=_("Years"),
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the year(s) in which this intervention takes place (R3).")},
    )
    function_groups = ModelMultipleChoiceField(
        label=_("Function groups"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("Mandatory topics addressed (R12)"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    horizon = forms.ChoiceField(
        label=_("Effect horizon (R23)"),
        choices=[("", "—"), *Horizon.choices],
        required=False,
    )
    already_running = forms.BooleanField(label=_("Already running"), required=False)
    funded_elsewhere = forms.BooleanField(label=_("Funded otherwise"), required=False)
    is_big_training = forms.BooleanField(
        label=_("BIG-registered or nursing-technical training"),
        required=False,
        help_text=_("Paid from the 2 % wage-bill budget, never from the extra Wlz funds (R13)."),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = plan.organisation.units.all()
        self.fields["objectives"].queryset = plan.objectives.select_related("theme").order_by(
            "theme__position", "position", "pk"
        )
        self.fields["objectives"].label_from_instance = lambda o: f"{o.code} – {o.description[:90]}"
        self.fields["function_groups"].queryset = plan.organisation.function_groups.all()
        self.fields["years"].choices = [(y, y) for y in plan.years]
        self.helper = helper()

    def clean_level(self) -> str:
        level = self.cleaned_data["level"]
        if level == PERSON_LEVEL:
            raise forms.ValidationError(
                _(
                    "Interventions for one person are outside the strategic plan (R2): "
                    "they belong in the operational year plan. Describe the intervention for "
                    "the unit or the organisation instead."
                )
            )
        return level

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("level") == InterventionLevel.UNIT and not cleaned.get("units"):
            self.add_error("units", _("Pick the units this intervention is for."))
        if cleaned.get("level") == InterventionLevel.ORGANISATION and cleaned.get("units"):
            cleaned["units"] = []
        return cleaned


class QualificationUnitForm(Form):
    """R4: the qualification mix of one unit: FTE now and desired per level."""

    target_year = forms.TypedChoiceField(label=_("Desired in"), coerce=int, choices=())

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_year"].choices = [(y, y) for y in plan.years]
        self.fields["target_year"].initial = plan.end_year
        for level in QualificationLevel:
            for part in ("current", "desired"):
                self.fields[f"{level.value}_{part}"] = forms.DecimalField(
                    label=level.label, min_value=Decimal("0"), max_digits=8, decimal_places=2, required=False
                )
            self.fields[f"{level.value}_version"] = version_field()

    def level_rows(self):
        return [
            (lvl.value, lvl.label, self[f"{lvl.value}_current"], self[f"{lvl.value}_desired"], self[f"{lvl.value}_version"])
            for lvl in QualificationLevel
        ]


FORMATION_PARTS = (
    ("current_fte", _("FTE now")),
    ("retirement_per_year", _("Retirement / year")),
    ("turnover_per_year", _("Turnover / year")),
    ("growth_per_year", _("Growth / year")),
    ("internship_places", _("Internship places (BPV)")),
)


class FormationUnitForm(Form):
    """R5: the formation of one unit, a row per function group."""

    def __init__(self, *args, function_groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.function_groups = list(function_groups)
        for group in self.function_groups:
            for name, label in FORMATION_PARTS:
                self.fields[f"g{group.pk}_{name}"] = forms.DecimalField(
                    label=label,
                    max_digits=8,
                    decimal_places=2,
                    required=False,
                    min_value=None if name == "growth_per_year" else Decimal("0"),
                )
            self.fields[f"g{group.pk}_version"] = version_field()

    def group_rows(self):
        return [
            (group, [self[f"g{group.pk}_{name}"] for name, _label in FORMATION_PARTS], self[f"g{group.pk}_version"])
            for group in self.function_groups
        ]


class ImprovementActionForm(VersionedForm):
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Who"), max_length=200, required=False)
    due = forms.DateField(label=_("When"), required=False, widget=date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()
