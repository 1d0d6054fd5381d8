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
