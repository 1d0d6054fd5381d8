from django import forms
from django.utils.translation import gettext_lazy as _

from plans.content.models import Horizon
from plans.regional.models import ActionStatus
from soplan.fields import Form, ModelChoiceField, ModelMultipleChoiceField, version_field
from stakeholders.models import Organisation, Region, ShareKind


class SharingForm(Form):
    kinds = forms.MultipleChoiceField(
        label=_("Share with the region"),
        choices=ShareKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only figures from the adopted plan are shared, never plan texts or drafts."),
    )


class ActionForm(Form):
    """A regional action of the doe-agenda (R23)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner = ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.none(),
                             help_text=_("The member organisation that leads the action."))
    participants = ModelMultipleChoiceField(
        label=_("Member organisations taking part"), queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    horizon = forms.ChoiceField(label=_("Effect horizon"), choices=Horizon.choices, help_text=_("When the effect is expected (R23)."))
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    lock_version = version_field()

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        members = region.organisations.order_by("name")
        self.fields["owner"].queryset = members
        self.fields["participants"].queryset = members


class LinkForm(Form):
    """A member's author links an intervention of the adopted plan to a regional action."""

    intervention = forms.ChoiceField(label=_("Intervention of your adopted plan"))

    def __init__(self, *args, interventions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].choices = [(i["code"], f"{i['code']} {i['title']}") for i in interventions]


class MonitorForm(Form):
    """The coordinator asks for the regional monitor of a year (the zero measurement, then yearly)."""

    year = forms.IntegerField(label=_("Monitoring year"), min_value=2000, max_value=2100)
