"""Sign-in and sign-up forms never put a password in a URL (issue 14): with JavaScript
off they post to the server routes and sign in; before the page is live the submit
button is disabled, so Enter does nothing at all."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import func, select

from edu_platform.i18n import translate
from edu_platform.models import LoginAttempt
from edu_platform.services import sessions
from tests.e2e.support import PASSWORD, HeldScripts, db_session, new_user

pytestmark = pytest.mark.usefixtures("patient_expect")


@pytest.fixture
def no_js_page(browser: Browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


def _record_requests(page: Page) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    page.on("request", lambda request: seen.append((request.method, request.url)))
    return seen


def _signed_in(page: Page) -> bool:
    return any(cookie["name"] == sessions.SESSION_COOKIE for cookie in page.context.cookies())


def _sign_in_form_with_an_email(
    page: Page, app_server, path: str
) -> tuple[list[tuple[str, str]], Locator]:
    """A fresh user's e-mail typed into the sign-in form at `path`: the requests the page
    makes from its opening on, and its main region."""
    _, email = new_user(app_server)
    seen = _record_requests(page)
    page.goto(app_server["base_url"] + path)
    main = page.get_by_role("main")
    main.get_by_label("Электронная почта").fill(email)
    return seen, main


def test_without_javascript_enter_posts_the_sign_in_and_signs_in(no_js_page: Page, app_server):
    page = no_js_page
    seen, main = _sign_in_form_with_an_email(page, app_server, "/login?next=/my")
    password = main.get_by_label("Пароль")
    password.fill(PASSWORD)
    password.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/") == "/my")
    assert _signed_in(page)
    assert ("POST", app_server["base_url"] + "/api/auth/sign-in") in seen
    assert not [url for _, url in seen if PASSWORD in url or "password=" in url]
    paths = [urlsplit(url).path for _, url in seen]
    assert "/api/auth/complete" in paths


def test_without_javascript_a_wrong_password_comes_back_to_the_form(no_js_page: Page, app_server):
    page = no_js_page
    seen, main = _sign_in_form_with_an_email(page, app_server, "/login")
    main.get_by_label("Пароль").fill("wrong-password-9")
    main.get_by_role("button", name="Войти", exact=True).click()
    page.wait_for_url(
        re.compile(r"/login/?\?error=wrong_credentials#nojs-error-wrong_credentials$")
    )
    assert not _signed_in(page)
    # The served HTML says why: of its hidden messages, CSS :target shows the one the
    # redirect's fragment names (Playwright's text engine skips <noscript>: by role).
    expect(main.get_by_role("alert")).to_have_text(translate("accounts.wrong_credentials", "ru"))
    assert not [url for _, url in seen if "wrong-password-9" in url]


def test_without_javascript_the_sign_up_form_posts_and_signs_in(no_js_page: Page, app_server):
    page = no_js_page
    seen = _record_requests(page)
    page.goto(app_server["base_url"] + "/register")
    main = page.get_by_role("main")
    main.get_by_label("Имя и фамилия").fill("Nadia Noscript")
    main.get_by_label("Электронная почта").fill(f"e2e-nojs-{uuid.uuid4().hex[:8]}@example.com")
    password = main.get_by_label("Пароль")
    password.fill(PASSWORD)
    password.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    assert _signed_in(page)
    assert ("POST", app_server["base_url"] + "/api/auth/sign-up") in seen
    assert not [url for _, url in seen if PASSWORD in url]


def test_before_the_page_is_live_enter_submits_nothing(page: Page, app_server):
    """Scripts held back: the served HTML's submit button is disabled, so Enter in the
    password field neither navigates nor sends anything; once live, sign-in works. In
    Russian, the prerendered language (a page in another language stays hidden until it
    is live: components/lang_boot.py)."""
    _, email = new_user(app_server)
    seen = _record_requests(page)
    scripts = HeldScripts(page)
    page.goto(app_server["base_url"] + "/login?lang=ru", wait_until="commit")
    form = page.locator("form[action='/api/auth/sign-in']")
    expect(form).to_have_attribute("method", "post")
    submit = form.locator("button.auth-live-submit")
    expect(submit).to_be_disabled()
    page.locator("#field-email").fill(email)
    page.locator("#field-password").fill(PASSWORD)
    page.locator("#field-password").press("Enter")
    page.wait_for_timeout(1_000)
    assert urlsplit(page.url).path.rstrip("/") == "/login"
    assert not [url for method, url in seen if method == "POST" or PASSWORD in url]
    scripts.release()
    expect(submit).to_be_enabled()
    # Live, an empty password is explained in the page's language, and nothing is sent.
    page.locator("#field-password").fill("")
    submit.click()
    expect(page.get_by_text("Введите пароль", exact=True)).to_be_visible()
    with db_session(app_server) as session:  # not a failed sign-in: nothing counted
        tries = session.scalar(select(func.count()).where(LoginAttempt.email == email))
    assert tries == 0
    page.locator("#field-password").fill(PASSWORD)
    submit.click()
    expect(page.locator(".account-name").first).to_be_visible()
    assert not [url for _, url in seen if PASSWORD in url]
