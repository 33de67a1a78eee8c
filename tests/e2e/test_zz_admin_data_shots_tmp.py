"""Temporary: screenshots of the admin data pages (deleted after review)."""
from playwright.sync_api import Page
from sqlalchemy import select

from edu_platform.models import Course, User
from tests.e2e.support import DEMO_PASSWORD, db_session, sign_in


def test_shots(page: Page, app_server):
    base = app_server["base_url"]
    sign_in(page, base, "admin@example.com", DEMO_PASSWORD, next_path="/admin/reviews")
    with db_session(app_server) as s:
        teacher = s.scalar(select(User).where(User.email == "teacher@example.com"))
        course_id = s.scalar(select(Course.id).where(Course.teacher_id == teacher.id))
    page.wait_for_timeout(2500)
    page.screenshot(path="/tmp/shots/reviews-1280.png")
    page.goto(f"{base}/admin/orders?lang=en")
    page.wait_for_timeout(2500)
    page.get_by_role("button", name="View").nth(4).click()
    page.wait_for_timeout(1000)
    page.screenshot(path="/tmp/shots/order-paid.png")
    page.get_by_role("dialog").get_by_role("button", name="Refund").click()
    page.wait_for_timeout(1000)
    page.screenshot(path="/tmp/shots/refund-confirm.png")
    page.get_by_role("button", name="Cancel").click()
    page.wait_for_timeout(800)
    page.screenshot(path="/tmp/shots/after-cancel.png")
    page.goto(f"{base}/admin/enrollments?lang=ru")
    page.wait_for_timeout(2500)
    page.get_by_role("button", name="Отчислить").first.click()
    page.wait_for_timeout(800)
    page.screenshot(path="/tmp/shots/expel-ru.png")
    page.goto(f"{base}/admin/reviews?lang=en")
    page.wait_for_timeout(2500)
    page.screenshot(path="/tmp/shots/reviews-en.png")
    page.goto(f"{base}/admin/courses?lang=en")
    page.wait_for_timeout(2000)
    page.get_by_label("Find a course").fill("zzzz-nothing")
    page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    page.wait_for_timeout(1500)
    page.screenshot(path="/tmp/shots/empty.png")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/teach/course/{course_id}/learners?lang=en")
    page.wait_for_timeout(3000)
    page.screenshot(path="/tmp/shots/learners-375.png")
    page.get_by_role("button", name="Send an announcement").click()
    page.wait_for_timeout(800)
    page.get_by_role("dialog").get_by_role("button", name="Send").click()
    page.wait_for_timeout(800)
    page.get_by_label("Subject").fill("x")
    page.get_by_role("dialog").get_by_role("button", name="Send").click()
    page.wait_for_timeout(800)
    page.screenshot(path="/tmp/shots/announce-375.png")
