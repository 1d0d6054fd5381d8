"""Small helpers that keep views thin: run a service, turn refusals into messages or form errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from soplan.errors import ConflictError, DomainError


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a model's ValidationError to the form: per field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


def run_form_service(
    request: HttpRequest, form: forms.BaseForm, service: Callable[[], Any]
) -> tuple[bool, Any]:
    """Call ``service`` for a valid form; report refusals on the form, never lose the input.

    Returns (ok, result). On a conflict the form gets the message and ``form.conflict`` holds
    the row as somebody else saved it, so the page can show both.
    """
    form.conflict = None
    try:
        return True, service()
    except ConflictError as exc:
        form.conflict = exc.current
        form.add_error(None, exc.message)
        if exc.current is not None and "lock_version" in form.fields:
            # The user has now seen the other version: a second save deliberately replaces it.
            form.data = form.data.copy()
            form.data["lock_version"] = exc.current.lock_version
    except DomainError as exc:
        form.add_error(None, exc.message)
    except ValidationError as exc:
        apply_errors(form, exc)
    return False, None


def run_action(request: HttpRequest, service: Callable[[], Any], success: str = "") -> bool:
    """Call a service for a confirmation-page POST; show success or the refusal as a message."""
    try:
        service()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    if success:
        messages.success(request, success)
    return True


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def row_url(name: str, **kwargs) -> str:
    """A URL with a placeholder for each row id passed as None; fill it in templates with
    ``|fill:pk`` (in path order)."""
    from soplan.templatetags.soplan import ROW_ID

    return reverse(name, kwargs={k: (ROW_ID if v is None else v) for k, v in kwargs.items()})
