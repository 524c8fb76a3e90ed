"""A real headless Chromium (Debian's package, never a downloaded one) driven by Playwright
against pytest-django's live server.

CI installs Chromium and sets OCOP_REQUIRE_BROWSER=1, so a missing browser fails there; on a
developer machine without Chromium these tests are skipped.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Every Content-Security-Policy violation the page sees, reported to the test.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.ocopReportViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


def _unavailable(reason: str):
    if os.environ.get("OCOP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; OCOP_REQUIRE_BROWSER=1 requires it")
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests. Package-scoped rather than session-scoped: the
    Playwright loop must be gone before the rest of the suite runs its ORM calls.

    Playwright's sync API leaves its asyncio loop marked as running in this thread, and Django
    refuses ORM calls there unless told: the tests (and the database flush after each) only
    prepare and check data between page loads, never while a page runs.
    """
    if not CHROMIUM:
        _unavailable("Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if saved is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


class Watched:
    """A browser context that records what must never happen on a page: a CSP violation, a
    script error, a console error, or a request to any host but the live server."""

    def __init__(self, browser, base_url: str, user=None):
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.problems: list[str] = []
        self.context = browser.new_context(
            base_url=base_url, locale="vi-VN", viewport={"width": 1200, "height": 900}
        )
        self.context.set_default_timeout(10_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
            )
        self.context.expose_binding(
            "ocopReportViolation", lambda source, text: self._problem(source["page"], f"CSP {text}")
        )
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.context.route(self._foreign, self._refuse)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self._problem(self.page, f"script error {error}"))

    def _problem(self, page, text: str) -> None:
        self.problems.append(f"{page.url if page else '?'}: {text}")

    def _foreign(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != self.host

    def _refuse(self, route) -> None:
        self._problem(self.page, f"request to another host: {route.request.url}")
        route.abort()

    def _console(self, message) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self._problem(self.page, f"console {message.type}: {message.text}")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser, live_server):
    """``watched(user=None)`` opens a watched context; all are closed after the test."""
    opened: list[Watched] = []

    def open_(user=None) -> Watched:
        opened.append(Watched(browser, live_server.url, user))
        return opened[-1]

    yield open_
    for w in opened:
        w.close()
