"""The teacher's learners page in a browser: progress, quiz and attendance of a learner,
the CSV export, and an announcement that reaches the learner's notifications."""

from __future__ import annotations

from types import SimpleNamespace

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from edu_platform.models import (
    Attendance,
    Notification,
    Outbox,
    Quiz,
    QuizAttempt,
    User,
    utcnow,
)
from edu_platform.services import notifications
from tests.e2e.support import SLOW, add_module, db_session, new_user, sign_in, taught_course
from tests.support.factories import make_course_session


def _course_with_a_learner(app_server) -> dict:
    """A fresh teacher's course (4 lessons, a quiz, a session) with one learner half-way."""
    half_way = {
        "progress_percent": 50,
        "completed_lessons": 2,
        "points": 5,
        "last_activity_at": utcnow(),
    }
    course = taught_course(
        app_server,
        "Rocket science",
        teacher="Tara Teacher",
        learner="Liam Learner",
        enrolment=half_way,
        lessons_count=4,
        points_per_visit=5,
    )
    course_id, learner_id = course["course_id"], course["learner_id"]
    with db_session(app_server) as session:
        (lesson,) = add_module(session, course_id, "Basics", {"title": "Test", "kind": "quiz"})
        quiz = Quiz(lesson_id=lesson.id, course_id=course_id)
        session.add(quiz)
        meeting = make_course_session(session, course_id=course_id, title="Launch")
        session.add_all(
            [
                QuizAttempt(
                    quiz_id=quiz.id,
                    user_id=learner_id,
                    submitted_at=utcnow(),
                    score_percent=85,
                    passed=True,
                ),
                Attendance(session_id=meeting.id, user_id=learner_id, points=5),
            ]
        )
        session.commit()
        return course


def _open_learners(page: Page, app_server, email: str, course_id: int) -> None:
    """Signed in as `email`, on the learners page of the course."""
    sign_in(page, app_server["base_url"], email, next_path=f"/teach/course/{course_id}/learners")


def test_teacher_sees_a_learners_progress_and_exports_it(page: Page, app_server):
    setup = _course_with_a_learner(app_server)
    _open_learners(page, app_server, setup["teacher"], setup["course_id"])

    row = page.get_by_test_id("learner-row")
    expect(row).to_have_count(1, timeout=SLOW)
    expect(row).to_contain_text("Liam Learner")
    expect(row).to_contain_text("50%")
    expect(row).to_contain_text("2 / 4")
    expect(row).to_contain_text("85%")
    expect(row).to_contain_text("Passed")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    csv_text = download_info.value.path().read_text(encoding="utf-8-sig")
    header, line = csv_text.splitlines()[:2]
    assert header.startswith("full_name,email,status,progress_percent")
    assert line.startswith(f"Liam Learner,{setup['learner']},active,50,2,4,")


def test_announcement_reaches_the_learner_in_app_and_by_email(
    page: Page, browser: Browser, app_server
):
    setup = _course_with_a_learner(app_server)
    _open_learners(page, app_server, setup["teacher"], setup["course_id"])
    expect(page.get_by_test_id("learner-row")).to_have_count(1, timeout=SLOW)

    page.get_by_role("button", name="Send an announcement").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Subject").fill("Launch moved")
    dialog.get_by_label("Message").fill("We launch on Friday at 10:00.")
    dialog.get_by_role("button", name="Send").click()

    expect(page.get_by_test_id("announcement-sent")).to_contain_text(
        "Learners notified: 1", timeout=SLOW
    )
    with db_session(app_server) as session:
        mails = session.scalars(select(Outbox).where(Outbox.recipient == setup["learner"])).all()
        notes = session.scalars(
            select(Notification).where(Notification.user_id == setup["learner_id"])
        ).all()
    assert [mail.subject for mail in mails] == ["Rocket science: Launch moved"]
    assert [note.body for note in notes] == ["We launch on Friday at 10:00."]
    # A notification the platform wrote while the learner read English...
    with db_session(app_server) as session:
        learner = session.get(User, setup["learner_id"])
        learner.locale = "en"
        ready = SimpleNamespace(user_id=learner.id, course_title="Rocket science", serial="R-1")
        notifications.certificate_ready(session, ready)
        session.commit()

    learner_page = browser.new_page()
    try:
        # ...is Russian on a Russian page; the teacher's words stay as written.
        sign_in(
            learner_page,
            app_server["base_url"],
            setup["learner"],
            next_path="/my/notifications?lang=ru",
        )
        note = learner_page.get_by_test_id("notification")
        expect(note.first).to_contain_text(
            "Сертификат по курсу «Rocket science» готов", timeout=SLOW
        )
        expect(note.first).to_contain_text("Номер сертификата: R-1")
        expect(note.nth(1)).to_contain_text("Rocket science: Launch moved")
        expect(note.nth(1)).to_contain_text("We launch on Friday at 10:00.")
    finally:
        learner_page.close()


def test_another_teacher_is_refused_the_learners_page(page: Page, app_server):
    setup = _course_with_a_learner(app_server)
    _, stranger = new_user(app_server, "Sam Stranger", role="teacher")
    _open_learners(page, app_server, stranger, setup["course_id"])

    expect(page.get_by_role("heading", name="Access denied")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("learner-row")).to_have_count(0)
    assert setup["learner"] not in page.content()
