"""The admin panel in a real browser: refused to non-admins (no data reaches the page),
and an admin finds, re-roles and blocks users; a blocked user is signed out."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlmodel import Session

from edu_platform.models import AuthSession, User
from tests.e2e.support import e2e_engine, new_user, sign_in

DEMO_EMAILS = ("admin@example.com", "teacher@example.com", "student@example.com")


def _db(app_server) -> Session:
    return Session(e2e_engine(app_server["env"]["DATABASE_URL"]))


def _sign_in(page: Page, base_url: str, email: str, next_path: str) -> None:
    sign_in(page, base_url, email, next_path=next_path)
    expect(page).to_have_url(re.compile(re.escape(next_path.rstrip("/")) + r"/?$"))


def _assert_denied_without_data(page: Page) -> None:
    expect(page.get_by_role("heading", name="Access denied")).to_be_visible()
    expect(page.get_by_test_id("admin-user-row")).to_have_count(0)
    expect(page.get_by_test_id("admin-stat")).to_have_count(0)
    html = page.content()
    for email in DEMO_EMAILS:
        assert email not in html


def test_student_is_refused_both_admin_pages_and_sees_no_user_data(page: Page, app_server):
    base_url = app_server["base_url"]
    email = new_user(app_server, "Sam Student", role="student", verified=False)[1]
    _sign_in(page, base_url, email, "/admin")
    _assert_denied_without_data(page)
    page.goto(f"{base_url}/admin/users")
    _assert_denied_without_data(page)
    expect(page.get_by_role("button", name="Block", exact=False)).to_have_count(0)


def test_teacher_is_refused_the_users_page(page: Page, app_server):
    email = new_user(app_server, "Tom Teacher", role="teacher", verified=False)[1]
    _sign_in(page, app_server["base_url"], email, "/admin/users")
    _assert_denied_without_data(page)


def test_anonymous_visitor_is_refused_and_offered_sign_in(page: Page, app_server):
    page.goto(f"{app_server['base_url']}/admin/users?lang=en")
    _assert_denied_without_data(page)
    expect(page.get_by_text("Sign in to open this page.")).to_be_visible()


def test_admin_sees_the_overview_and_the_users_table(page: Page, app_server):
    email = new_user(app_server, "Ada Admin", role="admin", verified=False)[1]
    _sign_in(page, app_server["base_url"], email, "/admin")
    expect(page.get_by_role("heading", name="Platform overview")).to_be_visible()
    expect(page.get_by_test_id("admin-stat").first).to_be_visible()
    page.get_by_role("navigation", name="Admin sections").get_by_role("link", name="Users").click()
    expect(page).to_have_url(re.compile(r"/admin/users/?$"))
    expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
    expect(page.get_by_test_id("admin-user-row").first).to_be_visible()


def test_admin_changes_a_users_role_with_the_select(page: Page, app_server):
    admin = new_user(app_server, "Ada Admin", role="admin", verified=False)[1]
    student = new_user(app_server, "Rory Role", role="student", verified=False)[1]
    _sign_in(page, app_server["base_url"], admin, "/admin/users")
    page.get_by_label("Search by email or name").fill(student)
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.get_by_test_id("admin-user-row")).to_have_count(1)
    page.get_by_role("combobox", name=f"Role of {student}").click()
    page.get_by_role("option", name="Teacher").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Change role").click()
    expect(page.get_by_text("Role changed")).to_be_visible()
    with _db(app_server) as session:
        assert session.scalar(select(User.role).where(User.email == student)) == "teacher"


def test_blocked_student_is_signed_out_on_the_next_page_load(new_context, app_server):
    base_url = app_server["base_url"]
    admin = new_user(app_server, "Ada Admin", role="admin", verified=False)[1]
    student = new_user(app_server, "Bea Blocked", role="student", verified=False)[1]
    student_context, admin_context = new_context(), new_context()
    try:
        student_page = student_context.new_page()
        _sign_in(student_page, base_url, student, "/")
        expect(student_page.get_by_role("button", name="Account")).to_be_visible()

        admin_page = admin_context.new_page()
        _sign_in(admin_page, base_url, admin, "/admin/users")
        admin_page.get_by_label("Search by email or name").fill(student)
        admin_page.get_by_role("button", name="Search", exact=True).last.click()
        rows = admin_page.get_by_test_id("admin-user-row")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Bea Blocked")
        rows.first.get_by_role("button", name=f"Block {student}").click()
        expect(rows.first.get_by_text("Blocked", exact=True).filter(visible=True)).to_be_visible()
        expect(rows.first.get_by_role("button", name=f"Unblock {student}")).to_be_visible()

        with _db(app_server) as session:
            user = session.scalar(select(User).where(User.email == student))
            assert user.is_active is False
            open_sessions = session.scalars(
                select(AuthSession).where(
                    AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None)
                )
            ).all()
            assert open_sessions == []

        student_page.reload()
        expect(student_page.get_by_role("link", name="Sign in").first).to_be_visible()
        expect(student_page.get_by_role("button", name="Account")).to_have_count(0)
    finally:
        student_context.close()
        admin_context.close()


def test_users_page_fits_a_phone_with_the_actions_in_reach(page: Page, app_server):
    admin = new_user(app_server, "Ada Admin", role="admin", verified=False)[1]
    student = new_user(app_server, "Pia Phone", role="student", verified=False)[1]
    page.set_viewport_size({"width": 375, "height": 800})
    _sign_in(page, app_server["base_url"], admin, "/admin/users")
    page.get_by_label("Search by email or name").fill(student)
    page.get_by_role("button", name="Search", exact=True).last.click()
    row = page.get_by_test_id("admin-user-row")
    expect(row).to_have_count(1)
    block = row.get_by_role("button", name=f"Block {student}")
    expect(block).to_be_in_viewport()
    expect(page.get_by_role("navigation", name="Admin sections")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
