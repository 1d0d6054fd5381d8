"""Forms of the yearly evaluation (R17) and of the board statement drawn from it (R11)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.alignment.services import MAX_REACTION, MAX_TEXT
from plans.content.forms import VersionedForm, helper
from soplan.fields import Form, ModelForm

from .models import Evaluation, Evidence, Realisation

TEXT = 20000


class EvaluationForm(ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Evaluation
        fields = ["conclusions", "attention_points", "plan_change", "plan_change_reason"]
        widgets = {
            "conclusions": forms.Textarea(attrs={"rows": 5}),
            "attention_points": forms.Textarea(attrs={"rows": 4}),
            "plan_change": forms.RadioSelect,
            "plan_change_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version
        self.helper = helper()


class ObjectiveResultForm(Form):
    """One objective's result; ``prefix`` is the objective's code, so one page holds them all."""

    result = forms.ChoiceField(label=_("Result"), choices=Realisation.choices, widget=forms.RadioSelect)
    measured = forms.CharField(label=_("Measured value"), max_length=300, required=False)
    evidence = forms.MultipleChoiceField(
        label=_("Evidence"), choices=Evidence.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Explanation"), required=False, max_length=TEXT, widget=forms.Textarea(attrs={"rows": 2}))
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ThemeReviewForm(Form):
    needs_attention = forms.BooleanField(label=_("Needs extra attention in the coming year"), required=False)
    note = forms.CharField(label=_("Explanation"), required=False, max_length=TEXT, widget=forms.Textarea(attrs={"rows": 2}))
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StatementFromEvaluationForm(Form):
    """The board's statement; one explanation field per objective not met (R11)."""

    text = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT,
        help_text=_("The board confirms that the councils are involved and that the plan is carried out."),
    )

    def __init__(self, *args, unmet: list, **kwargs):
        super().__init__(*args, **kwargs)
        for result in unmet:
            objective = result.objective
            self.fields[f"why_{objective.code}"] = forms.CharField(
                label=_("%(code)s: why not met, and what the board does about it") % {"code": objective.code},
                help_text=objective.description,
                max_length=TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": _("Explain this objective (R11).")},
            )
        self.unmet = unmet
        self.helper = helper()

    def explanations(self) -> dict[str, str]:
        return {r.objective.code: self.cleaned_data[f"why_{r.objective.code}"] for r in self.unmet}


class EvidenceFileForm(Form):
    """R17: upload a file that shows a result, for one objective or the evaluation as a whole."""

    objective = forms.ChoiceField(label=_("For"), required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, objectives=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = [("", _("The evaluation as a whole"))] + [
            (o.code, f"{o.code} {o.description[:80]}") for o in objectives
        ]


class EvaluationCommentForm(Form):
    """The board or a council comments on the evaluation (as in step 4)."""

    text = forms.CharField(label=_("Your comment"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationReactionForm(VersionedForm):
    """The author reacts to a comment on the evaluation."""

    reaction = forms.CharField(
        label=_("Your reaction"), max_length=MAX_REACTION, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Short: what you did with it, or why not. The person who commented reads it."),
    )
