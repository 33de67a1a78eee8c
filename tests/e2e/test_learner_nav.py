"""The learner's sections in a real browser: the tabs of /my (In progress, Completed,
Certificates, Orders, Archive) in English and Russian, the same entries in the user menu,
a phone at 375 px (tabs, menu, cart), "Start" at 0 %, and the certificate issued when the
last lesson is done, dated that day."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect
from sqlalchemy import select

from edu_platform.i18n import format_date
from edu_platform.models import Certificate, Course, Enrollment, Lesson, User, utcnow
from edu_platform.services import cart, certificates, notifications
from tests.e2e.support import SLOW, add_module, db_session, new_user, sign_in
from tests.support.cards import VALID_EXP

TABS_EN = ["In progress", "Completed", "Certificates", "Orders", "Archive"]
TABS_RU = ["В процессе", "Завершённые", "Сертификаты", "Заказы", "Архив"]
PATHS = ["/my", "/my/completed", "/my/certificates", "/my/orders", "/my/archive"]


def _one_lesson_course(session, teacher_id: int, title: str) -> tuple[Course, Lesson]:
    course = Course(
        slug=f"e2e-learner-{uuid.uuid4().hex[:8]}",
        title=title,
        teacher_id=teacher_id,
        is_published=True,
        lessons_count=1,
    )
    session.add(course)
    session.flush()
    (lesson,) = add_module(
        session, course.id, "Module", {"title": "The only lesson", "body": "Read me."}
    )
    return course, lesson


def _learner(app_server) -> dict:
    """A learner with one course not started (0 %) and one completed with its certificate."""
    teacher_id, _ = new_user(app_server, "Tess Teacher", role="teacher")
    learner_id, email = new_user(app_server, "Lena Learner")
    suffix = uuid.uuid4().hex[:6]
    with db_session(app_server) as session:
        fresh, _ = _one_lesson_course(session, teacher_id, f"Fresh start {suffix}")
        done, _ = _one_lesson_course(session, teacher_id, f"Finished course {suffix}")
        session.add(Enrollment(user_id=learner_id, course_id=fresh.id))
        finished = Enrollment(
            user_id=learner_id,
            course_id=done.id,
            status="completed",
            progress_percent=100,
            completed_lessons=1,
            completed_at=utcnow(),
        )
        session.add(finished)
        session.flush()
        certificate = certificates.issue_certificate(
            session=session, enrollment_id=finished.id, render=False
        )
        session.commit()
        return {
            "email": email,
            "fresh": fresh.title,
            "fresh_slug": fresh.slug,
            "done": done.title,
            "serial": certificate.serial,
        }


def _tabs(page: Page):
    return page.get_by_role("navigation", name=re.compile("My learning sections|Разделы"))


def _open_my_learning(page: Page, app_server, lang: str, heading: str, tab_names: list[str]):
    """A fresh learner (see `_learner`) signed in on /my in `lang`, its heading and every
    tab's link checked: (the learner, the tabs)."""
    base_url = app_server["base_url"]
    world = _learner(app_server)
    sign_in(page, base_url, world["email"], f"/my?lang={lang}")
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible(timeout=SLOW)
    tabs = _tabs(page)
    for name, path in zip(tab_names, PATHS, strict=True):
        expect(tabs.get_by_role("link", name=name, exact=True)).to_have_attribute("href", path)
    return world, tabs


def test_tabs_reach_every_section_and_a_new_course_says_start_in_english(page: Page, app_server):
    world, tabs = _open_my_learning(page, app_server, "en", "My learning", TABS_EN)
    expect(tabs.get_by_role("link", name="In progress")).to_have_attribute("aria-current", "page")

    fresh = page.get_by_test_id("my-course")
    expect(fresh).to_have_count(1, timeout=SLOW)
    expect(fresh).to_contain_text(world["fresh"])
    expect(fresh.get_by_role("link", name="Start", exact=True)).to_have_attribute(
        "href", f"/learn/{world['fresh_slug']}"
    )
    expect(fresh.get_by_role("link", name="Continue")).to_have_count(0)
    expect(fresh).to_contain_text("Enrolled:")  # not "Last activity" before any activity

    tabs.get_by_role("link", name="Completed").click()
    expect(page).to_have_url(re.compile(r"/my/completed$"))
    done = page.get_by_test_id("my-course")
    expect(done).to_have_count(1, timeout=SLOW)
    expect(done).to_contain_text(world["done"])
    expect(done.get_by_role("link", name="Review")).to_be_visible()
    expect(done.get_by_role("link", name="Certificate")).to_have_attribute(
        "href", f"/verify/{world['serial']}"
    )
    expect(tabs.get_by_role("link", name="Completed")).to_have_attribute("aria-current", "page")

    tabs.get_by_role("link", name="Certificates").click()
    expect(page).to_have_url(re.compile(r"/my/certificates$"))
    card = page.get_by_test_id("certificate-card")
    expect(card).to_have_count(1, timeout=SLOW)
    expect(card).to_contain_text(world["done"])
    expect(card).to_contain_text(world["serial"])

    tabs.get_by_role("link", name="Orders").click()
    expect(page).to_have_url(re.compile(r"/my/orders$"))
    expect(page.get_by_text("You have no orders yet")).to_be_visible(timeout=SLOW)

    tabs.get_by_role("link", name="Archive").click()
    expect(page).to_have_url(re.compile(r"/my/archive$"))
    expect(page.get_by_text("Nothing in the archive yet.")).to_be_visible(timeout=SLOW)


def test_tabs_and_start_are_in_russian(page: Page, app_server):
    base_url = app_server["base_url"]
    world, _ = _open_my_learning(page, app_server, "ru", "Моё обучение", TABS_RU)
    card = page.get_by_test_id("my-course")
    expect(card.get_by_role("link", name="Начать", exact=True)).to_be_visible(timeout=SLOW)
    expect(card.get_by_role("link", name="Продолжить")).to_have_count(0)
    expect(card).to_contain_text("Записались:")

    # A completed course's two buttons stay inside its card in the four-column grid.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base_url}/my/completed?lang=ru")
    done = page.get_by_test_id("my-course")
    expect(done.get_by_role("link", name="Сертификат")).to_be_visible(timeout=SLOW)
    edge = done.bounding_box()
    for link in done.get_by_role("link").all():
        box = link.bounding_box()
        assert edge["x"] <= box["x"] and box["x"] + box["width"] <= edge["x"] + edge["width"], (
            link.inner_text(),
            box,
            edge,
        )

    page.goto(f"{base_url}/course/{world['fresh_slug']}?lang=ru")
    expect(page.get_by_test_id("course-action")).to_have_text("Начать обучение", timeout=SLOW)
    page.goto(f"{base_url}/course/{world['fresh_slug']}?lang=en")
    expect(page.get_by_test_id("course-action")).to_have_text("Start learning", timeout=SLOW)


def test_the_user_menu_lists_the_learner_sections(page: Page, app_server):
    base_url = app_server["base_url"]
    world = _learner(app_server)
    sign_in(page, base_url, world["email"], "/catalog?lang=en")
    page.locator(".account-name").first.click()
    menu = page.get_by_role("menu")
    for name in TABS_EN:
        expect(menu.get_by_role("menuitem", name=name)).to_be_visible()
    menu.get_by_role("menuitem", name="Certificates").click()
    expect(page).to_have_url(re.compile(r"/my/certificates$"), timeout=SLOW)
    expect(page.get_by_test_id("certificate-card")).to_have_count(1, timeout=SLOW)


def test_on_a_phone_tabs_menu_and_cart_are_reachable(page: Page, app_server):
    base_url = app_server["base_url"]
    world = _learner(app_server)
    sign_in(page, base_url, world["email"])  # the desktop form: the phone header hides names
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base_url}/my?lang=en")
    expect(page.get_by_test_id("my-course")).to_have_count(1, timeout=SLOW)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}px"
    # The cart icon is in the phone header itself.
    header_cart = page.locator("header").get_by_role("link", name="Cart")
    expect(header_cart.locator("visible=true")).to_have_count(1)
    # Every tab can be reached: the bar scrolls sideways inside itself.
    archive = _tabs(page).get_by_role("link", name="Archive")
    archive.scroll_into_view_if_needed()
    expect(archive).to_be_in_viewport()
    archive.click()
    expect(page).to_have_url(re.compile(r"/my/archive$"), timeout=SLOW)

    page.get_by_role("button", name="Menu").click()
    menu = page.get_by_role("menu")
    for name in [*TABS_EN, "Cart"]:
        expect(menu.get_by_role("menuitem", name=name)).to_be_visible()
    menu.get_by_role("menuitem", name="Cart").click()
    expect(page).to_have_url(re.compile(r"/cart$"), timeout=SLOW)

    page.goto(f"{base_url}/my/orders?lang=en")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("menu").get_by_role("menuitem", name="Completed").click()
    expect(page).to_have_url(re.compile(r"/my/completed$"), timeout=SLOW)
    expect(page.get_by_test_id("my-course")).to_contain_text(world["done"], timeout=SLOW)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}px"


HEADER_CONTROLS = """() => [...document.querySelectorAll(
    '.site-nav a, .site-nav button, .site-nav [data-testid=bell-count], .site-nav .rt-Badge'
)].map(e => e.getBoundingClientRect()).filter(r => r.width && r.bottom <= 64)
  .map(r => [r.left, r.right, r.top, r.bottom])"""


def _overlapping(boxes: list[list[float]]) -> list[tuple[int, int]]:
    """Pairs of boxes that share area, a box inside another (a badge in its link) aside."""

    def inside(a, b):
        return a[0] >= b[0] and a[1] <= b[1] and a[2] >= b[2] and a[3] <= b[3]

    pairs = []
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes[i + 1 :], start=i + 1):
            shared = (
                min(a[1], b[1]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[2], b[2]) > 0.5
            )
            if shared and not inside(a, b) and not inside(b, a):
                pairs.append((i, j))
    return pairs


def test_a_phone_header_with_counts_has_room_and_the_menu_switches_language(page: Page, app_server):
    """At 375 px, with an unread notification and a course in the cart, the header row's
    controls do not overlap; RU/EN are in the menu there, and choosing one switches the
    page and saves it."""
    base_url = app_server["base_url"]
    world = _learner(app_server)
    with db_session(app_server) as session:
        user_id = session.scalar(select(User.id).where(User.email == world["email"]))
        for_sale = session.scalar(
            select(Course.id).where(Course.is_published.is_(True), Course.price > 0)
        )
        cart.add_to_cart(session=session, user_id=user_id, course_id=for_sale)
        notifications.notify(session, user_id=user_id, kind="announcement", title="Hello")
        session.commit()
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, base_url, world["email"], "/my?lang=en")
    expect(page.get_by_test_id("bell-count").locator("visible=true")).to_have_text("1")
    expect(page.get_by_role("heading", name="My learning", level=1)).to_be_visible()
    boxes = page.evaluate(HEADER_CONTROLS)
    assert len(boxes) >= 5, boxes  # logo, bell, its count, cart, its count, menu
    assert not _overlapping(boxes), boxes
    assert max(box[1] for box in boxes) <= 375, boxes
    expect(page.get_by_role("group", name="Interface language")).to_be_hidden()

    page.get_by_role("button", name="Menu").click()
    menu = page.get_by_role("menu")
    expect(menu.get_by_role("menuitem", name="English")).to_have_attribute("aria-current", "true")
    expect(menu.get_by_role("menuitem", name="Русский")).to_have_attribute("aria-current", "false")
    menu.get_by_role("menuitem", name="Русский").click()
    expect(page.get_by_role("heading", name="Моё обучение", level=1)).to_be_visible(timeout=SLOW)
    with db_session(app_server) as session:
        assert session.get(User, user_id).locale == "ru"


def test_finishing_the_last_lesson_issues_the_certificate_dated_that_day(page: Page, app_server):
    base_url = app_server["base_url"]
    teacher_id, _ = new_user(app_server, "Tess Teacher", role="teacher")
    learner_id, email = new_user(app_server, "Nina Finisher")
    with db_session(app_server) as session:
        course, lesson = _one_lesson_course(session, teacher_id, "One step course")
        session.add(Enrollment(user_id=learner_id, course_id=course.id))
        session.commit()
        slug, lesson_id, title = course.slug, lesson.id, course.title
    sign_in(page, base_url, email, "/my/certificates?lang=en")
    expect(page.get_by_text("No certificates yet")).to_be_visible(timeout=SLOW)

    page.goto(f"{base_url}/learn/{slug}/{lesson_id}?lang=en")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Lesson done", exact=True)).to_be_visible(timeout=SLOW)

    page.goto(f"{base_url}/my/certificates?lang=en")
    card = page.get_by_test_id("certificate-card")
    expect(card).to_have_count(1, timeout=SLOW)
    expect(card).to_contain_text(title)
    expect(card.get_by_role("link", name="Download PDF")).to_be_visible(timeout=SLOW)
    with db_session(app_server) as session:
        rows = session.scalars(select(Certificate).where(Certificate.user_id == learner_id)).all()
        completed_at = session.scalar(
            select(Enrollment.completed_at).where(Enrollment.user_id == learner_id)
        )
    assert len(rows) == 1 and rows[0].issued_at == completed_at
    expect(card).to_contain_text(f"Issued: {format_date(completed_at, 'en')}")


def test_after_paying_in_russian_the_next_step_is_start_course(page: Page, app_server):
    base_url = app_server["base_url"]
    _, email = new_user(app_server, "Пётр Покупатель", locale="ru")
    sign_in(page, base_url, email, "/course/ux-research?lang=ru")
    page.get_by_role("button", name=re.compile(r"^Купить")).click()
    expect(page).to_have_url(re.compile(r"/cart$"), timeout=SLOW)
    badge = page.locator("[data-testid=cart-link]:visible")
    expect(badge).to_have_text("1", timeout=SLOW)
    page.get_by_role("main").get_by_role("button", name="Оформить заказ").click()
    expect(page).to_have_url(re.compile(r"/checkout/\d+$"), timeout=SLOW)
    main = page.get_by_role("main")
    main.get_by_label("Номер карты").fill("4242 4242 4242 4242")
    main.get_by_label(re.compile("^Срок")).fill(VALID_EXP)
    main.get_by_label("CVC").fill("123")
    main.get_by_role("button", name=re.compile(r"^Оплатить")).click()

    received = page.get_by_test_id("payment-received")
    expect(received).to_contain_text("Оплата получена", timeout=SLOW)
    start = received.get_by_role("link", name="Начать курс")
    expect(start).to_have_attribute("href", "/learn/ux-research")
    expect(badge).to_have_text("")  # no reload: the badge follows the payment

    page.goto(f"{base_url}/my/orders?lang=ru")
    courses = page.get_by_test_id("order-courses").first
    expect(courses.get_by_role("listitem")).to_have_text(["UX Research Essentials"], timeout=SLOW)
    expect(page.get_by_role("main")).not_to_contain_text("Курсы: 1")

    start_page = page.context.new_page()
    start_page.goto(f"{base_url}/my?lang=ru")
    card = start_page.get_by_test_id("my-course").filter(has_text="UX Research Essentials")
    expect(card.get_by_role("link", name="Начать", exact=True)).to_be_visible(timeout=SLOW)
