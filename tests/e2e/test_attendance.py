"""QR check-in in the browser: the teacher shows the code, a learner opens its URL."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform.models import Attendance, Enrollment, utcnow
from edu_platform.services import attendance
from tests.e2e.support import SLOW, course_with_learner, db_session, new_user, sign_in


def _course_with_live_session(app_server) -> dict:
    """A fresh teacher's course with one learner and a session happening now."""
    teacher_id, teacher_email = new_user(app_server, "Tina Teacher", role="teacher")
    learner_id, learner_email = new_user(app_server, "Leo Learner")
    with db_session(app_server) as session:
        course = course_with_learner(
            session, teacher_id, learner_id, "Live course", points_per_visit=5
        )
        live = attendance.create_session(
            session=session,
            actor_id=teacher_id,
            course_id=course.id,
            title="Workshop",
            starts_at=utcnow() - timedelta(minutes=5),
            ends_at=utcnow() + timedelta(hours=1),
        )
        session.commit()
        return {
            "course_id": course.id,
            "teacher": teacher_email,
            "learner": learner_email,
            "learner_id": learner_id,
            "token": live.checkin_token,
        }


def test_teacher_shows_the_qr_code_of_a_session(page: Page, app_server):
    setup = _course_with_live_session(app_server)
    sign_in(
        page,
        app_server["base_url"],
        setup["teacher"],
        next_path=f"/teach/course/{setup['course_id']}/sessions",
    )
    page.get_by_role("button", name="QR code").click()
    expect(page.get_by_test_id("checkin-url")).to_contain_text(
        f"/checkin/{setup['token']}", timeout=SLOW
    )
    expect(page.get_by_role("dialog").get_by_role("img")).to_be_visible()


def test_enrolled_learner_checks_in_with_the_qr_url_and_earns_points(page: Page, app_server):
    setup = _course_with_live_session(app_server)
    sign_in(page, app_server["base_url"], setup["learner"], next_path=f"/checkin/{setup['token']}")
    expect(page.get_by_test_id("checkin-done")).to_have_text("You are checked in", timeout=SLOW)
    expect(page.get_by_text("Points for attending: 5")).to_be_visible()
    with db_session(app_server) as session:
        method = session.scalar(
            select(Attendance.method).where(Attendance.user_id == setup["learner_id"])
        )
        points = session.scalar(
            select(Enrollment.points).where(Enrollment.user_id == setup["learner_id"])
        )
    assert (method, points) == ("qr", 5)


def test_someone_not_enrolled_is_refused_at_checkin(page: Page, app_server):
    setup = _course_with_live_session(app_server)
    _, outsider = new_user(app_server, "Olga Outsider")
    sign_in(page, app_server["base_url"], outsider, next_path=f"/checkin/{setup['token']}")
    expect(page.get_by_test_id("checkin-error")).to_have_text(
        "You are not enrolled in this course.", timeout=SLOW
    )
