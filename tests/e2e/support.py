"""Shared helpers for browser tests: the e2e database, fresh users, signing in."""

from __future__ import annotations

import re
import uuid
from functools import lru_cache

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from edu_platform import db
from edu_platform.models import Course, Enrollment, Lesson, Module, Quiz
from edu_platform.services import enrollment, orders, payments
from tests.support.cards import VALID_EXP
from tests.support.factories import register_user

PASSWORD = "e2e-password-1"
DEMO_PASSWORD = "demo-password-1"
# After a full page load (sign-in, sign-out) the page first renders signed out, then
# on_load settles who is signed in; a busy machine needs more than the default 5 s.
SLOW = 20_000


def db_session(app_server) -> Session:
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


def course_with_learner(
    session: Session, teacher_id: int, learner_id: int, title: str, **fields
) -> Course:
    """A published course of the teacher (`fields`: further Course columns) with the
    learner enrolled; flushed."""
    course = Course(
        slug=f"e2e-{uuid.uuid4().hex[:10]}",
        title=title,
        teacher_id=teacher_id,
        is_published=True,
        **fields,
    )
    session.add(course)
    session.flush()
    session.add(Enrollment(user_id=learner_id, course_id=course.id))
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


def sign_in(
    page: Page, base_url: str, email: str, password: str = PASSWORD, next_path: str = ""
) -> None:
    """Sign in through the form (English UI) and wait until the header shows the account."""
    submit_sign_in(page, base_url, email, password, next_path)
    expect(page.locator(".account-name").first).to_be_visible(timeout=SLOW)


class HeldScripts:
    """Holds the app's scripts back (the page stays the served HTML) until `release()`."""

    PATTERN = re.compile(r"\.js(\?.*)?$")

    def __init__(self, page: Page):
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
