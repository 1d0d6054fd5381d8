"""Forms of step 4 (alignment). They validate input; plans.alignment decides and writes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.alignment.models import CommentKind
from plans.alignment.services import MAX_REACTION, MAX_TEXT, ROLE_ORDER, commentable_sections
from plans.content.forms import InterventionForm, VersionedForm, helper
from plans.content.models import Plan
from soplan.fields import Form, ModelChoiceField, date_input
from stakeholders.models import Role

DEFAULT_CONSULTATION_DAYS = 21  # three weeks: time for a team meeting and a council meeting


class OpenConsultationForm(Form):
    message = forms.CharField(
        label=_("Message to the people involved (optional)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What would you like them to look at? For example the new themes, or the formation per team."),
    )
    closes_on = forms.DateField(
        label=_("Comments until"),
        required=False,
        widget=date_input(),
        help_text=_("Optional. The round stays open until you close it; the date tells people when to react."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closes_on"].initial = timezone.localdate() + dt.timedelta(days=DEFAULT_CONSULTATION_DAYS)
        self.helper = helper()

    def clean_closes_on(self):
        value = self.cleaned_data["closes_on"]
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("The closing date cannot lie in the past."))
        return value


class CommentForm(Form):
    """A comment (on the plan or one part of it) or, for a line manager, a team wish."""

    kind = forms.ChoiceField(
        label=_("What do you want to add?"),
        choices=CommentKind.choices,
        initial=CommentKind.COMMENT,
        widget=forms.RadioSelect,
    )
    section = forms.ChoiceField(label=_("About"), required=False, choices=())
    unit = ModelChoiceField(
        label=_("For the unit"),
        queryset=None,
        required=False,
        help_text=_("A team wish is for one of the units you manage."),
    )
    text = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    role = forms.ChoiceField(label=_("You comment as"), required=False, choices=())

    def __init__(self, *args, plan: Plan, roles: frozenset[str], units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The plan as a whole")), *commentable_sections()]
        self.fields["unit"].queryset = units
        self.may_wish = Role.LINE_MANAGER.value in roles and units.exists()
        if self.may_wish:
            self.fields["text"].label = _("Your comment or team wish")
        else:
            del self.fields["kind"]
            del self.fields["unit"]
        held = [r for r in ROLE_ORDER if r.value in roles]
        if len(held) > 1:
            self.fields["role"].choices = [(r.value, r.label) for r in held]
            self.fields["role"].initial = held[0].value
        else:
            del self.fields["role"]
        self.helper = helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == CommentKind.WISH:
            if not cleaned.get("unit"):
                self.add_error("unit", _("A team wish is for one of your units: pick the unit."))
        else:
            cleaned["unit"] = None
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "section": data.get("section") or "",
            "kind": data.get("kind") or CommentKind.COMMENT,
            "unit": data.get("unit"),
            "role": data.get("role") or None,
        }


class HandleCommentForm(VersionedForm):
    reaction = forms.CharField(
        label=_("Your reaction"),
        max_length=MAX_REACTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Short: what you did with it, or why not. The person who commented reads it."),
    )
    intervention = ModelChoiceField(
        label=_("Taken up in learning intervention (optional)"),
        queryset=None,
        required=False,
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = plan.interventions.all()
        self.fields["intervention"].empty_label = "—"
        self.helper = helper()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("reaction") and not cleaned.get("intervention"):
            self.add_error("reaction", _("Write a short reaction: the person who commented reads it."))
        return cleaned


class WishInterventionForm(InterventionForm):
    """The intervention form, prefilled from a team wish; ``lock_version`` is the wish's version."""

    reaction = forms.CharField(
        label=_("Reaction (optional)"),
        max_length=MAX_REACTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The line manager sees that the wish became this intervention; add a word if you like."),
    )
