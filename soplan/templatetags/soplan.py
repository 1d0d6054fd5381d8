"""Template filters shared by all apps: safe Markdown, money and FTE in the active language."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from soplan import text

register = template.Library()


@register.filter
def markdown(value: str):
    return text.render(value or "")


@register.filter
def markdown_pdf(value: str):
    return text.render_for_pdf(value or "")


@register.filter
def plaintext(value: str) -> str:
    return text.plain(value or "")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def money(value) -> str:
    """€ 1.234,56 in Dutch, € 1,234.56 in English; empty for no value."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return "€\u00a0" + number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


@register.filter
def signed_money0(value) -> str:
    """A difference in whole euros: + € 1.200 or − € 400; empty for no value."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return ("+\u00a0" if amount >= 0 else "−\u00a0") + money0(abs(amount))


@register.filter
def money0(value) -> str:
    """Whole euros, for overviews."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return "€\u00a0" + number_format(
        amount.quantize(Decimal("1")), decimal_pos=0, use_l10n=True, force_grouping=True
    )


@register.filter
def fte(value, places: int = 1) -> str:
    amount = _decimal(value)
    if amount is None:
        return ""
    return number_format(amount, decimal_pos=int(places), use_l10n=True, force_grouping=True)


@register.filter
def percent(value, places: int = 0) -> str:
    amount = _decimal(value)
    if amount is None:
        return ""
    return number_format(amount, decimal_pos=int(places), use_l10n=True) + "\u00a0%"


@register.simple_tag
def status_badge(label: str, tone: str = "secondary"):
    return format_html('<span class="badge text-bg-{}">{}</span>', tone, label)


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in templates (an empty list when absent)."""
    if mapping is None:
        return []
    return mapping.get(key, [])


@register.filter
def attr(obj, name: str):
    """A model attribute by name, or None (used to show another person's saved values)."""
    display = getattr(obj, f"get_{name}_display", None)
    if callable(display):  # a choice: show its label, not its code
        return display()
    value = getattr(obj, name, None)
    if hasattr(value, "all"):  # a many-to-many manager
        return list(value.all())
    return value


@register.filter
def display_value(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return str(value) if value not in (None, "") else "—"


@register.filter
def rule_label(rule: str) -> str:
    """A finding's rule for display: R-numbers as they are, 'step 2' and 'ingredient 5' translated."""
    kind, _space, number = rule.partition(" ")
    if kind == "step":
        return _("step %(n)s") % {"n": number}
    if kind == "ingredient":
        return _("ingredient %(n)s") % {"n": number}
    return rule


@register.filter
def in_list(value, options: str) -> bool:
    """``value`` is one of the comma-separated ``options``."""
    return str(value) in options.split(",")


_CONTROL_CLASS = {"select": "select form-select", "selectmultiple": "selectmultiple form-select"}


@register.filter
def form_control(field):
    """A field's widget with the classes crispy-forms' bootstrap5 pack gives it
    (``textarea form-control``, ``select form-select``, ``is-invalid``), for partials/field.html.
    The widget's own attributes are kept."""
    widget = field.field.widget
    kind = type(widget).__name__.lower()
    classes = widget.attrs.get("class", "").split()
    for name in _CONTROL_CLASS.get(kind, f"{kind} form-control").split() + (["is-invalid"] if field.errors else []):
        if name not in classes:
            classes.append(name)
    # aria-invalid and aria-describedby (help text and errors) are Django's own, as with crispy.
    return field.as_widget(attrs={"class": " ".join(classes)})


ROW_ID = "999999999999999999"  # a valid id (18 digits) that no row has: the placeholder of a row URL


@register.filter
def fill(url_template: str, pk) -> str:
    """Put ``pk`` in the first placeholder of a row URL built once per page (soplan.ui.row_url).

    Resolving a URL per row and action cost a long page (hundreds of interventions) more than
    rendering the rows themselves.
    """
    return url_template.replace(ROW_ID, str(int(pk)), 1)


@register.simple_tag(takes_context=True)
def move_buttons(context, urls: dict, item, first: bool, last: bool):
    """The "move up" and "move down" buttons of a row, for those who may edit the plan.

    A tag rather than an included template: a long list renders it once per row, and an include
    per row cost more than the row itself. The token and the labels are escaped once per page
    (the token is a lazy object, costly to escape per row), each row's own values per row.
    """
    if not context.get("can_edit"):
        return ""
    fixed = context.render_context.get("move_buttons")
    if fixed is None:
        fixed = context.render_context["move_buttons"] = (
            escape(str(context.get("csrf_token") or "")),
            (("up", escape(_("Move up")), "bi-arrow-up"), ("down", escape(_("Move down")), "bi-arrow-down")),
        )
    token, buttons = fixed
    code = escape(item.code)
    html = "".join(
        f'<form method="post" action="{escape(fill(urls[direction], item.pk))}" class="d-inline">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        f'<button class="btn btn-sm btn-link p-0 px-1"{" disabled" if disabled else ""} aria-label="{label}: {code}" '
        f'title="{label}"><i class="bi {icon}" aria-hidden="true"></i></button></form>'
        for (direction, label, icon), disabled in zip(buttons, (first, last), strict=True)
    )
    return mark_safe(html)  # noqa: S308 -- every value in it is escaped above
