"""The project's form base and form fields: what comes in is cleaned or refused before it
reaches a service or the database.

Every form of the project derives from :class:`Form` or :class:`ModelForm`, which pass all
submitted text through ``soplan.text.clean_text`` (control characters dropped) before any field
sees it (``tests/test_hostile_input.py`` checks that no form is left out).

Django's model choice fields pass any integer to the query; one larger than the database
integer raises OverflowError (SQLite) or DataError (PostgreSQL): a server error from a tampered
form. These refuse such values as an invalid choice instead.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from soplan.text import clean_text

_ID = re.compile(r"^\d{1,18}$")
MAX_INT = 2**31 - 1


def _clean_value(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    return value


def clean_data(data):
    """A copy of submitted form data with every text cleaned (files are not in it)."""
    if isinstance(data, QueryDict):
        cleaned = QueryDict(mutable=True, encoding=data.encoding)
        for key, values in data.lists():
            cleaned.setlist(key, _clean_value(values))
        return cleaned
    return {key: _clean_value(value) for key, value in data.items()}


class CleanInputMixin:
    """Cleans the submitted data once, before the fields read it: one step for every text field,
    so no field, widget or ``clean_<field>`` can forget it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = clean_data(self.data)


class Form(CleanInputMixin, forms.Form):
    pass


class ModelForm(CleanInputMixin, forms.ModelForm):
    pass


def _valid_id(value) -> bool:
    return bool(_ID.match(str(value).strip()))


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _valid_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not _valid_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


def version_field() -> forms.IntegerField:
    """The hidden version number of optimistic locking."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=MAX_INT)


class IdConverter:
    """URL converter for database ids: digits only, short enough for a 64-bit integer, so an
    absurd id in an address is a plain 404 instead of a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def date_input() -> forms.DateInput:
    """A date field's widget: the browser's own date picker, in ISO form."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
