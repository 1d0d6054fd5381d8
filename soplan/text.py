"""Long texts with simple formatting: paragraphs, lists, bold, italics and links.

Users type Markdown. What they type is never trusted as HTML: raw HTML is escaped before
Markdown sees it, and the result passes nh3's allow-list. For PDFs we go one step further
(security rule "user text never reaches the PDF renderer as markup or URLs"): links become
plain text ``label (address)`` so that no user-supplied address is ever handed to WeasyPrint.

Every text that comes in (forms, the JSON importer) first passes :func:`clean_text`, which drops
control characters: nobody types them, and they break what we produce from the text (Excel
refuses them in a cell, XML and e-mail headers choke on them).
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as ET

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "blockquote"}
_PDF_TAGS = _TAGS - {"a"}
_URL_SCHEMES = {"http", "https", "mailto"}


class _LinksToText(Treeprocessor):
    """Replace every <a href="x">label</a> by the text "label (x)"."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag != "a":
                    continue
                label = "".join(child.itertext())
                href = child.get("href", "")
                span = ET.Element("span")
                span.text = f"{label} ({href})" if href and href != label else label
                span.tail = child.tail
                parent.insert(list(parent).index(child), span)
                parent.remove(child)


class _LinksToTextExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_LinksToText(md), "soplan_links_to_text", 0)


# C0 except tab, line feed and carriage return; DEL; C1; and lone surrogates (from a JSON escape),
# which no database encoding accepts.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: str) -> str:
    """``value`` without control characters (tab, line feed and carriage return stay).

    The one cleaning step for text from outside: the project's forms and the JSON importer both
    call it, and the outputs (Excel, PDF, e-mail) call it again for text stored before it existed.
    """
    return _CONTROL.sub("", value)


_converters = threading.local()


def _converter(for_pdf: bool) -> markdown.Markdown:
    """One Markdown converter per thread and kind, reset between texts.

    Building a converter loads its extensions and patterns; a plan page renders hundreds of
    texts, so building one per text dominated the page (and fed the garbage collector).
    """
    attribute = "pdf" if for_pdf else "web"
    converter = getattr(_converters, attribute, None)
    if converter is None:
        extensions: list = ["sane_lists"]
        if for_pdf:
            extensions.append(_LinksToTextExtension())
        converter = markdown.Markdown(extensions=extensions, output_format="html")
        setattr(_converters, attribute, converter)
    return converter


# Deeper than anybody writes a list, and shallow enough for the renderers: Markdown's parser
# recurses per level (RecursionError at a few hundred), WeasyPrint's layout too (at about 100).
MAX_NESTING = 20
_TAG = re.compile(r"<(/?)([a-z]+)[^>]*>")


def _nesting(html_text: str) -> int:
    """How deeply the elements of sanitised HTML nest (``<br>`` is empty)."""
    depth = deepest = 0
    for closing, name in _TAG.findall(html_text):
        if name == "br":
            continue
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    return deepest


def _paragraphs(escaped: str) -> str:
    """Escaped text as plain paragraphs: the form of a text nested too deeply to format."""
    blocks = (block.strip() for block in re.split(r"\n\s*\n", escaped))
    return "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in blocks if block)


def _sanitise(rendered: str, *, for_pdf: bool) -> str:
    return nh3.clean(
        rendered,
        tags=_PDF_TAGS if for_pdf else _TAGS,
        attributes={} if for_pdf else {"a": {"href"}},
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _to_html(text: str, *, for_pdf: bool) -> str:
    if not text:
        return ""
    # Escape HTML the user typed (so "<b>" shows as text) but keep Markdown's own syntax.
    escaped = html.escape(text, quote=False)
    try:
        rendered = _converter(for_pdf).reset().convert(escaped)
    except RecursionError:  # thousands of nested list markers
        # The converter stopped halfway and reset() does not undo all of it: build a new one.
        setattr(_converters, "pdf" if for_pdf else "web", None)
        rendered = _paragraphs(escaped)
    cleaned = _sanitise(rendered, for_pdf=for_pdf)
    if _nesting(cleaned) > MAX_NESTING:
        cleaned = _sanitise(_paragraphs(escaped), for_pdf=for_pdf)
    return cleaned


def render(text: str) -> SafeString:
    """Markdown → safe HTML for web pages."""
    return mark_safe(_to_html(text, for_pdf=False))  # noqa: S308 - sanitised by nh3 above


def render_for_pdf(text: str) -> SafeString:
    """Markdown → safe HTML for the PDF renderer: no links, no attributes, no URLs."""
    return mark_safe(_to_html(text, for_pdf=True))  # noqa: S308 - sanitised by nh3 above


def plain(text: str) -> str:
    """The text without formatting, for short previews."""
    return nh3.clean(_to_html(text, for_pdf=True), tags=set()).strip()
