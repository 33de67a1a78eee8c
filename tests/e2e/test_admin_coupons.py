"""/admin/coupons in a browser: an admin creates a coupon for a course (found by typing
part of its title), sees it listed with its use count and turns it off; a teacher is
refused the page."""

from __future__ import annotations

import uuid
from decimal import Decimal

from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform.i18n import translate
from edu_platform.models import Coupon, Course
from tests.e2e.support import SLOW, db_session, new_user, sign_in


def test_admin_creates_lists_and_turns_off_a_coupon(page: Page, app_server):
    _, admin_email = new_user(app_server, "Ada Admin", role="admin")
    teacher_id, teacher_email = new_user(app_server, "Tim Teacher", role="teacher")
    code = f"E2E{uuid.uuid4().hex[:6].upper()}"
    with db_session(app_server) as session:
        course = Course(
            slug=f"e2e-coupon-{uuid.uuid4().hex[:8]}",
            title="Coupon course",
            teacher_id=teacher_id,
            price=Decimal("1000.00"),
            is_published=True,
        )
        session.add(course)
        session.commit()
        course_id, slug = course.id, course.slug

    sign_in(page, app_server["base_url"], admin_email, next_path="/admin/coupons")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Coupons")).to_be_visible(timeout=SLOW)
    # Each refusal under the field it is about, the field marked; what was typed stays.
    main.get_by_test_id("coupon-create").click()
    code_field = main.get_by_label("Code", exact=True)
    expect(code_field).to_have_attribute("aria-invalid", "true", timeout=SLOW)
    expect(main.get_by_role("alert")).to_have_text(translate("coupons.error.code", "en"))
    code_field.fill(code.lower())
    main.get_by_label("Discount", exact=True).fill("15")
    course_field = main.get_by_label("Course (empty: site-wide)")
    course_field.fill("no-such-course")
    main.get_by_test_id("coupon-create").click()
    expect(course_field).to_have_attribute("aria-invalid", "true", timeout=SLOW)
    expect(main.get_by_role("alert")).to_have_text(
        translate("coupons.error.course_not_found", "en")
    )
    expect(code_field).to_have_value(code.lower())
    # Typing part of the title offers the course (the browser's list: its slug, its title).
    course_field.fill("")
    course_field.press_sequentially("coupon cour")
    suggestion = page.locator(f"#coupon-course-choices option[value='{slug}']")
    expect(suggestion).to_have_count(1, timeout=SLOW)
    expect(suggestion).to_have_text("Coupon course")
    course_field.fill(slug)
    main.get_by_label("Usage limit").fill("3")
    main.get_by_test_id("coupon-create").click()

    row = page.get_by_test_id("admin-coupon-row").filter(has_text=code)
    expect(row).to_have_count(1, timeout=SLOW)
    expect(row).to_contain_text("0 / 3")
    expect(row).to_contain_text("Active")
    with db_session(app_server) as session:
        coupon = session.scalar(select(Coupon).where(Coupon.code == code))
        assert (coupon.kind, coupon.value, coupon.course_id, coupon.usage_limit) == (
            "percent",
            Decimal("15.00"),
            course_id,
            3,
        )
        assert coupon.is_active

    row.get_by_role("button", name=f"Turn off {code}").click()
    expect(row.get_by_role("button", name=f"Turn on {code}")).to_be_visible(timeout=SLOW)
    expect(row).to_contain_text("Off")
    with db_session(app_server) as session:
        assert session.scalar(select(Coupon.is_active).where(Coupon.code == code)) is False

    page.context.clear_cookies()
    sign_in(page, app_server["base_url"], teacher_email, next_path="/admin/coupons")
    expect(page.get_by_role("heading", name="Access denied")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("admin-coupon-row")).to_have_count(0)
    assert code not in page.content()
