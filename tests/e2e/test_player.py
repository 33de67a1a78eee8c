"""The course player in a real browser: where /learn/<slug> lands, "Mark as done", the
previous/next buttons, a locked lesson of a sequential course, a course the user is not
enrolled in, a quiz without questions; then the archive page and the end-of-course
feedback form.

Fresh learners are enrolled through the services; the sequential course is a course of
this module's own (unpublished, so the catalog does not change), so no seeded course
other tests use is altered.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select, update
from sqlmodel import Session

from edu_platform.models import (
    Course,
    Enrollment,
    Feedback,
    Lesson,
    LessonProgress,
    Quiz,
    User,
    utcnow,
)
from edu_platform.services import enrollment, progress
from tests.e2e.support import SLOW, add_module, db_session, new_user, sign_in, taught_course

SEEDED_STUDENT = "student@example.com"
COURSE = "seo-basics"


def _ordered_lessons(session: Session, slug: str) -> list[Lesson]:
    course_id = session.scalar(select(Course.id).where(Course.slug == slug))
    return progress.ordered_lessons(session, course_id)


def _enrol(session: Session, user_id: int, slug: str) -> Enrollment:
    course_id = session.scalar(select(Course.id).where(Course.slug == slug))
    enrolment, _ = enrollment.grant_access(
        session=session, user_id=user_id, course_id=course_id, source="admin"
    )
    return enrolment


def _new_learner_of_the_course(app_server, name: str) -> tuple[int, str, list[Lesson]]:
    """A new account enrolled in COURSE: (its id, its email, the course's lessons in order)."""
    user_id, email = new_user(app_server, name)
    with db_session(app_server) as session:
        _enrol(session, user_id, COURSE)
        session.commit()
        return user_id, email, _ordered_lessons(session, COURSE)


def _sidebar_link(page: Page, title: str):
    return page.get_by_role("link").filter(has_text=re.compile(f"^{re.escape(title)}$"))


def test_the_seeded_student_lands_on_the_next_unfinished_lesson(page: Page, app_server):
    base_url = app_server["base_url"]
    with db_session(app_server) as session:
        student = session.scalar(select(User).where(User.email == SEEDED_STUDENT))
        state = progress.course_progress(
            session=session,
            user_id=student.id,
            course_id=session.scalar(select(Course.id).where(Course.slug == COURSE)),
        )
        assert state.next_lesson_id is not None, "the demo student is half way through it"
        next_title = session.get(Lesson, state.next_lesson_id).title
    sign_in(page, base_url, SEEDED_STUDENT, f"/learn/{COURSE}")

    expect(page).to_have_url(re.compile(rf"/learn/{COURSE}/{state.next_lesson_id}$"), timeout=SLOW)
    expect(page.get_by_role("heading", name=next_title, exact=True)).to_be_visible()
    expect(page.get_by_text(f"{state.lessons_done} / {state.lessons_total}")).to_be_visible()
    expect(page.get_by_test_id("course-progress")).to_have_attribute(
        "aria-valuenow", str(state.percent)
    )


def test_mark_as_done_moves_the_progress_bar_and_the_sidebar_mark(page: Page, app_server):
    base_url = app_server["base_url"]
    user_id, email, lessons = _new_learner_of_the_course(app_server, "Mark Done")
    first, total = lessons[0], len(lessons)
    sign_in(page, base_url, email, f"/learn/{COURSE}?lang=en")
    expect(page).to_have_url(re.compile(rf"/learn/{COURSE}/{first.id}"), timeout=SLOW)
    bar = page.get_by_test_id("course-progress")
    expect(page.get_by_text(f"0 / {total} lessons done")).to_be_visible()
    expect(bar).to_have_attribute("aria-valuenow", "0")
    expect(_sidebar_link(page, first.title).locator("svg.lucide-circle-play")).to_have_count(1)

    page.get_by_role("button", name="Mark as done").click()

    expect(page.get_by_text(f"1 / {total} lessons done")).to_be_visible()
    expect(bar).to_have_attribute("aria-valuenow", str(100 // total))
    expect(page.get_by_text("Lesson done", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Mark as done")).to_have_count(0)
    expect(_sidebar_link(page, first.title).locator("svg.lucide-circle-check")).to_have_count(1)
    expect(_sidebar_link(page, lessons[1].title).locator("svg.lucide-circle-play")).to_have_count(1)
    with db_session(app_server) as session:
        stored = session.scalar(select(Enrollment).where(Enrollment.user_id == user_id))
        assert (stored.completed_lessons, stored.progress_percent) == (1, 100 // total)
        done = session.scalars(
            select(LessonProgress.lesson_id).where(LessonProgress.user_id == user_id)
        ).all()
        assert done == [first.id]


def test_previous_and_next_buttons_walk_the_lessons_in_order(page: Page, app_server):
    base_url = app_server["base_url"]
    _, email, lessons = _new_learner_of_the_course(app_server, "Nora Next")
    sign_in(page, base_url, email, f"/learn/{COURSE}/{lessons[1].id}?lang=en")
    expect(page.get_by_role("heading", name=lessons[1].title, exact=True)).to_be_visible(
        timeout=SLOW
    )

    page.get_by_role("link", name="Next lesson").click()
    expect(page).to_have_url(re.compile(rf"/learn/{COURSE}/{lessons[2].id}$"))
    expect(page.get_by_role("heading", name=lessons[2].title, exact=True)).to_be_visible()

    page.get_by_role("link", name="Previous lesson").click()
    expect(page).to_have_url(re.compile(rf"/learn/{COURSE}/{lessons[1].id}$"))
    expect(page.get_by_role("heading", name=lessons[1].title, exact=True)).to_be_visible()
    page.get_by_role("link", name="Previous lesson").click()
    expect(page).to_have_url(re.compile(rf"/learn/{COURSE}/{lessons[0].id}$"))
    expect(page.get_by_role("heading", name=lessons[0].title, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Previous lesson")).to_have_count(0)


def _sequential_course(session: Session) -> tuple[Course, list[Lesson]]:
    """An unpublished three-lesson course, switched to sequential order by SQL."""
    teacher_id = session.scalar(select(User.id).where(User.email == "teacher@example.com"))
    course = Course(
        slug=f"e2e-sequential-{uuid.uuid4().hex[:8]}",
        title="Sequential e2e course",
        teacher_id=teacher_id,
        lessons_count=3,
    )
    session.add(course)
    session.flush()
    titles = ("Step one", "Step two", "Step three")
    lessons = add_module(
        session, course.id, "Steps", *({"title": title, "body": title} for title in titles)
    )
    session.execute(update(Course).where(Course.id == course.id).values(require_sequential=True))
    session.flush()
    return course, lessons


def test_a_locked_lesson_of_a_sequential_course_names_the_lesson_to_finish(page: Page, app_server):
    base_url = app_server["base_url"]
    user_id, email = new_user(app_server, "Sam Sequence")
    with db_session(app_server) as session:
        course, lessons = _sequential_course(session)
        _enrol(session, user_id, course.slug)
        session.commit()
    sign_in(page, base_url, email, f"/learn/{course.slug}/{lessons[2].id}?lang=en")

    expect(page.get_by_test_id("player-error")).to_have_text(
        "Finish “Step one” first.", timeout=SLOW
    )
    expect(page.get_by_role("heading", name="Step three")).to_have_count(0)
    page.goto(f"{base_url}/learn/{course.slug}/{lessons[0].id}?lang=en")
    expect(page.get_by_role("heading", name="Step one", exact=True)).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("locked-lesson")).to_have_count(2)


def test_a_course_the_user_is_not_enrolled_in_shows_the_not_enrolled_message(
    page: Page, app_server
):
    base_url = app_server["base_url"]
    _, email = new_user(app_server, "Olga Outside")
    sign_in(page, base_url, email, f"/learn/{COURSE}?lang=en")

    expect(page.get_by_test_id("player-error")).to_have_text(
        "You are not enrolled in this course.", timeout=SLOW
    )
    expect(page.get_by_role("button", name="Mark as done")).to_have_count(0)


def _completed(session: Session, user_id: int, slug: str, days_ago: int) -> Enrollment:
    enrolment = _enrol(session, user_id, slug)
    enrolment.status, enrolment.progress_percent = "completed", 100
    enrolment.completed_at = utcnow() - timedelta(days=days_ago)
    session.add(enrolment)
    session.flush()
    return enrolment


def test_a_course_finished_long_ago_is_in_the_archive_not_in_my_learning(page: Page, app_server):
    base_url = app_server["base_url"]
    user_id, email = new_user(app_server, "Arch Ivist")
    with db_session(app_server) as session:
        # What the daily job does (run here only for this enrolment: the job itself would
        # also archive seeded enrolments other tests look at).
        _completed(session, user_id, COURSE, days_ago=45).archived_at = utcnow()
        title = session.scalar(select(Course.title).where(Course.slug == COURSE))
        session.commit()
    sign_in(page, base_url, email, "/my/archive?lang=en")
    expect(page.get_by_role("heading", name="Archive")).to_be_visible(timeout=SLOW)
    card = page.get_by_test_id("my-course")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", name=title)).to_be_visible()
    expect(card.get_by_role("link", name="Review")).to_have_attribute("href", f"/learn/{COURSE}")

    page.goto(f"{base_url}/my?lang=en")
    expect(page.get_by_text("You are not enrolled in any course yet.")).to_be_visible(timeout=SLOW)


def test_a_learner_who_finished_the_course_sends_feedback(page: Page, app_server):
    base_url = app_server["base_url"]
    user_id, email = new_user(app_server, "Fay Feedback")
    with db_session(app_server) as session:
        _completed(session, user_id, COURSE, days_ago=1)
        first = _ordered_lessons(session, COURSE)[0]
        session.commit()
    sign_in(page, base_url, email, f"/learn/{COURSE}/{first.id}?lang=en")
    form = page.get_by_test_id("feedback-form")
    expect(form.get_by_role("heading", name="How was the course?")).to_be_visible(timeout=SLOW)
    form.get_by_role("button", name="Send feedback").click()
    expect(form.get_by_text("Choose a rating from 1 to 5.")).to_be_visible()

    form.get_by_role("radio", name="4").click()
    form.get_by_label("What should we improve?").fill("More practical examples")
    form.get_by_role("button", name="Send feedback").click()

    expect(form.get_by_text("Thank you! The teacher will see your feedback.")).to_be_visible()
    expect(form.get_by_role("button", name="Update feedback")).to_be_visible()
    with db_session(app_server) as session:
        stored = session.execute(
            select(Feedback.rating, Feedback.improve).where(Feedback.user_id == user_id)
        ).all()
    assert stored == [(4, "More practical examples")]


def test_a_quiz_without_questions_is_marked_done_by_hand(page: Page, app_server):
    """A course published with a quiz its teacher (or integration) has not filled yet: the
    player says so and offers the button a text lesson has, instead of a test to start."""
    course = taught_course(app_server, "Empty quiz course", teacher="Quinn Quiz", learner="Lee")
    with db_session(app_server) as session:
        (lesson,) = add_module(
            session, course["course_id"], "Only", {"title": "Check yourself", "kind": "quiz"}
        )
        session.add(Quiz(lesson_id=lesson.id, course_id=course["course_id"]))
        session.execute(
            update(Course).where(Course.id == course["course_id"]).values(lessons_count=1)
        )
        session.commit()
    sign_in(page, app_server["base_url"], course["learner"], f"/learn/{course['slug']}?lang=en")
    panel = page.get_by_test_id("quiz-panel")
    expect(panel.get_by_text("This quiz has no questions yet.")).to_be_visible(timeout=SLOW)
    expect(panel.get_by_role("button", name="Start quiz")).to_have_count(0)
    expect(panel.get_by_text("Pass mark")).to_have_count(0)  # no settings of an empty quiz

    page.get_by_role("button", name="Mark as done").click()

    expect(page.get_by_text("Lesson done", exact=True)).to_be_visible()
    expect(page.get_by_test_id("course-progress")).to_have_attribute("aria-valuenow", "100")
    with db_session(app_server) as session:
        stored = session.scalar(
            select(Enrollment).where(Enrollment.user_id == course["learner_id"])
        )
        assert (stored.completed_lessons, stored.status) == (1, "completed")
