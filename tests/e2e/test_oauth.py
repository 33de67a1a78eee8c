"""Sign-in with an OpenID Connect provider in a real browser (the local test provider)."""

from __future__ import annotations

import re
import uuid

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


def test_callback_with_a_wrong_state_shows_the_error_on_the_login_page(page: Page, app_server):
    page.goto(app_server["base_url"] + "/login?lang=en")
    page.goto(app_server["base_url"] + "/api/auth/oauth/oidc/callback?code=abc&state=forged")

    expect(page).to_have_url(re.compile(r"/login/?\?error=oauth_state$"))
    expect(page.get_by_role("alert")).to_contain_text("We could not confirm this sign-in")
    expect(page.get_by_role("button", name="Account")).to_have_count(0)
