"""Email verification in a real browser (issue #9, item 7): registering mails a link,
the profile says the address is unconfirmed and sends another, the link confirms it once."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlmodel import Session

from edu_platform.models import Outbox, User
from tests.e2e.support import e2e_engine

PASSWORD = "e2e-password-1"
pytestmark = pytest.mark.usefixtures("patient_expect")


def _links(app_server, email: str) -> list[str]:
    with Session(e2e_engine(app_server["env"]["DATABASE_URL"])) as session:
        bodies = session.scalars(
            select(Outbox.body).where(Outbox.recipient == email).order_by(Outbox.id)
        ).all()
    return [re.search(r"https?://\S+/verify-email/[\w-]+", body).group(0) for body in bodies]


def test_registration_link_confirms_the_address_once(page: Page, app_server):
    base_url = app_server["base_url"]
    email = f"e2e-{uuid.uuid4().hex[:10]}@example.com"
    main = page.get_by_role("main")
    page.goto(f"{base_url}/register?lang=en")
    main.get_by_label("Full name").fill("Vera Verify")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password").fill(PASSWORD)
    main.get_by_role("button", name="Create account").click()
    expect(page.locator(".account-name")).to_have_text("Vera Verify")
    [first] = _links(app_server, email)
    assert first.startswith(base_url)

    page.goto(f"{base_url}/account?lang=en")
    callout = page.get_by_test_id("verify-email-callout")
    expect(callout).to_contain_text("not confirmed")
    callout.get_by_role("button", name="Send the email again").click()
    expect(callout.get_by_role("status")).to_contain_text("on its way")
    assert len(_links(app_server, email)) == 2

    page.goto(_links(app_server, email)[1] + "?lang=en")
    expect(page.get_by_test_id("verify-email-done")).to_be_visible()
    page.goto(_links(app_server, email)[1] + "?lang=en")
    expect(page.get_by_test_id("verify-email-invalid")).to_be_visible()

    page.goto(f"{base_url}/account?lang=en")
    expect(page.get_by_text("Email confirmed")).to_be_visible()
    expect(page.get_by_test_id("verify-email-callout")).to_have_count(0)
    with Session(e2e_engine(app_server["env"]["DATABASE_URL"])) as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user.email_verified_at is not None
