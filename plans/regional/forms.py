from django import forms
from django.utils.translation import gettext_lazy as _

from soplan.fields import Form
from stakeholders.models import ShareKind


class SharingForm(Form):
    kinds = forms.MultipleChoiceField(
        label=_("Share with the region"),
        choices=ShareKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only figures from the adopted plan are shared, never plan texts or drafts."),
    )
