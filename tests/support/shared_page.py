"""One browser tab per test process, lent to every browser test that asks for `page`.

Most of a browser test's CPU is Chromium loading the app, and the first load in a new tab
costs about twice what a later one costs (measured on /catalog: 0.86 CPU-seconds in a new
context or a new tab, 0.45 in a tab that has loaded the app before; the renderer keeps the
compiled scripts and the parsed stylesheet). So `page` is one tab per process, handed back
after each test as a new visitor's tab:

- the other tabs the test opened are closed, the listeners and routes it added removed;
- the session and local storage of every app origin it visited are emptied (Reflex keeps
  its client token in session storage: the next test is a new client of the server);
- every cookie and permission is cleared, the viewport restored, the pointer moved to
  the corner, and the tab left on a blank page.

The HTTP cache stays, as for a returning visitor. A test that needs an empty cache, or a
context of its own (another viewport, locale, JavaScript off, several users), makes one
with `browser.new_context()` or pytest-playwright's `new_context`. A test that asks for
`context` gets a page of that context, as pytest-playwright gives it. So does every test
when pytest-playwright records artifacts (--tracing, --video, --screenshot) or when
EDU_E2E_FRESH_PAGE=1 (to tell whether a failure depends on the tab being shared).

When a test leaves the tab in a state that cannot be reset (it closed it, a navigation
hangs), the tab and its context are closed and the next test gets new ones.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

FRESH_PAGE_ENV = "EDU_E2E_FRESH_PAGE"
ARTIFACT_OPTIONS = ("--tracing", "--video", "--screenshot")
# Handing the tab back is a few local navigations; a test that broke the tab fails them fast.
RESET_TIMEOUT_MS = 10_000


def _listeners(emitter) -> dict[str, list]:
    """The listeners of a Playwright object, by event (its implementation's emitter)."""
    impl = emitter._impl_obj
    return {name: list(impl.raw_listeners(name)) for name in impl.event_names()}


def _drop_added_listeners(emitter, before: dict[str, list]) -> None:
    impl = emitter._impl_obj
    for name, listeners in _listeners(emitter).items():
        for listener in listeners:
            if listener not in before.get(name, ()):
                impl.remove_listener(name, listener)


class TabLender:
    """The process's shared tab: `lend()` before a test, `give_back()` after it."""

    def __init__(self, browser: Browser, context_args: dict) -> None:
        self._browser = browser
        self._context_args = context_args
        self._context: BrowserContext | None = None
        self._page: Page | None = None
        self._visited: set[str] = set()
        self._baseline: tuple[dict, dict] = ({}, {})
        self._viewport: dict | None = None
        self._cdp = None

    @property
    def tab(self) -> Page | None:
        """The shared tab, if it is open."""
        return self._page

    def lend(self) -> Page:
        if self._page is None or self._page.is_closed():
            self._open()
        assert self._page is not None and self._context is not None
        self._baseline = (_listeners(self._page), _listeners(self._context))
        return self._page

    def give_back(self) -> None:
        try:
            self._reset()
        except Exception:  # whatever went wrong, the next test starts afresh
            self.close()

    def close(self) -> None:
        context, self._context, self._page = self._context, None, None
        self._cdp = None
        if context is not None:
            with contextlib.suppress(Exception):  # the browser may be gone already
                context.close()

    def _open(self) -> None:
        self.close()
        self._context = self._browser.new_context(**self._context_args)
        self._page = self._context.new_page()
        self._page.on("framenavigated", self._note_origin)
        self._viewport = self._page.viewport_size

    def _devtools(self, page: Page):
        """The tab's DevTools session (clearing an origin's storage without visiting it)."""
        if self._cdp is None:
            self._cdp = page.context.new_cdp_session(page)
        return self._cdp

    def _note_origin(self, frame) -> None:
        parts = urlsplit(frame.url)
        if parts.scheme in ("http", "https"):
            self._visited.add(f"{parts.scheme}://{parts.netloc}")

    def _reset(self) -> None:
        page, context = self._page, self._context
        if page is None or context is None:
            return
        for other in context.pages:
            if other is not page:
                other.close()
        if page.is_closed():
            raise RuntimeError("the test closed the shared tab")
        page_listeners, context_listeners = self._baseline
        _drop_added_listeners(page, page_listeners)
        _drop_added_listeners(context, context_listeners)
        page.unroute_all(behavior="ignoreErrors")
        context.unroute_all(behavior="ignoreErrors")
        page.goto("about:blank", timeout=RESET_TIMEOUT_MS)
        for origin in sorted(self._visited & app_origins()):
            # Chromium's "local_storage" is both kinds of web storage: local, and this tab's
            # session storage (test_shared_page checks that Reflex's token is gone).
            self._devtools(page).send(
                "Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "local_storage"}
            )
        self._visited.clear()
        page.mouse.move(0, 0)  # no element of the next page starts hovered
        context.clear_cookies()
        context.clear_permissions()
        if self._viewport and page.viewport_size != self._viewport:
            page.set_viewport_size(self._viewport)


def _fresh_page_wanted(request: pytest.FixtureRequest) -> bool:
    if os.environ.get(FRESH_PAGE_ENV) == "1" or "context" in request.fixturenames:
        return True
    if request.node.get_closest_marker("browser_context_args") is not None:
        return True
    config = request.config
    return any(config.getoption(option, "off") not in ("off", None) for option in ARTIFACT_OPTIONS)


def app_origins() -> set[str]:
    """The origins of this process's app servers (where a test fills storage)."""
    from tests.support.e2e_server import SERVERS

    return {"{0.scheme}://{0.netloc}".format(urlsplit(url)) for url in SERVERS}


@pytest.fixture(scope="session")
def _tab_lender(browser: Browser, browser_context_args: dict) -> Iterator[TabLender]:
    lender = TabLender(browser, dict(browser_context_args))
    yield lender
    lender.close()


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Iterator[Page]:
    """The process's shared tab (see above), or a page of a context of its own."""
    if _fresh_page_wanted(request):
        yield request.getfixturevalue("context").new_page()
        return
    lender: TabLender = request.getfixturevalue("_tab_lender")
    try:
        yield lender.lend()
    finally:
        lender.give_back()
