"""The one user and course factory of every test suite (unit, integration, API, security,
and the browser tests' database set-up).

- `make_user(session)`: a row written through the ORM (no password; fast).
- `register_user(session)`: an account registered through `accounts.register`, exactly as
  the sign-up form and the admin tools create one (argon2 hash of PASSWORD, normalised
  email); `make_user(session, password=...)` does the same.
- `make_course(session)`: a published paid course of a new teacher unless told otherwise.
- `make_lesson(session, course)`: a text lesson in a new module of the course (or in
  `module=`).
- `make_enrollment(session, user_id=..., course_id=..., completed=lessons)`: an enrolment
  with a LessonProgress row per completed lesson.
- `make_course_session(session, course_id=...)`: an hour-long live session of the course,
  starting now unless told otherwise.
- `provider_sign_in(session, email=...)`: the user an OAuth provider sign-in gives.
- `commit=True` commits (for `committed_session` and the browser tests' sessions);
  otherwise the row is only flushed.

Emails are unique per call unless given, so tests never collide on the unique index.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from edu_platform.models import (
    Course,
    CourseSession,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
    User,
)
from edu_platform.models.base import utcnow
from edu_platform.services import accounts, oauth

PASSWORD = "correct-horse-battery"
"""The password of every account made with `password=PASSWORD`."""


def unique_email(prefix: str = "user", domain: str = "example.com") -> str:
    return f"{prefix}-{secrets.token_hex(5)}@{domain}"


def _done(session: Session, commit: bool) -> None:
    session.flush()
    if commit:
        session.commit()


def register_user(
    session: Session,
    *,
    role: str = "student",
    email: str | None = None,
    name: str | None = None,
    password: str = PASSWORD,
    commit: bool = False,
    **register_args: Any,
) -> User:
    """An account registered through `accounts.register` (argon2 hash of `password`,
    normalised email); `register_args`: locale, verified, ip."""
    user = accounts.register(
        session=session,
        email=email or unique_email(role),
        password=password,
        full_name=name or f"Test {role.title()}",
        role=role,
        **register_args,
    )
    _done(session, commit)
    return user


def make_user(
    session: Session,
    *,
    role: str = "student",
    email: str | None = None,
    name: str | None = None,
    password: str | None = None,
    commit: bool = False,
    **fields: Any,
) -> User:
    """A user row written through the ORM (`fields`: further User columns); with
    `password=` a registered account instead (`register_user`)."""
    if password is not None:
        return register_user(
            session, role=role, email=email, name=name, password=password, commit=commit, **fields
        )
    user = User(
        email=email or unique_email(role),
        full_name=name or f"Test {role.title()}",
        role=role,
        **fields,
    )
    session.add(user)
    _done(session, commit)
    return user


def provider_sign_in(session: Session, **overrides: Any) -> User:
    """The user a provider sign-in gives (`oauth.sign_in_with_oauth`); `overrides` replace
    the default identity: Google's g-100, ivan@example.com, verified, "Ivan Petrov"."""
    identity = {
        "provider": "google",
        "subject": "g-100",
        "email": "ivan@example.com",
        "email_verified": True,
        "full_name": "Ivan Petrov",
        **overrides,
    }
    return oauth.sign_in_with_oauth(session=session, **identity)


CAST = {
    "teacher": ("teacher", "Tina Teacher"),  # owns the course under test
    "other": ("teacher", "Oleg Other"),  # a teacher it is not theirs
    "admin": ("admin", "Ada Admin"),
    "student": ("student", "Sam Student"),
}


def make_cast(session: Session, *, commit: bool = False) -> dict[str, User]:
    """The four people the authoring and syllabus suites work with (CAST), by part."""
    cast = {part: make_user(session, role=role, name=name) for part, (role, name) in CAST.items()}
    _done(session, commit)
    return cast


def make_course(
    session: Session,
    *,
    teacher: User | int | None = None,
    slug: str | None = None,
    title: str | None = None,
    price: str | Decimal = "4990.00",
    currency: str = "RUB",
    published: bool = True,
    commit: bool = False,
    **fields: Any,
) -> Course:
    """A course of `teacher` (a User or an id; a new teacher by default); `fields` are
    further Course columns."""
    if teacher is None:
        teacher = make_user(session, role="teacher", name="Teacher")
    teacher_id = teacher if isinstance(teacher, int) else teacher.id
    slug = slug or f"course-{secrets.token_hex(5)}"
    course = Course(
        slug=slug,
        title=title or f"Course {slug}",
        price=Decimal(price),
        currency=currency,
        teacher_id=teacher_id,
        is_published=published,
        **fields,
    )
    session.add(course)
    _done(session, commit)
    return course


def make_lesson(
    session: Session, course: Course, *, module: Module | None = None, **fields: Any
) -> Lesson:
    """A text lesson "Lesson" of `course`, first in `module` or in a new module; `fields`
    are further (or other) Lesson columns. Flushed."""
    if module is None:
        module = Module(course_id=course.id, title="Module", position=1)
        session.add(module)
        session.flush()
    values = {"title": "Lesson", "kind": "text", "position": 1, **fields}
    lesson = Lesson(course_id=course.id, module_id=module.id, **values)
    session.add(lesson)
    session.flush()
    return lesson


def make_enrollment(
    session: Session,
    *,
    user_id: int,
    course_id: int,
    completed: Iterable[Lesson] = (),
    completed_at: datetime | None = None,
    out_of: int | None = None,
    commit: bool = False,
    **fields: Any,
) -> Enrollment:
    """An enrolment with a LessonProgress row per lesson of `completed` (done at
    `completed_at`, now by default); with `out_of` (the course's lesson count) its
    `completed_lessons` and `progress_percent` agree with them. `fields`: further columns."""
    done = list(completed)
    if out_of is not None:
        fields.update(completed_lessons=len(done), progress_percent=len(done) * 100 // out_of)
    enrollment = Enrollment(user_id=user_id, course_id=course_id, **fields)
    session.add(enrollment)
    session.flush()
    session.add_all(
        LessonProgress(
            enrollment_id=enrollment.id,
            lesson_id=lesson.id,
            user_id=user_id,
            completed_at=completed_at or utcnow(),
        )
        for lesson in done
    )
    _done(session, commit)
    return enrollment


def make_course_session(
    session: Session,
    *,
    course_id: int,
    starts_at: datetime | None = None,
    length: timedelta = timedelta(hours=1),
    title: str = "Live Q&A",
    commit: bool = False,
    **fields: Any,
) -> CourseSession:
    """A live session of the course from `starts_at` (now by default) for `length`, under
    a fresh check-in token unless `fields` (further CourseSession columns) give one."""
    starts_at = starts_at or utcnow()
    values = {"checkin_token": secrets.token_hex(8), **fields}
    row = CourseSession(
        course_id=course_id, title=title, starts_at=starts_at, ends_at=starts_at + length, **values
    )
    session.add(row)
    _done(session, commit)
    return row
