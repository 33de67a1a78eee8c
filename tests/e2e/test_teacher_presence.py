"""Teacher presence in the browser: the teacher on the course page and their own page,
durations from content, times in the viewer's zone, the profile's zone and bio, QR codes
from the page's address with a full-screen room view, and the /teach overview charts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from edu_platform.i18n import format_price
from edu_platform.models import (
    Course,
    CourseSession,
    Enrollment,
    Lesson,
    Module,
    Order,
    OrderItem,
    User,
    utcnow,
)
from tests.e2e.support import SLOW, db_session, live_session_token, new_user, shot, sign_in
from tests.support.factories import make_course_session

BIO = "**Ten years** of Python.\n\n<script>window.pwned = 1</script>"
WORDS_900 = " ".join(["слово"] * 900)
# A fixed session far ahead: 16:00-17:30 UTC is 01:00-02:30 next day in Tokyo.
SESSION_START = datetime(2031, 1, 15, 16, 0, tzinfo=UTC)


def _teacher_with_courses(app_server, *, zone: str | None = None) -> dict:
    """A teacher with a bio, a text+video course with a session, and two more courses."""
    teacher_id, email = new_user(app_server, "Tamara Teacher", role="teacher")
    suffix = uuid.uuid4().hex[:6]
    with db_session(app_server) as session:
        teacher = session.get(User, teacher_id)
        teacher.bio, teacher.time_zone = BIO, zone
        main = Course(
            slug=f"presence-{suffix}",
            title="Presence course",
            teacher_id=teacher_id,
            is_published=True,
            language="ru",
        )
        others = [
            Course(
                slug=f"presence-{suffix}-{n}",
                title=f"Other course {n}",
                teacher_id=teacher_id,
                is_published=True,
            )
            for n in (1, 2)
        ]
        draft = Course(slug=f"presence-{suffix}-d", title="Hidden draft", teacher_id=teacher_id)
        session.add_all([main, *others, draft])
        session.flush()
        text = Module(course_id=main.id, title="Reading", position=1)
        video = Module(course_id=main.id, title="Watching", position=2)
        session.add_all([text, video])
        session.flush()
        session.add_all(
            [
                # 900 words at 180 wpm: 5 min, whatever was typed (45).
                Lesson(module_id=text.id, course_id=main.id, title="Long read", kind="text",
                       body=WORDS_900, duration_minutes=45, position=1),
                Lesson(module_id=text.id, course_id=main.id, title="Short read", kind="text",
                       body="Коротко.", duration_minutes=60, position=2),
                Lesson(module_id=video.id, course_id=main.id, title="Clip", kind="video",
                       duration_minutes=62, position=1),
            ]
        )  # fmt: skip
        make_course_session(
            session,
            course_id=main.id,
            starts_at=SESSION_START,
            length=timedelta(minutes=90),
            checkin_token=f"presence-{suffix}",
            commit=True,
        )
        return {"id": teacher_id, "email": email, "slug": main.slug, "course_id": main.id}


def test_course_page_shows_the_teacher_as_a_person_in_english(page: Page, app_server):
    setup = _teacher_with_courses(app_server)
    page.goto(f"{app_server['base_url']}/course/{setup['slug']}?lang=en")
    section = page.get_by_test_id("teacher-section")
    expect(section.get_by_role("heading", name="Tamara Teacher")).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("heading", name="About the teacher")).to_be_visible()
    # Markdown rendered, raw HTML shown as text and never run.
    expect(section.locator("strong", has_text="Ten years")).to_be_visible()
    assert page.evaluate("window.pwned") is None
    expect(section.get_by_text("Published courses: 3")).to_be_visible()
    expect(section.get_by_role("heading", name="More courses by this teacher")).to_be_visible()
    titles = section.get_by_test_id("course-card").locator("h3").all_inner_texts()
    assert sorted(titles) == ["Other course 1", "Other course 2"]
    # Initials stand in for the missing photo.
    expect(section.get_by_text("TT", exact=True)).to_be_visible()
    shot(page, "course-teacher-en", full_page=True)

    section.get_by_test_id("teacher-link").click()
    expect(page).to_have_url(f"{app_server['base_url']}/teachers/{setup['id']}", timeout=SLOW)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Tamara Teacher", level=1)).to_be_visible(timeout=SLOW)
    expect(main.get_by_test_id("course-card")).to_have_count(3)
    expect(main.get_by_text("Hidden draft")).to_have_count(0)
    assert setup["email"] not in page.content()  # public data only
    expect(page).to_have_title("Tamara Teacher — EduPlatform", timeout=SLOW)


def test_course_page_teacher_and_durations_in_russian(page: Page, app_server):
    setup = _teacher_with_courses(app_server)
    page.goto(f"{app_server['base_url']}/course/{setup['slug']}?lang=ru")
    expect(page.get_by_role("heading", name="О преподавателе")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Другие курсы преподавателя")).to_be_visible()
    # Text lessons by reading time (5 + 1 min), the video by its length (62 min).
    expect(page.get_by_test_id("course-duration")).to_have_text("1\u00a0ч 8\u00a0мин")
    modules = page.get_by_test_id("module-duration")
    expect(modules.nth(0)).to_contain_text("6\u00a0мин")
    expect(modules.nth(1)).to_contain_text("1\u00a0ч 2\u00a0мин")
    page.get_by_role("button", name="Reading").click()
    expect(page.get_by_test_id("lesson-duration").first).to_have_text("5\u00a0мин")


def test_durations_in_english(page: Page, app_server):
    setup = _teacher_with_courses(app_server)
    page.goto(f"{app_server['base_url']}/course/{setup['slug']}?lang=en")
    expect(page.get_by_test_id("course-duration")).to_have_text("1\u00a0h 8\u00a0min", timeout=SLOW)


def test_anonymous_viewer_sees_session_times_in_the_browser_zone(browser: Browser, app_server):
    setup = _teacher_with_courses(app_server)
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    try:
        page.goto(f"{app_server['base_url']}/course/{setup['slug']}?lang=en")
        expect(page.get_by_test_id("session-time")).to_have_text(
            "Jan 16, 2031, 01:00–02:30 JST (UTC+9)", timeout=SLOW
        )
        expect(page.get_by_test_id("schedule-zone")).to_have_text("Times are shown in Asia/Tokyo")
        page.goto(f"{app_server['base_url']}/course/{setup['slug']}?lang=ru")
        expect(page.get_by_test_id("session-time")).to_have_text(
            "16.01.2031, 01:00–02:30 JST (UTC+9)", timeout=SLOW
        )
    finally:
        context.close()


def test_profile_zone_wins_over_the_browser_zone(browser: Browser, app_server):
    setup = _teacher_with_courses(app_server)
    _, email = new_user(app_server, "Mila Moscow")
    with db_session(app_server) as session:
        user = session.scalar(select(User).where(User.email == email))
        user.time_zone = "Europe/Moscow"
        session.commit()
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    try:
        sign_in(page, app_server["base_url"], email, next_path=f"/course/{setup['slug']}")
        expect(page.get_by_test_id("session-time")).to_have_text(
            "Jan 15, 2031, 19:00–20:30 MSK (UTC+3)", timeout=SLOW
        )
    finally:
        context.close()


def test_profile_takes_the_browser_zone_and_lets_the_user_change_it(browser: Browser, app_server):
    user_id, email = new_user(app_server, "Bert Berlin")
    context = browser.new_context(timezone_id="Europe/Berlin")
    page = context.new_page()
    try:
        sign_in(page, app_server["base_url"], email, next_path="/account")
        select_box = page.get_by_label("Time zone", exact=True)
        expect(select_box).to_have_value("Europe/Berlin", timeout=SLOW)
        with db_session(app_server) as session:
            assert session.get(User, user_id).time_zone == "Europe/Berlin"
        select_box.select_option("Asia/Yekaterinburg")
        page.get_by_test_id("time-zone-form").get_by_role("button", name="Save time zone").click()
        expect(page.get_by_test_id("time-zone-form").get_by_role("status")).to_have_text("Saved")
        with db_session(app_server) as session:
            assert session.get(User, user_id).time_zone == "Asia/Yekaterinburg"
        # Learners have no teacher bio to write.
        expect(page.get_by_test_id("bio-form")).to_have_count(0)
    finally:
        context.close()


def test_teacher_writes_a_bio_in_the_profile_in_russian(page: Page, app_server):
    teacher_id, email = new_user(app_server, "Вера Учитель", role="teacher", locale="ru")
    sign_in(page, app_server["base_url"], email, next_path="/account?lang=ru")
    form = page.get_by_test_id("bio-form")
    form.get_by_label("О себе").fill("Преподаю *математику* 12 лет.")
    form.get_by_role("button", name="Сохранить описание").click()
    expect(form.get_by_role("status")).to_have_text("Сохранено", timeout=SLOW)
    with db_session(app_server) as session:
        assert session.get(User, teacher_id).bio == "Преподаю *математику* 12 лет."
    expect(form.get_by_role("link", name="Открыть публичную страницу")).to_have_attribute(
        "href", f"/teachers/{teacher_id}"
    )
    page.set_viewport_size({"width": 375, "height": 800})
    expect(page.get_by_label("Часовой пояс", exact=True)).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 376
    shot(page, "account-teacher-ru-375", full_page=True)


def test_teacher_types_session_times_in_their_own_zone(page: Page, app_server):
    setup = _teacher_with_courses(app_server, zone="Europe/Moscow")
    sign_in(
        page,
        app_server["base_url"],
        setup["email"],
        next_path=f"/teach/course/{setup['course_id']}/sessions",
    )
    expect(page.get_by_test_id("form-zone")).to_contain_text(
        "Europe/Moscow — MSK (UTC+3)", timeout=SLOW
    )
    page.get_by_label("Session title").fill("Evening seminar")
    page.get_by_label("Date").fill("2031-02-10")
    page.get_by_label("Starts at").fill("19:00")
    page.get_by_label("Ends at").fill("18:30")  # before it starts: said under "Ends at"
    page.get_by_role("button", name="Add session").click()
    expect(page.get_by_label("Ends at")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("The session must end after it starts")).to_be_visible()
    page.get_by_label("Ends at").fill("20:30")
    page.get_by_role("button", name="Add session").click()
    expect(page.get_by_text("Feb 10, 2031, 19:00–20:30 MSK (UTC+3)")).to_be_visible(timeout=SLOW)
    with db_session(app_server) as session:
        row = session.scalar(
            select(CourseSession).where(
                CourseSession.course_id == setup["course_id"],
                CourseSession.title == "Evening seminar",
            )
        )
        assert row.starts_at.replace(tzinfo=UTC) == datetime(2031, 2, 10, 16, 0, tzinfo=UTC)
        assert row.ends_at.replace(tzinfo=UTC) == datetime(2031, 2, 10, 17, 30, tzinfo=UTC)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (375, 740)])
def test_qr_code_uses_the_page_address_and_fills_the_room_view(
    page: Page, app_server, width, height
):
    setup = _teacher_with_courses(app_server)
    token = live_session_token(app_server, setup["id"], setup["course_id"], "Room session")
    # The teacher opens the server under another name than its PUBLIC_URL.
    origin = app_server["other_url"]
    page.set_viewport_size({"width": 1280, "height": 900})
    # Signed in at desktop width (the header shows the account there), then resized.
    sign_in(page, origin, setup["email"], next_path=f"/teach/course/{setup['course_id']}/sessions")
    page.set_viewport_size({"width": width, "height": height})
    card = page.get_by_test_id("session-time").filter(has_text="UTC").first
    expect(card).to_be_visible(timeout=SLOW)
    page.get_by_role("button", name="Show to the room").first.click()
    room = page.get_by_test_id("room-view")
    expect(room.get_by_role("heading", name="Room session")).to_be_visible(timeout=SLOW)
    expect(room.get_by_test_id("room-url")).to_have_text(f"{origin}/checkin/{token}")
    box = room.get_by_test_id("room-qr").bounding_box()
    assert box is not None
    side = min(width * 0.92, height * 0.68)
    assert abs(box["width"] - side) <= 2 and abs(box["height"] - side) <= 2
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width + 1
    shot(page, f"room-qr-{width}")
    room.get_by_role("button", name="Close").click()
    expect(room).to_have_count(0)


def test_teach_overview_charts_enrolments_and_revenue(page: Page, app_server):
    setup = _teacher_with_courses(app_server)
    learner_id, _ = new_user(app_server, "Paying Learner")
    with db_session(app_server) as session:
        session.add(Enrollment(user_id=learner_id, course_id=setup["course_id"]))
        order = Order(
            user_id=learner_id,
            status="paid",
            subtotal=Decimal(4990),
            total=Decimal(4990),
            paid_at=utcnow(),
        )
        session.add(order)
        session.flush()
        session.add(OrderItem(order_id=order.id, course_id=setup["course_id"], price=Decimal(4990)))
        session.commit()
    sign_in(page, app_server["base_url"], setup["email"], next_path="/teach?lang=en")
    enrolments = page.get_by_test_id("chart-enrolments")
    revenue = page.get_by_test_id("chart-revenue")
    expect(enrolments.locator(".recharts-bar-rectangle path").first).to_be_visible(timeout=SLOW)
    expect(revenue.locator(".recharts-bar-rectangle path").first).to_be_visible()
    expect(enrolments.get_by_text("New learners")).to_be_visible()
    expect(revenue.get_by_text("Revenue, RUB")).to_be_visible()
    expect(enrolments.get_by_text("Week", exact=True)).to_be_visible()
    expect(revenue.get_by_text(format_price(Decimal(4990), "RUB", "en"))).to_be_visible()
    expect(page.get_by_test_id("teach-thumbnail")).to_have_count(4)
    shot(page, "teach-overview-en", full_page=True)

    page.goto(f"{app_server['base_url']}/teach?lang=ru")
    expect(page.get_by_test_id("chart-enrolments").get_by_text("Новых учащихся")).to_be_visible(
        timeout=SLOW
    )
    expect(page.get_by_text("Выручка по неделям")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    expect(
        page.get_by_test_id("chart-revenue").locator(".recharts-bar-rectangle").first
    ).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 376
    # The course names wrap the legend over several lines on a phone: it stays above the
    # plot, clear of the top tick (components/charts.legend).
    for chart in ("chart-enrolments", "chart-revenue"):
        box = page.get_by_test_id(chart)
        legend = box.locator(".recharts-default-legend").bounding_box()
        # The highest tick is the y axis's top one (the x axis's are at the bottom).
        ticks = box.locator(".recharts-cartesian-axis-tick-value")
        top_tick = min(ticks.nth(i).bounding_box()["y"] for i in range(ticks.count()))
        assert legend and legend["y"] + legend["height"] <= top_tick, (chart, legend, top_tick)
    shot(page, "teach-overview-ru-375", full_page=True)
