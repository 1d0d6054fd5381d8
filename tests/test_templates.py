"""What the Nu HTML Checker of the browser journeys would find, caught in every template, also in
those no journey visits yet."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# htmx reads data-hx-* as well as hx-*; only the data- form is valid HTML.
BARE_HTMX = re.compile(r"(?<![\w-])hx-[a-z-]+=")
# A <time datetime> may carry at most three digits of a second; Django's "c" format has six.
# An icon is decoration (aria-hidden) next to text; aria-label is not allowed on a bare <i>.
LABELLED_ICON = re.compile(r"<i\s[^>]*aria-label=")
ISO_WITH_MICROSECONDS = re.compile(r"datetime=\"\{\{[^}]*\|date:['\"]c['\"]")


def html_templates():
    return [p for p in TEMPLATES.rglob("*.html") if "pdf" not in p.relative_to(TEMPLATES).parts[:1]]


def test_templates_use_only_the_valid_data_hx_form_of_htmx_attributes():
    offenders = [f"{p.relative_to(TEMPLATES)}: {m.group(0)}" for p in html_templates() for m in BARE_HTMX.finditer(p.read_text())]
    assert offenders == []


def test_time_elements_carry_a_valid_datetime():
    offenders = [str(p.relative_to(TEMPLATES)) for p in html_templates() if ISO_WITH_MICROSECONDS.search(p.read_text())]
    assert offenders == []


def test_icons_carry_no_aria_label_their_text_is_beside_them():
    offenders = [str(p.relative_to(TEMPLATES)) for p in html_templates() if LABELLED_ICON.search(p.read_text())]
    assert offenders == []


def test_the_patterns_find_what_they_look_for():
    assert BARE_HTMX.search('<a hx-get="/x">') and not BARE_HTMX.search('<a data-hx-get="/x">')
    assert LABELLED_ICON.search('<i class="bi" aria-label="x"></i>') and not LABELLED_ICON.search('<i class="bi" aria-hidden="true"></i>')
    assert ISO_WITH_MICROSECONDS.search('<time datetime="{{ c.created_at|date:\'c\' }}">')
