"""Teachers as people: the card on a course page, the public teacher page, the bio they edit.

Only public data leaves here: name, initials, avatar, bio and published courses; never
the email or anything a learner did not choose to show.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform import cache
from edu_platform.models import Category, Course, Role, User
from edu_platform.models.catalog import CourseKind
from edu_platform.services import media
from edu_platform.services.catalog import CourseCard, to_card
from edu_platform.services.errors import Invalid, NotFound

MAX_BIO_LENGTH = 2000
# Two: a course page's websocket load stays under 10 KB (issue #18; each card is ~0.6 KB);
# the teacher's page lists them all.
OTHER_COURSES_ON_COURSE_PAGE = 2
COURSES_ON_TEACHER_PAGE = 24
TEACHING_ROLES = (Role.TEACHER.value, Role.ADMIN.value)


@dataclass
class TeacherCard:
    """A teacher as a course page and the teacher page show them."""

    id: int
    name: str
    initials: str
    avatar_url: str
    bio: str
    courses_count: int = 0  # published courses
    # False for a material's author who does not teach: no teacher card, no page link.
    has_page: bool = True
    other_courses: list[CourseCard] = field(default_factory=list)


def initials(full_name: str) -> str:
    """'Anna Petrova' → 'AP'; a nameless account: '?' (never a part of the address)."""
    parts = (full_name or "").split()
    return "".join(part[0] for part in parts[:2]).upper() or "?"


def _published_courses(session: Session, teacher_id: int, limit: int) -> list[CourseCard]:
    rows = session.execute(
        select(Course, Category.name, User.full_name)
        .join(User, User.id == Course.teacher_id)
        .outerjoin(Category, Category.id == Course.category_id)
        .where(
            Course.teacher_id == teacher_id,
            Course.is_published.is_(True),
            Course.kind == CourseKind.COURSE.value,
        )
        .order_by(Course.enrollment_count.desc(), Course.id.desc())
        .limit(limit)
    ).all()
    # Shown as plain course cards, which carry no summary: not sent to the browser either.
    return [
        dataclasses.replace(to_card(course, category, name), summary="")
        for course, category, name in rows
    ]


def _card(user: User, courses: list[CourseCard]) -> TeacherCard:
    return TeacherCard(
        id=user.id,
        name=user.full_name or "",
        initials=initials(user.full_name),
        avatar_url=media.public_url(user.avatar) if user.avatar else "",
        bio=user.bio or "",
        courses_count=len(courses),
        other_courses=courses,
    )


def course_teacher(*, session: Session, teacher_id: int, course_id: int) -> TeacherCard:
    """The teacher of a course with up to two of their other published courses."""
    user = session.get(User, teacher_id)
    if user is None:
        raise NotFound("teacher not found", message_key="teacher.not_found")
    courses = _published_courses(session, teacher_id, COURSES_ON_TEACHER_PAGE + 1)
    card = _card(user, courses)
    card.other_courses = [c for c in courses if c.id != course_id][:OTHER_COURSES_ON_COURSE_PAGE]
    card.has_page = user.is_active and user.role in TEACHING_ROLES and bool(courses)
    return card


def teacher_page(*, session: Session, teacher_id: int) -> TeacherCard:
    """The public teacher page; NotFound unless the user teaches and has a published course.

    Learners' accounts are never shown here, whatever id is asked for.
    """
    return cache.cached(f"teacher:{int(teacher_id)}", lambda: _teacher_page(session, teacher_id))


def _teacher_page(session: Session, teacher_id: int) -> TeacherCard:
    user = session.get(User, teacher_id)
    if user is None or not user.is_active or user.role not in TEACHING_ROLES:
        raise NotFound("teacher not found", message_key="teacher.not_found")
    courses = _published_courses(session, teacher_id, COURSES_ON_TEACHER_PAGE)
    if not courses:
        raise NotFound("teacher not found", message_key="teacher.not_found")
    return _card(user, courses)


def own_bio(*, session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user not found", message_key="error.not_found")
    return user.bio or ""


def set_bio(*, session: Session, user_id: int, bio: str) -> str:
    """Store the caller's bio (Markdown, trimmed); Invalid naming `bio` when too long."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user not found", message_key="error.not_found")
    text = (bio or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_BIO_LENGTH:
        raise Invalid(
            f"the bio must be at most {MAX_BIO_LENGTH} characters",
            message_key="teacher.error.bio_too_long",
            field="bio",
            params={"max": MAX_BIO_LENGTH},
        )
    user.bio = text
    session.add(user)
    session.flush()
    # Course pages and the teacher page are cached for anonymous visitors.
    cache.catalog_changed(session)
    return text


cache.register(TeacherCard)
