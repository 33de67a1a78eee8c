"""The tab browser tests share (tests/support/shared_page.py) comes back as a new visitor's:
what one test leaves in it reaches no later test."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.support import new_user, sign_in
from tests.support.shared_page import TabLender

# Reflex keeps its client token here (.web/utils/state.js, TOKEN_KEY).
TOKEN = "() => sessionStorage.getItem('token')"


@pytest.fixture
def lender(browser: Browser, app_server):
    lender = TabLender(browser, {"base_url": app_server["base_url"]})
    yield lender
    lender.close()


def test_a_given_back_tab_keeps_no_cookie_storage_listener_route_or_size(lender, app_server):
    base = app_server["base_url"]
    _, email = new_user(app_server, "Tab Sharer")
    page = lender.lend()
    viewport = page.viewport_size
    sign_in(page, base, email)
    token = page.evaluate(TOKEN)
    assert token
    page.evaluate("localStorage.setItem('left', 'behind')")
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.context.on("request", lambda request: seen.append(request.url))
    page.route("**/catalog*", lambda route: route.abort())
    page.set_viewport_size({"width": 375, "height": 700})
    popup = page.context.new_page()
    lender.give_back()

    again = lender.lend()
    assert again is page  # the same tab, warm
    assert again.url == "about:blank"
    assert popup.is_closed()
    assert again.context.cookies() == []
    assert again.viewport_size == viewport
    seen.clear()
    again.goto(base + "/catalog?lang=en")  # the route that aborted it is gone
    expect(again.get_by_role("heading", level=1)).to_be_visible()
    assert seen == []  # the test's listeners are gone
    # Signed out: once the state has arrived (on_load settled), no account in the header.
    expect(again.locator("html")).to_have_attribute("data-hydrated", re.compile(".*"))
    expect(again.locator(".account-name")).to_have_count(0)
    assert again.evaluate("localStorage.getItem('left')") is None
    new_token = again.evaluate(TOKEN)
    assert new_token and new_token != token  # a new client of the server


def test_the_page_fixture_is_the_shared_tab(page, _tab_lender):
    """Browser tests get the lender's tab (this plugin's `page` overrides
    pytest-playwright's), unless they asked for a context of their own."""
    assert page is _tab_lender.tab


def test_a_test_with_its_own_context_gets_a_page_of_it(page, context, _tab_lender):
    assert page.context is context
    assert page is not _tab_lender.tab


def test_a_tab_the_test_closed_is_replaced_by_a_working_one(lender, app_server):
    page = lender.lend()
    page.close()
    lender.give_back()
    fresh = lender.lend()
    assert fresh is not page and not fresh.is_closed()
    fresh.goto(app_server["base_url"] + "/catalog?lang=en")
    expect(fresh.get_by_role("heading", level=1)).to_be_visible()
