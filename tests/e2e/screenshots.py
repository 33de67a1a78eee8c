"""`make screenshots`: PNG screenshots of the main pages into docs/screenshots/.

Run through pytest so that it uses the browser suite's server harness (a fresh seeded
database, the app in prod mode; tests/e2e/conftest.py). The file name does not start with
`test_`, so the suite never collects it; `make screenshots` names it explicitly:

    pytest -n 0 tests/e2e/screenshots.py

Russian at 1280 × 800 for every page, English at 375 × 740 (a phone) for a few. Each PNG
is reduced to a 256-colour palette (Pillow), which keeps them small enough to commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from edu_platform import routes
from edu_platform.models import Course, Enrollment, Lesson, Quiz, User
from edu_platform.seed.demo import DEMO_PASSWORD
from edu_platform.services import enrollment, orders
from edu_platform.settings import PROJECT_ROOT
from tests.e2e.support import SLOW, db_session

OUT = PROJECT_ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
STUDENT, TEACHER, ADMIN = "student@example.com", "teacher@example.com", "admin@example.com"


@dataclass
class Shot:
    name: str
    path: str
    who: str | None  # demo account to sign in as, None for a guest
    phone: bool = False  # also an English 375 px shot


def _paths(app_server) -> dict[str, str]:
    """Links to the demo data: a course the student follows, a lesson, a quiz, an order."""
    with db_session(app_server) as session:
        student_id = session.scalar(select(User.id).where(User.email == STUDENT))
        teacher_id = session.scalar(select(User.id).where(User.email == TEACHER))
        course, quiz = session.execute(
            select(Course, Quiz)
            .join(Quiz, Quiz.course_id == Course.id)
            .where(Course.is_published.is_(True))
            .order_by(Course.id)
        ).first()
        enrolled = session.scalar(
            select(Enrollment.id).where(
                Enrollment.user_id == student_id, Enrollment.course_id == course.id
            )
        )
        if enrolled is None:
            enrollment.grant_access(
                session=session, user_id=student_id, course_id=course.id, source="admin"
            )
        lesson_id = session.scalar(
            select(Lesson.id)
            .where(Lesson.course_id == course.id, Lesson.kind == "text")
            .order_by(Lesson.position, Lesson.id)
        )
        owned = select(Enrollment.course_id).where(Enrollment.user_id == student_id)
        for_sale = session.scalar(
            select(Course.id)
            .where(Course.is_published.is_(True), Course.price > 0, Course.id.not_in(owned))
            .order_by(Course.id)
        )
        order, _ = orders.create_order(
            session=session,
            user_id=student_id,
            course_ids=[for_sale],
            idempotency_key=f"screenshots-{uuid.uuid4().hex}",
        )
        session.commit()
        return {
            "course": routes.course_url(course.slug),
            "lesson": routes.learn_url(course.slug, lesson_id),
            "quiz": routes.learn_url(course.slug, quiz.lesson_id),
            "checkout": routes.checkout_url(order.id),
            "teacher": routes.teacher_url(teacher_id),
        }


def _shots(paths: dict[str, str]) -> list[Shot]:
    return [
        Shot("home", routes.HOME, None, phone=True),
        Shot("catalog", routes.CATALOG, None, phone=True),
        Shot("course", paths["course"], None, phone=True),
        Shot("teacher-page", paths["teacher"], None, phone=True),
        Shot("lesson", paths["lesson"], STUDENT, phone=True),
        Shot("quiz", paths["quiz"], STUDENT),
        Shot("my-learning", routes.MY, STUDENT),
        Shot("checkout", paths["checkout"], STUDENT),
        Shot("teacher-overview", routes.TEACH, TEACHER),
        Shot("admin-overview", routes.ADMIN, ADMIN, phone=True),
        Shot("admin-audit", routes.ADMIN_AUDIT, ADMIN),
        Shot("admin-reports", routes.ADMIN_REPORTS, ADMIN),
    ]


def _sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login?lang=ru")
    main = page.get_by_role("main")
    main.locator("input[name=email]").fill(email)
    main.locator("input[name=password]").fill(DEMO_PASSWORD)
    main.locator("button[type=submit]").first.click()
    # Through /api/auth/complete to the home page (argon2 is slow on a busy machine).
    page.wait_for_url(lambda url: "/login" not in url and "/api/auth/" not in url, timeout=60_000)


def _save(page: Page, base_url: str, path: str, lang: str, file: Path) -> None:
    separator = "&" if "?" in path else "?"
    page.goto(f"{base_url}{path}{separator}lang={lang}")
    page.wait_for_load_state("networkidle")
    expect(page.locator("main").first).to_be_visible(timeout=SLOW)
    page.wait_for_timeout(1500)  # on_load answers, images and charts settle
    page.screenshot(path=str(file))
    with Image.open(file) as image:
        small = image.convert("RGB").quantize(colors=256)
    small.save(file, optimize=True)


@pytest.mark.timeout(900)
def test_screenshots(browser: Browser, app_server) -> None:
    base_url = app_server["base_url"]
    OUT.mkdir(parents=True, exist_ok=True)
    shots = _shots(_paths(app_server))
    for who in (None, STUDENT, TEACHER, ADMIN):
        mine = [shot for shot in shots if shot.who == who]
        for viewport, lang, suffix in ((DESKTOP, "ru", "ru"), (PHONE, "en", "en-375")):
            todo = [shot for shot in mine if suffix == "ru" or shot.phone]
            if not todo:
                continue
            context = browser.new_context(viewport=viewport, locale=lang)
            page = context.new_page()
            try:
                if who:
                    _sign_in(page, base_url, who)
                for shot in todo:
                    _save(page, base_url, shot.path, lang, OUT / f"{shot.name}-{suffix}.png")
            finally:
                context.close()
    written = sorted(OUT.glob("*.png"))
    assert len(written) >= len(shots), written
