"""Identity and the personal area in a real browser: register, sign in and out, reset a
forgotten password by the emailed link, the learner dashboard, the profile page."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlmodel import Session

from edu_platform.models import Course, Enrollment, Outbox, User
from tests.e2e.support import PASSWORD, SLOW, e2e_engine, new_user, sign_in_through_form

# After a full page load (sign-in, sign-out) the page first renders signed out, then
# on_load settles who is signed in; a busy machine needs more than the default 5 s.
WAIT = 20_000


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=WAIT)
    yield
    expect.set_options(timeout=5_000)  # Playwright's default, for other modules


def _db(app_server) -> Session:
    return Session(e2e_engine(app_server["env"]["DATABASE_URL"]))


def _main(page: Page):
    return page.get_by_role("main")


def _sign_out(page: Page) -> None:
    """Sign out through the menu and wait for the whole of it: the header changes at once,
    then the browser posts to /api/auth/logout and lands on the home page. A goto before
    that landing raced it (net::ERR_ABORTED)."""
    page.get_by_role("button", name="Account").click()
    with page.expect_navigation(url=re.compile(r"^[^?#]+://[^/]+/(\?.*)?$"), timeout=SLOW):
        page.get_by_role("menuitem", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    expect(page.get_by_role("button", name="Account")).to_have_count(0)


def test_register_then_sign_out_and_sign_in_again(page: Page, app_server):
    base_url = app_server["base_url"]
    email = f"e2e-{uuid.uuid4().hex[:10]}@example.com"
    page.goto(f"{base_url}/register?lang=en")
    # Sent empty: every required field says what it needs, in the page (no browser bubble).
    _main(page).get_by_role("button", name="Create account").click()
    for field, message in [
        ("Full name", "Enter your name"),
        ("Email", "Enter your email address"),
        ("Password", "Enter your password"),
    ]:
        expect(_main(page).get_by_text(message, exact=True)).to_be_visible()
        expect(_main(page).get_by_label(field)).to_have_attribute("aria-invalid", "true")
    _main(page).get_by_label("Full name").fill("Rita Register")
    _main(page).get_by_label("Email").fill(email)
    _main(page).get_by_label("Password").fill(PASSWORD)
    _main(page).get_by_role("button", name="Create account").click()
    expect(page.locator(".account-name")).to_have_text("Rita Register")

    _sign_out(page)
    sign_in_through_form(page, base_url, email, PASSWORD)
    expect(page.locator(".account-name")).to_have_text("Rita Register")
    with _db(app_server) as session:
        assert session.scalar(select(User.full_name).where(User.email == email)) == "Rita Register"


def _reset_link_from_outbox(app_server, email: str) -> str:
    with _db(app_server) as session:
        body = session.scalar(
            select(Outbox.body).where(Outbox.recipient == email).order_by(Outbox.id.desc())
        )
    assert body, "the reset mail is written to the outbox"
    match = re.search(r"https?://\S+/reset/[\w-]+", body)
    assert match, body
    return match.group(0)


def test_forgotten_password_is_reset_by_the_emailed_link(page: Page, app_server):
    base_url = app_server["base_url"]
    email = new_user(app_server, "Frida Forgetful", verified=False)[1]
    page.goto(f"{base_url}/forgot?lang=en")
    _main(page).get_by_label("Email").fill(email)
    _main(page).get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("If the account exists")).to_be_visible()

    link = _reset_link_from_outbox(app_server, email)
    assert link.startswith(base_url)
    page.goto(link + "?lang=en")
    _main(page).get_by_label("New password", exact=True).fill("a-fresh-password-7")
    _main(page).get_by_label("Repeat the new password").fill("a-fresh-password-7")
    _main(page).get_by_role("button", name="Save the password and sign in").click()
    expect(page).to_have_url(re.compile(r"/my/?$"))
    expect(page.get_by_role("heading", name="My learning")).to_be_visible()
    expect(page.locator(".account-name")).to_have_text("Frida Forgetful")

    _sign_out(page)
    page.goto(link + "?lang=en")
    expect(page.get_by_text("This link has expired or has already been used")).to_be_visible()
    sign_in_through_form(page, base_url, email, "a-fresh-password-7")
    expect(page.locator(".account-name")).to_have_text("Frida Forgetful")


def test_dashboard_lists_the_seeded_students_courses_with_progress(page: Page, app_server):
    with _db(app_server) as session:
        courses = session.execute(
            select(Course.title, Enrollment.progress_percent, Enrollment.status)
            .join(Enrollment, Enrollment.course_id == Course.id)
            .join(User, User.id == Enrollment.user_id)
            .where(
                User.email == "student@example.com",
                Enrollment.status.in_(("active", "completed")),
                Enrollment.archived_at.is_(None),
            )
        ).all()
    assert courses, "the demo seed enrols the demo student"
    sign_in_through_form(page, app_server["base_url"], "student@example.com", "demo-password-1")
    # In progress on /my, completed ones on their own tab.
    for path, status in (("/my", "active"), ("/my/completed", "completed")):
        wanted = [(title, percent) for title, percent, state in courses if state == status]
        page.goto(app_server["base_url"] + path + "?lang=en")
        expect(page.get_by_role("heading", name="My learning")).to_be_visible()
        cards = page.get_by_test_id("my-course")
        expect(cards).to_have_count(len(wanted))
        for title, percent in wanted:
            card = cards.filter(has=page.get_by_role("heading", name=title, exact=True))
            expect(card).to_have_count(1)
            expect(card.get_by_text(f"{percent}%", exact=True)).to_be_visible()
            expect(card.get_by_role("progressbar")).to_have_attribute("data-value", str(percent))
            expect(card.get_by_role("link").first).to_have_attribute(
                "href", re.compile(r"^/learn/")
            )


def test_profile_name_change_shows_in_the_header_menu(page: Page, app_server):
    base_url = app_server["base_url"]
    email = new_user(app_server, "Paula Before", verified=False)[1]
    sign_in_through_form(page, base_url, email, PASSWORD)
    page.goto(f"{base_url}/account?lang=en")
    name_field = _main(page).get_by_label("Full name")
    expect(name_field).to_have_value("Paula Before")
    name_field.fill("Paula After")
    _main(page).get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Changes saved")).to_be_visible()
    expect(page.locator(".account-name")).to_have_text("Paula After")
    page.reload()
    expect(page.locator(".account-name")).to_have_text("Paula After")
    with _db(app_server) as session:
        assert session.scalar(select(User.full_name).where(User.email == email)) == "Paula After"


def test_avatar_upload_is_resized_and_shown(page: Page, app_server):
    base_url = app_server["base_url"]
    email = new_user(app_server, "Ada Avatar", verified=False)[1]
    sign_in_through_form(page, base_url, email, PASSWORD)
    page.goto(f"{base_url}/account?lang=en")
    expect(_main(page).get_by_label("Full name")).to_be_visible()
    buffer = io.BytesIO()
    Image.new("RGB", (900, 500), (30, 90, 200)).save(buffer, format="JPEG")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}]
    )
    expect(page.locator("img[src*='/api/v1/media/avatars/']").first).to_be_visible()
    with _db(app_server) as session:
        stored = session.scalar(select(User.avatar).where(User.email == email))
    assert stored and stored.startswith("avatars/")
    with Image.open(app_server["data_dir"] / "media" / stored) as saved:
        assert saved.size == (256, 256)

    page.locator("input[type=file]").set_input_files(
        files=[{"name": "fake.png", "mimeType": "image/png", "buffer": b"not an image at all"}]
    )
    expect(page.get_by_text("This is not a PNG, JPEG or WebP image")).to_be_visible()
