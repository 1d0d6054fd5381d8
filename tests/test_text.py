"""Long texts: simple formatting is kept; HTML and dangerous links never get through."""

from __future__ import annotations

from soplan import text


def test_formatting_is_rendered():
    html = text.render("Een **vet** woord en een lijst:\n\n- een\n- twee\n\n[ActiZ](https://www.actiz.nl)")
    assert "<strong>vet</strong>" in html
    assert "<li>een</li>" in html
    assert 'href="https://www.actiz.nl"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_typed_html_is_shown_as_text_not_executed():
    html = text.render('<script>alert("x")</script><img src=x onerror=alert(1)>')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_links_with_dangerous_schemes_lose_their_address():
    html = text.render("[klik](javascript:alert(1)) [bestand](file:///etc/passwd)")
    assert "javascript:" not in html
    assert 'href="file:' not in html


def test_for_the_pdf_no_link_or_address_reaches_the_renderer():
    html = text.render_for_pdf("Zie [de handreiking](https://www.actiz.nl/handreiking) en ![x](file:///etc/passwd)")
    assert "<a" not in html and "<img" not in html and "href" not in html and "src" not in html
    assert "de handreiking (https://www.actiz.nl/handreiking)" in html


def test_plain_drops_the_formatting():
    assert text.plain("**Vet** en *schuin*") == "Vet en schuin"


def test_the_dutch_translations_compile_and_none_is_fuzzy_or_missing():
    """A fuzzy entry is English on a Dutch page; a broken format string stops the set-up."""
    import shutil
    import subprocess
    from pathlib import Path

    po = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    if shutil.which("msgfmt") is None:  # pragma: no cover - gettext is a set-up package
        raise AssertionError("msgfmt is missing: scripts/system-deps.sh installs gettext")
    checked = subprocess.run(["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(po)],
                             capture_output=True, text=True, env={"LC_ALL": "C"})
    assert checked.returncode == 0, checked.stderr
    assert "fuzzy" not in checked.stderr and "untranslated" not in checked.stderr, checked.stderr


def test_a_list_nested_deeper_than_anybody_writes_is_shown_as_plain_text():
    for depth in (25, 3000):  # within Markdown's reach, and far beyond it (its RecursionError)
        typed = "- " * depth + "x <b>\n\nTweede alinea"
        for html in (text.render(typed), text.render_for_pdf(typed)):
            assert "<ul>" not in html
            assert html.startswith("<p>- - - ") and "x &lt;b&gt;</p><p>Tweede alinea</p>" in html


def test_nesting_as_people_write_it_keeps_its_formatting():
    html = text.render("- een\n    - twee\n        - drie")
    assert html.count("<ul>") == 3
