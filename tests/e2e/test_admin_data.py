"""Admin data pages in a browser: a refund through /admin/orders ends the learner's access;
hiding a review at /admin/reviews changes the course rating."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform.models import AuditLog, Course, Enrollment, Order, Refund
from edu_platform.services import reviews
from edu_platform.services.enrollment import enroll_free, has_access
from tests.e2e.support import SLOW, db_session, new_user, paid_order, sign_in
from tests.support.factories import make_course


def test_admin_refunds_a_paid_order_and_the_learner_loses_access(page: Page, app_server):
    _, admin_email = new_user(app_server, "Ada Admin", role="admin")
    teacher_id, _ = new_user(app_server, "Tim Teacher", role="teacher")
    learner_id, learner_email = new_user(app_server, "Lena Learner")
    with db_session(app_server) as session:
        course = make_course(session, teacher=teacher_id, price="1990.00")
        order_id = paid_order(session, learner_id, course.id, "e2e-refund")
        session.commit()
        course_id, course_title = course.id, course.title
        assert has_access(session=session, user_id=learner_id, course_id=course_id)

    sign_in(page, app_server["base_url"], admin_email, next_path="/admin/orders")
    main = page.get_by_role("main")
    main.get_by_label("Buyer email").fill(learner_email)
    main.get_by_role("button", name="Search").click()
    rows = page.get_by_test_id("admin-order-row")
    expect(rows).to_have_count(1, timeout=SLOW)
    expect(rows.first).to_contain_text("Paid")
    rows.first.get_by_role("button", name=f"View #{order_id}").click()

    detail = page.get_by_role("dialog")
    expect(detail).to_contain_text(course_title, timeout=SLOW)
    detail.get_by_role("button", name="Refund").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("loses access")
    confirm.get_by_label("Reason (optional)").fill("Asked by e-mail")
    confirm.get_by_role("button", name="Yes, refund").click()

    expect(page.get_by_test_id("admin-refund")).to_contain_text("Asked by e-mail", timeout=SLOW)
    expect(page.get_by_role("dialog")).to_contain_text("Refunded")
    with db_session(app_server) as session:
        assert session.get(Order, order_id).status == "refunded"
        assert not has_access(session=session, user_id=learner_id, course_id=course_id)
        assert (
            session.scalar(
                select(Enrollment.status).where(
                    Enrollment.user_id == learner_id, Enrollment.course_id == course_id
                )
            )
            == "cancelled"
        )
        refund = session.scalar(select(Refund).where(Refund.order_id == order_id))
        admin_id = refund.created_by
        assert refund.amount == Decimal("1990.00") and refund.reason == "Asked by e-mail"
        audited = session.scalars(
            select(AuditLog.actor_id).where(
                AuditLog.table_name == "order",
                AuditLog.row_id == order_id,
                AuditLog.action == "update",
            )
        ).all()
        assert admin_id in audited


def test_admin_hides_a_review_and_the_course_rating_changes(page: Page, app_server):
    _, admin_email = new_user(app_server, "Ada Admin", role="admin")
    teacher_id, _ = new_user(app_server, "Tim Teacher", role="teacher")
    fan_id, _ = new_user(app_server, "Fay Fan")
    troll_id, troll_email = new_user(app_server, "Troy Troll")
    with db_session(app_server) as session:
        course = make_course(session, teacher=teacher_id, price="0")
        for user_id, rating, text in ((fan_id, 5, "Great course"), (troll_id, 1, "Rubbish!!!")):
            enroll_free(session=session, user_id=user_id, course_id=course.id)
            reviews.upsert_review(
                session=session, user_id=user_id, course_id=course.id, rating=rating, comment=text
            )
        session.commit()
        course_id, slug = course.id, course.slug
        assert (course.rating_avg, course.rating_count) == (Decimal("3.00"), 2)

    sign_in(page, app_server["base_url"], admin_email, next_path="/admin/reviews")
    main = page.get_by_role("main")
    main.get_by_label("Course", exact=True).fill(str(course_id))
    main.get_by_role("button", name="Search").click()
    rows = page.get_by_test_id("admin-review-row")
    expect(rows).to_have_count(2, timeout=SLOW)
    troll = rows.filter(has_text="Rubbish!!!")
    troll.get_by_role("button", name=f"Hide {troll_email}").click()

    expect(troll.get_by_role("button", name=f"Unhide {troll_email}")).to_be_visible(timeout=SLOW)
    with db_session(app_server) as session:
        course = session.get(Course, course_id)
        assert (course.rating_avg, course.rating_count) == (Decimal("5.00"), 1)

    page.goto(f"{app_server['base_url']}/course/{slug}?lang=en")
    expect(page.get_by_text("1 rating", exact=True)).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Rubbish!!!")).to_have_count(0)
