from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from soplan.fields import Form, ModelChoiceField, ModelForm, ModelMultipleChoiceField

from .models import (
    MEMBERSHIP_ROLES,
    BodyKind,
    BodyPosition,
    FunctionGroup,
    Language,
    Organisation,
    Sector,
    Unit,
)
from .selectors import subtree_ids


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the page template owns <form>, its buttons and the CSRF token
    return helper


class OrganisationForm(ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "sector",
            "has_var",
            "has_client_council",
            "always_involve_client_council",
            "zorgkantoor",
            "document_language",
            "require_second_factor",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class UnitForm(ModelForm):
    parent = ModelChoiceField(label=_("part of"), queryset=Unit.objects.none(), required=False)

    class Meta:
        model = Unit
        fields = ["name", "code", "parent", "fte", "is_care_staff"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        # The model's clean() compares the parent's organisation with the unit's; a new unit
        # must know its organisation before the form validates, or every parent is "foreign".
        self.instance.organisation = organisation
        parents = organisation.units.all()
        if self.instance.pk:
            parents = parents.exclude(pk__in=subtree_ids(organisation, {self.instance.pk}))
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False
        self.fields["code"].help_text = _("Short and unique in the organisation, e.g. 'wz-horst'.")
        self.helper = _helper()

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        clash = self.organisation.units.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another unit already uses this code."))
        return code


class FunctionGroupForm(ModelForm):
    class Meta:
        model = FunctionGroup
        fields = ["name", "code", "qualification_level", "is_care_staff"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.helper = _helper()

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        clash = self.organisation.function_groups.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another function group already uses this code."))
        return code


class PersonForm(Form):
    """A person's roles in one organisation; with name and e-mail when adding someone."""

    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(r.value, r.label) for r in MEMBERSHIP_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    units = ModelMultipleChoiceField(
        label=_("Manages these units"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only for line managers: they add team wishes and formation figures here."),
    )

    def __init__(self, *args, organisation: Organisation, existing_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.existing_user = existing_user
        self.fields["units"].queryset = organisation.units.all()
        if existing_user is not None:
            for name in ("email", "first_name", "last_name"):
                del self.fields[name]
        self.body_kinds = [BodyKind.BOARD, BodyKind.WORKS_COUNCIL]
        if organisation.has_var:
            self.body_kinds.append(BodyKind.NURSING_BOARD)
        if organisation.has_client_council:
            self.body_kinds.append(BodyKind.CLIENT_COUNCIL)
        for kind in self.body_kinds:
            self.fields[f"body_{kind}"] = forms.BooleanField(
                label=_("Member of: %(body)s") % {"body": kind.label}, required=False
            )
            self.fields[f"position_{kind}"] = forms.ChoiceField(
                label=_("Position"), choices=BodyPosition.choices, initial=BodyPosition.MEMBER, required=False
            )
            self.fields[f"record_{kind}"] = forms.BooleanField(
                label=_("May record the body's decision"), required=False
            )

    def body_rows(self):
        """(membership, position, may-record) bound fields per body, for the template."""
        return [
            (kind, self[f"body_{kind}"], self[f"position_{kind}"], self[f"record_{kind}"])
            for kind in self.body_kinds
        ]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=email).first()
        if user is not None and (
            user.memberships.filter(organisation=self.organisation).exists()
            or user.body_memberships.filter(body__organisation=self.organisation).exists()
        ):
            raise forms.ValidationError(
                _("This person already belongs to the organisation; change their roles instead.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if "line_manager" not in cleaned.get("roles", []) and cleaned.get("units"):
            self.add_error("units", _("Units only apply to line managers."))
        if not cleaned.get("roles") and not any(
            cleaned.get(f"body_{kind}") for kind in self.body_kinds
        ):
            raise forms.ValidationError(_("Give the person at least one role or body."))
        return cleaned

    def bodies(self) -> dict[str, dict]:
        return {
            kind.value: {
                "position": self.cleaned_data[f"position_{kind}"] or BodyPosition.MEMBER,
                "may_record_decision": self.cleaned_data[f"record_{kind}"],
            }
            for kind in self.body_kinds
            if self.cleaned_data.get(f"body_{kind}")
        }


class BodyForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class LanguageForm(Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False)


class OrganisationStartForm(Form):
    """The site operator starts an organisation and names its first L&D author."""

    name = forms.CharField(label=_("name of the organisation"), max_length=200)
    sector = forms.ChoiceField(label=_("sector"), choices=Sector.choices, initial=Sector.VVT)
    first_name = forms.CharField(label=_("first name of the L&D author"), max_length=150)
    last_name = forms.CharField(label=_("last name of the L&D author"), max_length=150)
    email = forms.EmailField(label=_("e-mail address of the L&D author"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CodeForm(Form):
    """A code of the authenticator app or a recovery code (second factor)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
