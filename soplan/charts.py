"""Plain SVG bar charts for pages and PDFs (no JavaScript, no external files).

The same SVG is inlined in web pages and in the HTML WeasyPrint renders, so a chart in the PDF
looks like the one on screen. All text is XML-escaped; values are numbers we computed. Looks are
SVG presentation attributes, not a <style> element: the pages' Content-Security-Policy allows no
inline styles (and presentation attributes are not styles to it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#2f6f8f", "#e0a526", "#6a9f58", "#b4545a", "#7a68a6", "#4f8a8b")
Number = Decimal | int | float
# Every chart's content sits in this group: its texts inherit the size and colour (the bars and
# lines carry their own fill and stroke); the font is the page's, as SVG text inherits it.
# The PDF swaps INHERIT_FONT for its typeface (plans.documents.rendering): WeasyPrint's inline SVG
# inherits none.
INHERIT_FONT = 'font-family="inherit"'
TEXT_GROUP = f'<g {INHERIT_FONT} font-size="11px" fill="#333">'


def _nice_step(maximum: float, ticks: int = 4) -> float:
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(value, decimal_pos=1, force_grouping=True)


def _legend(series_names: Sequence[str], x: float, y: float) -> list[str]:
    parts = []
    for i, name in enumerate(series_names):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14:.1f}" y="{y:.1f}" font-size="12px">{escape(str(name))}</text>'
        )
        x += 24 + 7 * len(str(name))
    return parts


def _truncate(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def grouped_bars(
    *,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    unit: str,
    title: str,
    width: int = 680,
    height: int = 300,
) -> SafeString:
    """Vertical bars, one group per category, one bar per series."""
    if not categories:
        return mark_safe("")  # noqa: S308 - empty string
    left, right, top, bottom = 56, 12, 34, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    maximum = max((float(v) for _name, values in series for v in values), default=0.0)
    step = _nice_step(maximum)
    top_value = step * max(1, math.ceil(maximum / step))
    group_w = plot_w / len(categories)
    bar_w = min(28.0, group_w * 0.8 / max(1, len(series)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(str(title))}" class="chart">',
        f"<title>{escape(str(title))}</title>",
        TEXT_GROUP,
    ]
    parts += _legend([name for name, _values in series], left, 16)
    value = 0.0
    while value <= top_value + 1e-9:
        y = top + plot_h - plot_h * value / top_value
        parts.append(f'<line stroke="#e3e3e3" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(value)}</text>')
        value += step
    parts.append(
        f'<text x="12" y="{top + plot_h / 2:.1f}" transform="rotate(-90 12 {top + plot_h / 2:.1f})" '
        f'text-anchor="middle">{escape(str(unit))}</text>'
    )
    for ci, category in enumerate(categories):
        group_x = left + ci * group_w + (group_w - bar_w * len(series)) / 2
        for si, (_name, values) in enumerate(series):
            v = float(values[ci])
            h = plot_h * v / top_value if top_value else 0
            x = group_x + si * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[si % len(PALETTE)]}"><title>{escape(str(category))}: {_fmt(v)}</title></rect>'
            )
        cx = left + ci * group_w + group_w / 2
        parts.append(
            f'<text x="{cx:.1f}" y="{top + plot_h + 16:.1f}" text-anchor="middle">'
            f"{escape(_truncate(str(category), max(6, int(group_w / 6.5))))}</text>"
        )
    parts.append(
        f'<line stroke="#999" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"/>'
    )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node escaped above


def horizontal_bars(
    *,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    unit: str,
    title: str,
    width: int = 680,
    value_format=_fmt,
) -> SafeString:
    """Horizontal stacked bars: suits long labels such as theme titles or funding sources."""
    if not categories:
        return mark_safe("")  # noqa: S308 - empty string
    row_h, left, right, top = 26, 230, 90, 34
    height = top + row_h * len(categories) + 28
    plot_w = width - left - right
    totals = [sum(float(values[i]) for _n, values in series) for i in range(len(categories))]
    maximum = max(totals, default=0.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(str(title))}" class="chart">',
        f"<title>{escape(str(title))}</title>",
        TEXT_GROUP,
    ]
    if len(series) > 1:
        parts += _legend([name for name, _values in series], left, 16)
    for ci, category in enumerate(categories):
        y = top + ci * row_h
        parts.append(
            f'<text x="{left - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(_truncate(str(category), 38))}</text>"
        )
        x = float(left)
        for si, (_name, values) in enumerate(series):
            w = plot_w * float(values[ci]) / maximum
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                    f'fill="{PALETTE[si % len(PALETTE)]}"><title>{escape(str(category))}: '
                    f"{escape(value_format(float(values[ci])))}</title></rect>"
                )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + row_h / 2 + 4:.1f}">{escape(value_format(totals[ci]))}</text>'
        )
    parts.append(
        f'<text x="{left}" y="{height - 6}" font-size="12px">{escape(str(unit))}</text>'
    )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node escaped above
