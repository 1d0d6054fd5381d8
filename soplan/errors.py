"""The refusals services raise and views turn into messages (``soplan.ui``).

Services import them from ``stakeholders.changes``, the write path they build on.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the action; ``message`` is shown to the user as is."""

    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class ConflictError(DomainError):
    """Somebody saved the same object after the user opened it."""

    def __init__(self, current: models.Model | None = None) -> None:
        super().__init__(
            str(
                _(
                    "Somebody else saved this in the meantime. Your input is kept in the form: "
                    "compare it with their version and save again."
                )
            ),
            code="conflict",
        )
        self.current = current
