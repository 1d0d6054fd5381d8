"""The checks every journey gets (tests/e2e/pagechecks.py) find what they are there to find."""

from __future__ import annotations

import pytest

from tests.e2e import pagechecks

pytestmark = pytest.mark.django_db(transaction=True)


def test_axe_finds_text_too_pale_to_read(page):
    page.set_content(
        '<!doctype html><html lang="nl"><head><title>t</title></head><body><main>'
        '<p style="color: #aaa; background: #fff">Nauwelijks leesbaar</p></main></body></html>'
    )
    assert [v["id"] for v in pagechecks.axe_violations(page)] == ["color-contrast"]


def test_axe_passes_the_same_text_in_a_dark_colour(page):
    page.set_content(
        '<!doctype html><html lang="nl"><head><title>t</title></head><body><main>'
        '<p style="color: #333; background: #fff">Goed leesbaar</p></main></body></html>'
    )
    assert pagechecks.axe_violations(page) == []


def served(body: str, *, fragment: bool = False) -> pagechecks.Served:
    return pagechecks.Served(test="self-test", method="GET", path="/x/", status=200, headers={}, body=body,
                             fragment=fragment)


@pytest.mark.skipif(pagechecks.java() is None, reason="needs Java (scripts/system-deps.sh test)")
def test_the_html_checker_finds_bare_htmx_attributes_and_passes_the_data_form_and_table_rows():
    page = '<!doctype html><html lang="nl"><head><title>t</title></head><body>{}</body></html>'
    checked, errors, _seconds = pagechecks.validate_html(
        [
            served(page.format('<a hx-get="/y/" href="/y/">y</a>')),
            served(page.format('<a data-hx-get="/y/" href="/y/">y</a>')),
            served('<tr id="row"><td>een rij</td></tr>', fragment=True),  # checked inside a table
        ],
        set(),
    )
    assert checked == 3
    assert len(errors) == 1 and "hx-get" in errors[0] and "GET /x/" in errors[0]


def test_a_csp_violation_in_the_console_is_caught(page, live_server):
    from tests.e2e.conftest import CONSOLE

    page.route(f"{live_server.url}/csp-self-test/", lambda route: route.fulfill(
        status=200, headers={"Content-Type": "text/html", "Content-Security-Policy": "script-src 'self'"},
        body='<!doctype html><html lang="nl"><title>t</title><script>document.title = "ran"</script></html>',
    ))
    page.goto(f"{live_server.url}/csp-self-test/")
    page.wait_for_timeout(200)
    caught = [p for p in CONSOLE.problems if "Content Security Policy" in p]
    assert caught and page.title() == "t"
    CONSOLE.problems.clear()  # found on purpose: it must not fail this test
