"""Smoke tests for the front doors no other browser test opened: /admin/audit,
/admin/reports, /admin/courses, /admin/enrollments and /account/security (the quiz
time-out: test_quiz.py). Each page loads for its role with real rows of this test on it,
and refuses a learner (or sends an anonymous visitor to sign in). Assertions use
headings, labels and rows only: the admin pages' layout is changing.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Locator, Page, expect

from edu_platform import routes
from edu_platform.audit import acting_as
from edu_platform.services import enrollment
from tests.e2e.support import SLOW, db_session, expect_field_error, new_user, paid_order, sign_in
from tests.support.factories import make_course

ADMIN_PAGES = [routes.ADMIN_AUDIT, routes.ADMIN_REPORTS, routes.ADMIN_COURSES]
ADMIN_PAGES += [routes.ADMIN_ENROLLMENTS]


def _tag() -> str:
    return uuid.uuid4().hex[:8]


def _admin_page(
    page: Page, app_server, admin_name: str, path: str, heading: str, *, exact: bool = False
) -> Locator:
    """The main region of the admin page at `path` once its `heading` shows, signed in as a
    fresh admin named `admin_name` (made after the test's rows, which it only reads)."""
    _, admin_email = new_user(app_server, admin_name, role="admin")
    sign_in(page, app_server["base_url"], admin_email, next_path=path)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name=heading, exact=exact)).to_be_visible(timeout=SLOW)
    return main


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_learner_is_refused_each_admin_page(page: Page, app_server, path):
    _, email = new_user(app_server, "Lee Learner")
    sign_in(page, app_server["base_url"], email, next_path=path)
    expect(page.get_by_role("heading", name="Access denied")).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("table")).to_have_count(0)


def test_the_audit_log_shows_the_admins_change_with_its_fields(page: Page, app_server):
    admin_id, admin_email = new_user(app_server, "Ava Auditor", role="admin")
    title = f"Audited {_tag()}"
    with db_session(app_server) as session, acting_as(admin_id):
        course = make_course(session, teacher=admin_id, title=title, commit=True)
    sign_in(page, app_server["base_url"], admin_email, next_path=routes.ADMIN_AUDIT)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Audit log")).to_be_visible(timeout=SLOW)
    main.get_by_label("Record ID").fill(str(course.id))
    main.get_by_label("User ID").fill(str(admin_id))
    main.get_by_role("button", name="Search", exact=True).click()
    entry = page.get_by_test_id("audit-entry").filter(has_text=f"Course #{course.id}")
    expect(entry).to_have_count(1, timeout=SLOW)
    expect(page.get_by_test_id("audit-entry")).to_have_count(1)
    expect(entry).to_contain_text("Ava Auditor")
    expect(entry.get_by_test_id("audit-action").first).to_have_text("Created")
    entry.get_by_text("All fields").click()
    title_row = entry.get_by_role("row").filter(has_text="Title")
    expect(title_row).to_contain_text(title)


def test_reports_show_this_tests_paid_order(page: Page, app_server):
    buyer_id, _ = new_user(app_server, "Bo Buyer")
    title = f"Top {_tag()}"
    with db_session(app_server) as session:
        course = make_course(session, title=title, price="987654.00")
        paid_order(session, buyer_id, course.id, title)
        session.commit()
    main = _admin_page(page, app_server, "Rita Reports", routes.ADMIN_REPORTS, "Reports")
    for heading in ("Revenue and orders", "Top courses by revenue", "Completion rates"):
        expect(main.get_by_role("heading", name=heading)).to_be_visible()
    expect(main.get_by_text("Revenue in range")).to_be_visible()
    expect(page.get_by_test_id("report-orders")).to_have_text(re.compile(r"^[1-9]\d*$"))
    # The most expensive course sold in the range leads the revenue chart.
    expect(main.get_by_text(title, exact=True).first).to_be_visible()
    expect(main.get_by_role("columnheader", name="Completed")).to_be_visible()
    # Each panel downloads its own report: the two top-course rankings differ, and the
    # activity export is the whole report, not a page of it.
    hrefs = main.locator("a[download]").evaluate_all("links => links.map(a => a.href)")
    top = [href for href in hrefs if "top-courses" in href]
    assert len(top) == 2 and "by=enrollments" in top[1] and "by=" not in top[0], hrefs
    assert not [href for href in hrefs if "user-activity" in href and "per_page" in href]


def test_admin_courses_lists_a_draft_with_its_teacher(page: Page, app_server):
    teacher_id, _ = new_user(app_server, "Theo Teacher", role="teacher")
    title = f"Draft {_tag()}"
    with db_session(app_server) as session:
        make_course(session, teacher=teacher_id, title=title, published=False, commit=True)
    main = _admin_page(
        page, app_server, "Cara Courses", routes.ADMIN_COURSES, "Courses", exact=True
    )
    main.get_by_label("Find a course").fill(title)
    main.get_by_label("Find a course").press("Enter")
    row = main.get_by_role("row").filter(has_text=title)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Theo Teacher")
    expect(row).to_contain_text("Draft")
    expect(row.get_by_role("button", name=f"Publish {title}")).to_be_visible()


def test_admin_enrollments_lists_a_learners_enrolment(page: Page, app_server):
    learner_id, learner_email = new_user(app_server, "Lou Learner")
    title = f"Enrolled {_tag()}"
    with db_session(app_server) as session:
        course = make_course(session, title=title, price="0")
        enrollment.enroll_free(session=session, user_id=learner_id, course_id=course.id)
        session.commit()
    main = _admin_page(
        page, app_server, "Ezra Enrol", routes.ADMIN_ENROLLMENTS, "Enrolments", exact=True
    )
    expect(main.get_by_role("heading", name="Enrol a user by hand")).to_be_visible()
    main.get_by_label("User", exact=True).fill(learner_email)
    main.get_by_label("User", exact=True).press("Enter")
    row = main.get_by_role("row").filter(has_text=learner_email)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(title)
    expect(row).to_contain_text("Active")
    expect(row.get_by_role("button", name=f"Expel {learner_email}")).to_be_visible()


def test_account_security_shows_the_password_form_and_this_session(page: Page, app_server):
    _, email = new_user(app_server, "Sid Secure")
    sign_in(page, app_server["base_url"], email, next_path=routes.ACCOUNT_SECURITY)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Password")).to_be_visible(timeout=SLOW)
    expect(main.get_by_label("Current password")).to_be_visible()
    expect(main.get_by_role("heading", name="Active sessions")).to_be_visible()
    expect(main.get_by_text("This device")).to_be_visible()
    # Sent empty: each field says what it wants, the new password as the new one.
    main.get_by_role("button", name="Change password").click()
    for label, key in (
        ("Current password", "accounts.current_password_required"),
        ("New password", "accounts.new_password_required"),
    ):
        expect_field_error(main.get_by_label(label, exact=True), key)


def test_account_security_sends_an_anonymous_visitor_to_sign_in(page: Page, app_server):
    page.goto(f"{app_server['base_url']}{routes.ACCOUNT_SECURITY}?lang=en")
    expect(page).to_have_url(
        re.compile(r"/login\?.*next=%2Faccount%2Fsecurity|next=/account/security")
    )
    expect(page.get_by_role("main").get_by_label("Password")).to_be_visible(timeout=SLOW)
