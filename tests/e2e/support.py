"""Shared helpers for browser tests: the e2e database, fresh users, signing in."""

from __future__ import annotations

import os
import re
import uuid
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from edu_platform import db
from edu_platform.i18n import LANG_COOKIE, translate
from edu_platform.models import Course, Enrollment, Lesson, Module, Quiz, utcnow
from edu_platform.services import attendance, enrollment, orders, payments, sessions, users
from tests.support.cards import VALID_EXP
from tests.support.e2e_server import SERVERS
from tests.support.factories import register_user

PASSWORD = "e2e-password-1"
# After a full page load (sign-in, sign-out) the page first renders signed out, then
# on_load settles who is signed in; a busy machine needs more than the default 5 s.
SLOW = 20_000


# `E2E_SHOTS=/some/folder make test`: the browser tests save their screenshots there.
SHOTS_ENV = "E2E_SHOTS"


def shot(page: Page, name: str, *, full_page: bool = False, at: Locator | None = None) -> None:
    """A screenshot for a person to look at, saved as `name`.png into $E2E_SHOTS when it
    is set, and not taken otherwise: nothing in the suite reads it, and a full-page one
    costs Chromium as much CPU as a page load (0.5 CPU-seconds measured on /catalog).
    `at`: scrolled into view first (only for the picture)."""
    folder = os.environ.get(SHOTS_ENV)
    if folder:
        if at is not None:
            at.scroll_into_view_if_needed()
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def db_session(app_server: dict) -> Session:
    """A session on the e2e server's database (commit what the browser must see)."""
    return Session(e2e_engine(app_server["env"]["DATABASE_URL"]), expire_on_commit=False)


@lru_cache
def e2e_engine(url: str):
    # Built like the server's (BEGIN IMMEDIATE on SQLite), so that the test's writes queue
    # behind the server's instead of failing with "database is locked".
    return db.make_engine(url, pool_size=2)


def new_user(
    app_server,
    name: str = "Erin Example",
    role: str = "student",
    locale: str = "en",
    *,
    verified: bool = True,  # no verification mail among the mails a test counts
) -> tuple[int, str]:
    """A fresh account created through the service: (id, email); password PASSWORD."""
    with db_session(app_server) as session:
        user = register_user(
            session,
            email=f"e2e-{uuid.uuid4().hex[:10]}@example.com",
            name=name,
            password=PASSWORD,
            role=role,
            locale=locale,
            verified=verified,
            commit=True,
        )
        return user.id, user.email


def taught_course(
    app_server, title: str, *, teacher: str, learner: str, enrolment: dict | None = None, **fields
) -> dict:
    """A fresh teacher's (named `teacher`) published course with a fresh learner (`learner`)
    enrolled, committed, as the teaching pages' tests start from: course_id, slug,
    teacher_id, teacher (e-mail), learner_id, learner (e-mail). `enrolment`: further
    Enrollment columns; `fields`: further Course columns."""
    teacher_id, teacher_email = new_user(app_server, teacher, role="teacher")
    learner_id, learner_email = new_user(app_server, learner)
    with db_session(app_server) as session:
        course = course_with_learner(
            session, teacher_id, learner_id, title, enrolment=enrolment, **fields
        )
        session.commit()
        return {
            "course_id": course.id,
            "slug": course.slug,
            "teacher_id": teacher_id,
            "teacher": teacher_email,
            "learner_id": learner_id,
            "learner": learner_email,
        }


def live_session_token(app_server, teacher_id: int, course_id: int, title: str) -> str:
    """The check-in token of a session of the course happening now (begun 5 minutes ago,
    ending in an hour), created by its teacher through the service and committed."""
    with db_session(app_server) as session:
        live = attendance.create_session(
            session=session,
            actor_id=teacher_id,
            course_id=course_id,
            title=title,
            starts_at=utcnow() - timedelta(minutes=5),
            ends_at=utcnow() + timedelta(hours=1),
        )
        session.commit()
        return live.checkin_token


def course_with_learner(
    session: Session,
    teacher_id: int,
    learner_id: int,
    title: str,
    *,
    enrolment: dict | None = None,
    **fields,
) -> Course:
    """A published course of the teacher (`fields`: further Course columns) with the
    learner enrolled (`enrolment`: further Enrollment columns); flushed."""
    course = Course(
        slug=f"e2e-{uuid.uuid4().hex[:10]}",
        title=title,
        teacher_id=teacher_id,
        is_published=True,
        **fields,
    )
    session.add(course)
    session.flush()
    session.add(Enrollment(user_id=learner_id, course_id=course.id, **(enrolment or {})))
    session.flush()
    return course


def add_module(session: Session, course_id: int, title: str, *lessons: dict) -> list[Lesson]:
    """The course's first module `title` holding `lessons` (each its Lesson fields: title,
    kind, body...) at positions 1, 2, ...; flushed, so the lessons have their ids."""
    module = Module(course_id=course_id, title=title, position=1)
    session.add(module)
    session.flush()
    rows = [
        Lesson(module_id=module.id, course_id=course_id, position=position, **fields)
        for position, fields in enumerate(lessons, start=1)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def grant_final_quiz_course(session: Session, user_id: int) -> tuple[Course, Quiz]:
    """Access for the user to the first published course that has a final quiz (seeded):
    that course and its quiz."""
    course, quiz = session.exec(
        select(Course, Quiz)
        .join(Quiz, Quiz.course_id == Course.id)
        .where(Course.is_published.is_(True), Quiz.is_final.is_(True))
        .order_by(Course.id)
    ).first()
    enrollment.grant_access(session=session, user_id=user_id, course_id=course.id, source="admin")
    return course, quiz


def paid_order(session: Session, user_id: int, course_id: int, idempotency_key: str) -> int:
    """The id of the user's order of one course, paid with the test card (not committed)."""
    order, _ = orders.create_order(
        session=session, user_id=user_id, course_ids=[course_id], idempotency_key=idempotency_key
    )
    payments.pay(
        session=session,
        user_id=user_id,
        order_id=order.id,
        card_number="4242 4242 4242 4242",
        exp=VALID_EXP,
        cvc="123",
    )
    return order.id


def submit_sign_in(
    page: Page, base_url: str, email: str, password: str = PASSWORD, next_path: str = ""
) -> None:
    """Fill in and send the sign-in form (English UI), going on to `next_path`."""
    query = f"?lang=en&next={next_path}" if next_path else "?lang=en"
    page.goto(f"{base_url}/login{query}")
    main = page.get_by_role("main")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password").fill(password)
    main.get_by_role("button", name="Sign in", exact=True).click()


def sign_in_through_form(
    page: Page, base_url: str, email: str, password: str = PASSWORD, next_path: str = ""
) -> None:
    """Sign in through the form (English UI) and wait until the header shows the account."""
    submit_sign_in(page, base_url, email, password, next_path)
    expect(page.locator(".account-name").first).to_be_visible(timeout=SLOW)


def session_token(app_server: dict, user_id: int, *, user_agent: str | None = None) -> str:
    """A signed-in browser session of the user (the cookie value /api/auth/complete would
    set): a ticket made and redeemed through the service, committed."""
    with db_session(app_server) as session:
        ticket = sessions.create_ticket(
            session=session, user_id=user_id, user_agent=user_agent, ip="127.0.0.1"
        )
        token = sessions.redeem_ticket(session=session, ticket=ticket)
        session.commit()
        return token


def sign_in(page: Page, base_url: str, email: str, next_path: str = "") -> None:
    """The browser signed in as `email` the way /api/auth/complete leaves it, without the
    form: a session made by the service (a ticket redeemed), its cookie and the account's
    language cookie set, then `next_path` (the home page by default) opened, waiting until
    the header holds the account. For tests about something else than signing in: the
    form is covered by sign_in_through_form's tests (test_accounts_flow, test_forms_no_leak,
    the keyboard tests) and costs two page loads more."""
    server = SERVERS[base_url]
    with db_session(server) as session:
        user = users.find_user_by_email(session=session, email=email)
        assert user is not None, f"no account {email}"
        user_id, locale = user.id, user.locale
    token = session_token(server, user_id, user_agent=page.evaluate("navigator.userAgent"))
    page.context.add_cookies(
        [
            {
                "name": sessions.SESSION_COOKIE,
                "value": token,
                "url": base_url,
                "httpOnly": True,
                "sameSite": "Lax",
            },
            {"name": LANG_COOKIE, "value": locale, "url": base_url, "sameSite": "Lax"},
        ]
    )
    page.goto(base_url + (next_path or "/"))
    # Attached, not visible: a phone's header shows the account as an icon only.
    expect(page.locator(".account-name").first).to_be_attached(timeout=SLOW)


def expect_field_error(field: Locator, message_key: str, *, timeout: float = SLOW) -> None:
    """`field` is marked invalid and described by its error line, which says the message
    `message_key` in English (what a screen reader hears with the field)."""
    expect(field).to_have_attribute("aria-invalid", "true", timeout=timeout)
    described = field.page.locator(f"#{field.get_attribute('aria-describedby')}")
    expect(described).to_have_text(translate(message_key, "en"))


class HeldScripts:
    """Holds the app's scripts back (the page stays the served HTML) until `release()`."""

    PATTERN = re.compile(r"\.js(\?.*)?$")

    def __init__(self, page: Page):
        self.page = page
        self.held: list = []
        self.released = False
        page.route(self.PATTERN, self._handle)

    def _handle(self, route) -> None:
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.held:
            route.continue_()
        self.held.clear()
        # The scripts requested from now on go straight to the server.
        self.page.unroute(self.PATTERN, self._handle)
