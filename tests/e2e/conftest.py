"""Browser journeys: Playwright drives Debian's Chromium against the live test server.

Never `playwright install`: the browser is /usr/bin/chromium from Debian (set-up installs it).
Screenshots land in test-screenshots/ for a human to look at.

Every journey is also checked without asking (tests/e2e/pagechecks.py): axe-core at each
screenshot and on every page served to it, the browser console for Content-Security-Policy
violations and script errors, and, after the last journey, the Nu HTML Checker on all the HTML
served (one run of vnu.jar).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.handlers.base import BaseHandler

from tests.e2e import pagechecks
from tests.factories import PASSWORD

CHROMIUM = os.environ.get("SOPLAN_CHROMIUM", "/usr/bin/chromium")
# Not under test-results/: pytest-playwright empties that folder at the start of every run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-screenshots"

# Playwright runs its own event loop in the test thread; Django's ORM calls from the same thread
# are safe here because the live server runs in another thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def is_journey(item) -> bool:
    return item is not None and "e2e" in str(item.fspath)


def pytest_collection_modifyitems(items):
    for item in items:
        if is_journey(item):
            item.add_marker(pytest.mark.browser)


RECORDER = pagechecks.Recorder()
AXE_SEEN: set[str] = set()  # the kinds of page axe already checked (Served.kind)
HTML_SEEN: set[str] = set()  # the documents the Nu HTML Checker already saw (Served.key)


@pytest.fixture(scope="session", autouse=True)
def _record_served_html():
    """Record the HTML every journey is served (see pagechecks.Recorder)."""
    original = BaseHandler.get_response

    def get_response(self, request):
        response = original(self, request)
        RECORDER.record(request, response)
        return response

    BaseHandler.get_response = get_response
    yield
    BaseHandler.get_response = original


def pytest_terminal_summary(terminalreporter):
    stats = pagechecks.STATS
    if stats["axe_live"] or stats["axe_pages"]:
        terminalreporter.write_line(
            f"axe-core: {stats['axe_pages']} kinds of page replayed and {stats['axe_live']} live pages "
            f"(screenshots) checked in {stats['axe_seconds']:.1f} s"
        )


class Console:
    """What the browser reports on any page of the current journey that it should not."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda message: self.console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught script error: {error}"))

    def console(self, page, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"{page.url}: {message.text}")


CONSOLE = Console()


@pytest.fixture(scope="session")
def browser(browser):
    """Every tab of every context a journey opens (also ``browser.new_context()`` in a test) is
    watched for CSP violations and script errors."""
    original = browser.new_context

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        context.on("page", CONSOLE.watch)
        return context

    browser.new_context = new_context
    yield browser
    browser.new_context = original


@pytest.fixture(autouse=True)
def _checked_journey(request, live_server):
    """Record this journey's HTML; afterwards fail it on console problems and on the critical or
    serious axe-core violations of any page it was served."""
    RECORDER.test = request.node.nodeid
    CONSOLE.problems = []
    yield
    RECORDER.test = None
    problems = list(CONSOLE.problems)
    if "browser" in request.fixturenames or "page" in request.fixturenames:
        browser = request.getfixturevalue("browser")
        problems += pagechecks.replay_and_check(
            browser, live_server.url, RECORDER.of_test(request.node.nodeid), AXE_SEEN
        )
    assert not problems, "Problems on the pages of this journey:\n" + "\n".join(problems)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last journey in a row (and after its own teardown, which replays its pages for
    axe): the Nu HTML Checker on all the HTML they were served, in one run of vnu.jar (a JVM
    start per page would cost a second each)."""
    try:
        return (yield)
    finally:
        if is_journey(item) and not is_journey(nextitem) and RECORDER.served:
            check_served_html(item)


def check_served_html(item) -> None:
    if pagechecks.java() is None:
        pytest.fail("The Nu HTML Checker needs Java: run scripts/system-deps.sh test (as root).")
    checked, errors, seconds = pagechecks.validate_html(RECORDER.served, HTML_SEEN)
    RECORDER.served.clear()
    reporter = item.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"Nu HTML Checker: {checked} documents served to the journeys, {len(errors)} errors ({seconds:.1f} s)")
    if errors:
        shown = "\n".join(errors[:300])
        more = f"\n… and {len(errors) - 300} more" if len(errors) > 300 else ""
        pytest.fail(f"The Nu HTML Checker found {len(errors)} errors in the HTML served to the journeys:\n{shown}{more}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}, "locale": "en-GB"}


@pytest.fixture
def shot():
    """Save a full-page screenshot: ``shot(page, "dashboard")``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        # What the screenshot shows is checked too: also the states htmx swapped in. Reported
        # with the rest at the end of the journey, so one run shows every problem.
        violations = pagechecks.axe_violations(page, AXE_SEEN)
        if violations:
            CONSOLE.problems.append(pagechecks.describe_axe(f"screenshot {name} ({page.url})", violations))
        return path

    return take


@pytest.fixture
def login(live_server):
    """Log a persona in through the login form."""

    def go(page, user, password: str = PASSWORD):
        page.goto(f"{live_server.url}/account/inloggen/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return go
