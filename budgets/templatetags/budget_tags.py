"""Small template helpers for the budget pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def at(mapping, key):
    """``mapping[key]`` or None (amounts per year or per funding source)."""
    if mapping is None:
        return None
    return mapping.get(key)
