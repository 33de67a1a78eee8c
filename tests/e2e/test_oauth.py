"""Sign-in with an OpenID Connect provider in a real browser (the local test provider)."""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs, urlencode, urlsplit

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import OAuthAccount, User
from tests.e2e.support import e2e_engine


def _linked_user(app_server, subject: str) -> User | None:
    engine = e2e_engine(app_server["env"]["DATABASE_URL"])
    try:
        with Session(engine) as session:
            return session.scalar(
                select(User)
                .join(OAuthAccount, OAuthAccount.user_id == User.id)
                .where(OAuthAccount.provider == "oidc", OAuthAccount.subject == subject)
            )
    finally:
        engine.dispose()


def test_login_page_offers_the_configured_openid_connect_provider(page: Page, app_server):
    page.goto(app_server["base_url"] + "/login?lang=en&next=/catalog")
    button = page.get_by_role("link", name="OpenID Connect")
    expect(button).to_be_visible()
    expect(page.get_by_text("or continue with")).to_be_visible()
    expect(button).to_have_attribute("href", "/api/auth/oauth/oidc/start?next=/catalog")


def test_register_page_offers_the_provider_too(page: Page, app_server):
    page.goto(app_server["base_url"] + "/register?lang=ru")
    expect(page.get_by_role("link", name="OpenID Connect")).to_be_visible()
    expect(page.get_by_text("или войдите через")).to_be_visible()


def test_signing_in_through_the_provider_comes_back_signed_in(
    page: Page, app_server, oidc_provider
):
    marker = uuid.uuid4().hex[:8]
    name = f"Nadia Provider {marker}"
    oidc_provider.next_user = {
        "sub": f"e2e-{marker}",
        "email": f"nadia.{marker}@example.com",
        "email_verified": True,
        "name": name,
    }
    page.goto(app_server["base_url"] + "/login?lang=en&next=/")
    page.get_by_role("link", name="OpenID Connect").click()

    expect(page).to_have_url(app_server["base_url"] + "/")
    expect(page.get_by_text(name).first).to_be_visible()
    user = _linked_user(app_server, f"e2e-{marker}")
    assert user is not None and user.email == f"nadia.{marker}@example.com"
    assert user.password_hash is None


def test_callback_with_a_wrong_state_shows_the_error_on_the_login_page(
    page: Page, app_server, oidc_provider
):
    # A real flow: the start route sets its signed state cookie and the provider issues a
    # real code; only the state that comes back is not the one the flow was started with.
    marker = uuid.uuid4().hex[:8]
    oidc_provider.next_user = {
        "sub": f"e2e-forged-{marker}",
        "email": f"forged.{marker}@example.com",
        "email_verified": True,
        "name": f"Forged {marker}",
    }
    # The browser context's request client shares its cookie jar and stops at redirects.
    started = page.request.get(
        app_server["base_url"] + "/api/auth/oauth/oidc/start?next=/", max_redirects=0
    )
    assert started.status == 302
    assert any(c["name"] == "edu_oauth" for c in page.context.cookies()), "no flow cookie"
    authorized = page.request.get(started.headers["location"], max_redirects=0)
    assert authorized.status in (302, 303)
    back = urlsplit(authorized.headers["location"])
    assert back.path == "/api/auth/oauth/oidc/callback"
    query = parse_qs(back.query)
    assert query["code"][0] and query["state"][0]

    forged = urlencode({"code": query["code"][0], "state": query["state"][0][::-1] + "x"})
    page.goto(app_server["base_url"] + "/api/auth/oauth/oidc/callback?" + forged)

    expect(page).to_have_url(re.compile(r"/login/?\?error=oauth_state$"))
    expect(page.get_by_role("alert")).to_contain_text("We could not confirm this sign-in")
    expect(page.get_by_role("button", name="Account")).to_have_count(0)
    assert _linked_user(app_server, f"e2e-forged-{marker}") is None
