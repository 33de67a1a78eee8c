"""Smoke tests for the front doors no other browser test opened: /admin/audit,
/admin/reports, /admin/courses, /admin/enrollments, /account/security and the quiz
time-out. Each page loads for its role with real rows of this test on it, and refuses a
learner (or sends an anonymous visitor to sign in). Assertions use headings, labels and
rows only: the admin pages' layout is changing.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform import routes
from edu_platform.audit import acting_as
from edu_platform.models import AnswerOption, Question, Quiz, QuizAttempt
from edu_platform.models.base import utcnow
from edu_platform.services import enrollment, quizzes
from tests.e2e.support import SLOW, add_module, db_session, new_user, paid_order, sign_in
from tests.support.factories import make_course

ADMIN_PAGES = [routes.ADMIN_AUDIT, routes.ADMIN_REPORTS, routes.ADMIN_COURSES]
ADMIN_PAGES += [routes.ADMIN_ENROLLMENTS]


def _tag() -> str:
    return uuid.uuid4().hex[:8]


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
    _, admin_email = new_user(app_server, "Rita Reports", role="admin")
    buyer_id, _ = new_user(app_server, "Bo Buyer")
    title = f"Top {_tag()}"
    with db_session(app_server) as session:
        course = make_course(session, title=title, price="987654.00")
        paid_order(session, buyer_id, course.id, title)
        session.commit()
    sign_in(page, app_server["base_url"], admin_email, next_path=routes.ADMIN_REPORTS)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Reports")).to_be_visible(timeout=SLOW)
    for heading in ("Revenue and orders", "Top courses by revenue", "Completion rates"):
        expect(main.get_by_role("heading", name=heading)).to_be_visible()
    expect(main.get_by_text("Revenue in range")).to_be_visible()
    expect(page.get_by_test_id("report-orders")).to_have_text(re.compile(r"^[1-9]\d*$"))
    # The most expensive course sold in the range leads the revenue chart.
    expect(main.get_by_text(title, exact=True).first).to_be_visible()
    expect(main.get_by_role("columnheader", name="Completed")).to_be_visible()


def test_admin_courses_lists_a_draft_with_its_teacher(page: Page, app_server):
    _, admin_email = new_user(app_server, "Cara Courses", role="admin")
    teacher_id, _ = new_user(app_server, "Theo Teacher", role="teacher")
    title = f"Draft {_tag()}"
    with db_session(app_server) as session:
        make_course(session, teacher=teacher_id, title=title, published=False, commit=True)
    sign_in(page, app_server["base_url"], admin_email, next_path=routes.ADMIN_COURSES)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Courses", exact=True)).to_be_visible(timeout=SLOW)
    main.get_by_label("Find a course").fill(title)
    main.get_by_label("Find a course").press("Enter")
    row = main.get_by_role("row").filter(has_text=title)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Theo Teacher")
    expect(row).to_contain_text("Draft")
    expect(row.get_by_role("button", name=f"Publish {title}")).to_be_visible()


def test_admin_enrollments_lists_a_learners_enrolment(page: Page, app_server):
    _, admin_email = new_user(app_server, "Ezra Enrol", role="admin")
    learner_id, learner_email = new_user(app_server, "Lou Learner")
    title = f"Enrolled {_tag()}"
    with db_session(app_server) as session:
        course = make_course(session, title=title, price="0")
        enrollment.enroll_free(session=session, user_id=learner_id, course_id=course.id)
        session.commit()
    sign_in(page, app_server["base_url"], admin_email, next_path=routes.ADMIN_ENROLLMENTS)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Enrolments", exact=True)).to_be_visible(timeout=SLOW)
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


def test_account_security_sends_an_anonymous_visitor_to_sign_in(page: Page, app_server):
    page.goto(f"{app_server['base_url']}{routes.ACCOUNT_SECURITY}?lang=en")
    expect(page).to_have_url(
        re.compile(r"/login\?.*next=%2Faccount%2Fsecurity|next=/account/security")
    )
    expect(page.get_by_role("main").get_by_label("Password")).to_be_visible(timeout=SLOW)


def test_a_timed_quiz_whose_time_runs_out_is_submitted_and_shows_its_result(page: Page, app_server):
    learner_id, email = new_user(app_server, "Tim Timeout")
    with db_session(app_server) as session:
        course = make_course(session, title=f"Timed {_tag()}", price="0")
        (lesson,) = add_module(session, course.id, "Exam", {"title": "Timed quiz", "kind": "quiz"})
        quiz = Quiz(lesson_id=lesson.id, course_id=course.id, time_limit_minutes=1)
        session.add(quiz)
        session.flush()
        question = Question(quiz_id=quiz.id, kind="single", text="Two plus two?", position=1)
        session.add(question)
        session.flush()
        session.add_all(
            [
                AnswerOption(question_id=question.id, text="4", is_correct=True, position=1),
                AnswerOption(question_id=question.id, text="5", is_correct=False, position=2),
            ]
        )
        course.lessons_count = 1
        enrollment.enroll_free(session=session, user_id=learner_id, course_id=course.id)
        session.commit()
    base_url = app_server["base_url"]
    sign_in(page, base_url, email)  # first: signing in takes seconds on a busy machine
    with db_session(app_server) as session:
        # Started 45 s ago with a one-minute limit: about 15 seconds are left, enough to
        # open the page on a busy machine (the test waits for them to run out).
        attempt = quizzes.start_attempt(
            session=session,
            user_id=learner_id,
            quiz_id=quiz.id,
            now=utcnow() - timedelta(seconds=45),
        )
        session.commit()
    page.goto(f"{base_url}{routes.learn_url(course.slug, lesson.id)}")
    # The open attempt opens by itself, its countdown running.
    expect(page.get_by_test_id("quiz-countdown")).to_have_text(
        re.compile(r"^00:\d{2}$"), timeout=SLOW
    )
    # No answer given, no button pressed: at zero the page submits the attempt by itself
    # and shows its result.
    expect(page.get_by_role("heading", name="Your score")).to_be_visible(timeout=40_000)
    expect(page.get_by_test_id("quiz-score")).to_have_text("0%")
    expect(page.get_by_test_id("quiz-outcome")).to_have_text("Failed")
    expect(page.get_by_role("button", name="Submit answers")).to_have_count(0)
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    with db_session(app_server) as session:
        closed = session.scalar(select(QuizAttempt).where(QuizAttempt.id == attempt.id))
        assert closed.submitted_at is not None
        assert (closed.score_percent, closed.passed) == (0, False)
