"""Temporary: screenshots of the admin data pages (deleted after review)."""
from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform.models import Course, User
from tests.e2e.support import DEMO_PASSWORD, SLOW, db_session, sign_in


def test_shots(page: Page, app_server):
    base = app_server["base_url"]
    sign_in(page, base, "admin@example.com", DEMO_PASSWORD, next_path="/admin/courses")
    with db_session(app_server) as s:
        teacher = s.scalar(select(User).where(User.email == "teacher@example.com"))
        course_id = s.scalar(select(Course.id).where(Course.teacher_id == teacher.id))
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for name in ("courses", "orders", "enrollments", "reviews"):
            page.goto(f"{base}/admin/{name}?lang=en")
            expect(page.get_by_role("heading", level=1).or_(page.get_by_role("heading").first)).to_be_visible(timeout=SLOW)
            page.wait_for_timeout(2500)
            page.screenshot(path=f"/tmp/shots/{name}-{width}.png", full_page=True)
        page.goto(f"{base}/teach/course/{course_id}/learners?lang=en")
        page.wait_for_timeout(3000)
        page.screenshot(path=f"/tmp/shots/learners-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/admin/orders?lang=en")
    page.wait_for_timeout(2500)
    page.get_by_role("button", name="View").first.click()
    page.wait_for_timeout(1500)
    page.screenshot(path="/tmp/shots/order-detail.png")
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_timeout(800)
    page.screenshot(path="/tmp/shots/order-detail-375.png")
