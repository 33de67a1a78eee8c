"""The teacher's analytics page in a browser: metric cards and charts, refusal for a
stranger, and live figures — a learner completes a lesson in another browser context and
the teacher's open page shows it without a reload."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from edu_platform.models import LearningEvent
from tests.e2e.support import SLOW, add_module, db_session, new_user, sign_in, taught_course


def _course(app_server) -> dict:
    course = taught_course(
        app_server, "Live analytics", teacher="Ana Analyst", learner="Leo Learner", lessons_count=2
    )
    with db_session(app_server) as session:
        first, _second = add_module(
            session,
            course["course_id"],
            "Only",
            {"title": "First steps", "body": "Read me."},
            {"title": "Second steps", "body": "More."},
        )
        session.commit()
        return {**course, "first": first.id}


def _wait_for_completion_event(app_server, user_id: int) -> None:
    """Learning events reach the database in the server's next buffered flush (every 2 s,
    services/learning_events.py); a page loaded before it would show yesterday's streak."""
    deadline = time.monotonic() + SLOW / 1000
    while time.monotonic() < deadline:
        with db_session(app_server) as session:
            stored = session.scalar(
                select(func.count())
                .select_from(LearningEvent)
                .where(LearningEvent.user_id == user_id, LearningEvent.type == "lesson_completed")
            )
        if stored:
            return
        time.sleep(0.2)
    raise AssertionError("the lesson_completed event was never stored")


def test_analytics_page_updates_live_when_a_learner_completes_a_lesson(
    page: Page, browser: Browser, app_server
):
    base_url = app_server["base_url"]
    world = _course(app_server)
    sign_in(
        page, base_url, world["teacher"], f"/teach/courses/{world['course_id']}/analytics?lang=en"
    )
    expect(page.get_by_role("heading", name="Live analytics")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("metric-completion")).to_contain_text("0%")
    expect(page.get_by_test_id("metric-time_on_task")).to_contain_text("90 % of learners at most")
    expect(page.get_by_role("heading", name="Lesson funnel")).to_be_visible()
    funnel_first = page.get_by_role("row").filter(has_text="First steps")
    expect(funnel_first.get_by_role("cell").nth(2)).to_have_text("0")
    expect(page.locator(".recharts-wrapper").first).to_be_visible()
    expect(page.get_by_test_id("course-completion")).to_contain_text("Enrolments in all: 1")
    expect(page.get_by_text("No sessions yet.")).to_be_visible()

    learner_context = browser.new_context()
    try:
        learner = learner_context.new_page()
        sign_in(
            learner, base_url, world["learner"], f"/learn/{world['slug']}/{world['first']}?lang=en"
        )
        learner.get_by_role("button", name="Mark as done").click()
        expect(learner.get_by_text("Lesson done", exact=True)).to_be_visible(timeout=SLOW)

        # No reload: the watcher notices the completion within its poll (1 s in tests).
        expect(funnel_first.get_by_role("cell").nth(2)).to_have_text("1", timeout=SLOW)
        expect(page.get_by_test_id("metric-completion")).to_contain_text("50%", timeout=SLOW)
        expect(page).to_have_url(re.compile(r"/analytics"))

        # The learner's own activity: today's events make a one-day streak.
        _wait_for_completion_event(app_server, world["learner_id"])
        learner.goto(f"{base_url}/my?lang=en")
        expect(learner.get_by_role("heading", name="My activity")).to_be_visible(timeout=SLOW)
        expect(learner.get_by_test_id("my-streak")).to_contain_text("1")
        activity = learner.get_by_role("row").filter(has_text="Live analytics")
        expect(activity.get_by_role("cell").nth(2)).to_have_text("50%")
        # On a laptop the table has the page's width: no sideways scroll, in Russian either.
        learner.set_viewport_size({"width": 1280, "height": 800})
        learner.goto(f"{base_url}/my?lang=ru")
        table = learner.get_by_role("table").filter(has_text="Live analytics")
        expect(table).to_be_visible(timeout=SLOW)
        room, needed, page_width = table.evaluate(
            "t => [t.parentElement.clientWidth, t.scrollWidth,"
            " document.querySelector('main').clientWidth]"
        )
        assert needed <= room and room >= 0.8 * page_width, (needed, room, page_width)
    finally:
        learner_context.close()


def test_analytics_page_is_refused_to_another_teacher(page: Page, app_server):
    base_url = app_server["base_url"]
    world = _course(app_server)
    _, stranger = new_user(app_server, "Other Teacher", role="teacher")
    sign_in(page, base_url, stranger, f"/teach/course/{world['course_id']}/analytics?lang=en")
    expect(page.get_by_test_id("access-denied")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("metric-completion")).to_have_count(0)
    expect(page.get_by_role("heading", name="Live analytics")).to_have_count(0)
