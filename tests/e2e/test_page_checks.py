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
