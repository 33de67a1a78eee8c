"""QR check-in in the browser: the teacher shows the code, a learner opens its URL."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform.models import Attendance, Enrollment
from tests.e2e.support import (
    SLOW,
    db_session,
    live_session_token,
    new_user,
    sign_in,
    taught_course,
)


def _course_with_live_session(app_server) -> dict:
    """A fresh teacher's course with one learner and a session happening now."""
    course = taught_course(
        app_server, "Live course", teacher="Tina Teacher", learner="Leo Learner", points_per_visit=5
    )
    token = live_session_token(app_server, course["teacher_id"], course["course_id"], "Workshop")
    return {**course, "token": token}


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

    # The dashboard lists the session (still running) and the points the visit earned.
    page.goto(f"{app_server['base_url']}/my?lang=en")
    upcoming = page.get_by_test_id("upcoming-session")
    expect(upcoming).to_have_count(1, timeout=SLOW)
    expect(upcoming).to_contain_text("Workshop")
    expect(upcoming.get_by_role("link", name="Live course")).to_be_visible()
    expect(page.get_by_role("heading", name="Upcoming sessions")).to_be_visible()
    expect(page.get_by_test_id("course-points")).to_have_text("5 points")


def test_someone_not_enrolled_is_refused_at_checkin(page: Page, app_server):
    setup = _course_with_live_session(app_server)
    _, outsider = new_user(app_server, "Olga Outsider")
    sign_in(page, app_server["base_url"], outsider, next_path=f"/checkin/{setup['token']}")
    expect(page.get_by_test_id("checkin-error")).to_have_text(
        "You are not enrolled in this course.", timeout=SLOW
    )
