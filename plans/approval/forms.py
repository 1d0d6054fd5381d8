"""Forms of step 6. They validate input; plans.lifecycle decides and writes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.approval.models import DecisionKind, SignatureKind
from plans.approval.services import DEFAULT_CONSENT_DAYS
from plans.content.forms import helper
from soplan.fields import Form, date_input
from stakeholders.models import Body


class HashBoundForm(Form):
    """Carries the hash of the version the person read, so a decision binds to that text."""

    version_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)


class DeadlinesMixin:
    """One 'answer before' date per body that must consent."""

    def add_deadlines(self, bodies: list[tuple[str, str]]) -> None:
        default = timezone.localdate() + dt.timedelta(days=DEFAULT_CONSENT_DAYS)
        self.deadline_fields = []
        for kind, name in bodies:
            key = f"deadline_{kind}"
            self.fields[key] = forms.DateField(
                label=_("%(body)s: answer before") % {"body": name},
                initial=default,
                widget=date_input(),
                required=False,
            )
            self.deadline_fields.append((kind, key))

    def deadlines(self) -> dict[str, dt.date]:
        return {kind: self.cleaned_data[key] for kind, key in self.deadline_fields if self.cleaned_data.get(key)}


class ApproveForm(DeadlinesMixin, HashBoundForm):
    note = forms.CharField(
        label=_("Note of the board (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    ask_consent = forms.BooleanField(
        label=_("Ask the councils for consent right away"),
        required=False,
        initial=True,
        help_text=_("Otherwise you or the L&D author can ask later from the approval page."),
    )

    def __init__(self, *args, bodies: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_deadlines(bodies)
        self.helper = helper()


class ReturnForm(HashBoundForm):
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("What must change before the board can approve? The author sees this on the draft."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class RequestConsentForm(DeadlinesMixin, Form):
    def __init__(self, *args, bodies: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_deadlines(bodies)
        self.helper = helper()


class ConsentForm(HashBoundForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (DecisionKind.CONSENTED.value, _("Consent")),
            (DecisionKind.CONSENTED_WITH_CONDITIONS.value, _("Consent with conditions")),
            (DecisionKind.REFUSED.value, _("Refuse consent")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Conditions or reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=_("Required for consent with conditions (the conditions) and for a refusal (the reasons)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()

    def clean(self):
        cleaned = super().clean()
        decision, text = cleaned.get("decision"), (cleaned.get("text") or "").strip()
        if decision == DecisionKind.CONSENTED_WITH_CONDITIONS and not text:
            self.add_error("text", _("Write down the conditions of the consent."))
        if decision == DecisionKind.REFUSED and not text:
            self.add_error("text", _("Give the reasons for the refusal."))
        return cleaned


class MarkSentForm(Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=date_input())
    zorgkantoor = forms.CharField(label=_("Zorgkantoor"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate()
        self.helper = helper()


class StartChangeForm(Form):
    title = forms.CharField(label=_("Title of the changed plan"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class StatementForm(Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    text = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("The board confirms that the councils are involved and that the plan is carried out."),
    )
    objectives_met = forms.TypedChoiceField(
        label=_("Were last year's objectives met?"),
        choices=[("yes", _("Yes")), ("no", _("No, not all of them"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    explanation = forms.CharField(
        label=_("Why not, and what the board does about it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        help_text=_("Required when objectives were not met (R11)."),
    )

    def __init__(self, *args, years: list[int], initial_year: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        if initial_year:
            self.fields["year"].initial = initial_year
        self.helper = helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("objectives_met") is False and not (cleaned.get("explanation") or "").strip():
            self.add_error("explanation", _("Explain why last year's objectives were not met (R11)."))
        return cleaned


class SignStatementForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (SignatureKind.COSIGNED.value, _("Co-sign the board statement")),
            (SignatureKind.DECLINED.value, _("Decline to co-sign")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Remarks or reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text=_("Required when you decline."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == SignatureKind.DECLINED and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Give the reasons for declining."))
        return cleaned


def body_choices(bodies: list[Body]) -> list[tuple[str, str]]:
    return [(b.kind, b.name) for b in bodies]
