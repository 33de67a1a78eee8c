"""Course authoring: create a draft, edit its settings, publish and unpublish, the banner,
and the teacher's list of courses (/teach)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from slugify import slugify
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.i18n import CURRENCIES
from edu_platform.models import (
    Category,
    Course,
    CourseKind,
    CourseLevel,
    Lesson,
    Locale,
    Role,
    User,
    utcnow,
)
from edu_platform.services import events
from edu_platform.services.authoring.common import (
    as_id,
    clean_text,
    clean_title,
    editable_course,
    require_author,
    save_changes,
)
from edu_platform.services.errors import Conflict, Forbidden, Invalid

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 200
MAX_PRICE = Decimal("9999999999.99")  # Numeric(12, 2)
MAX_POINTS_PER_VISIT = 10_000
BANNER_SIZE = (1200, 600)
BANNER_DIR = "banners"
BANNER_FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_BANNER_PIXELS = 40_000_000
EDITABLE_FIELDS = (
    "title",
    "slug",
    "summary",
    "description",
    "category_id",
    "level",
    "language",
    "price",
    "currency",
    "start_date",
    "end_date",
    "points_per_visit",
    "require_sequential",
)


def _invalid(field: str, key: str, detail: str) -> Invalid:
    return Invalid(detail, message_key=f"authoring.error.{key}", field=field)


# --- field checks ---------------------------------------------------------------------------


def _price(value: object) -> Decimal:
    try:
        price = Decimal(str(value).strip().replace(",", ".")) if value not in (None, "") else None
    except InvalidOperation:
        price = None
    if price is None or not price.is_finite() or price < 0 or price > MAX_PRICE:
        raise _invalid("price", "price", "price must be a number from 0 (free)")
    if price != price.quantize(Decimal("0.01")):
        raise _invalid("price", "price", "price has at most two decimals")
    return price.quantize(Decimal("0.01"))


def _date(value: object, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise _invalid(field, "date", f"{field} must be a date (YYYY-MM-DD)") from None


def _choice(value: object, field: str, allowed: type) -> str:
    text = str(getattr(value, "value", value) or "").strip()
    if text not in {member.value for member in allowed}:
        raise _invalid(field, field, f"unknown {field} {text!r}")
    return text


def _category(session: Session, value: object) -> int | None:
    if value in (None, "", 0, "0"):
        return None
    try:
        category_id = int(str(value))
    except ValueError:
        category_id = 0
    if category_id <= 0 or session.get(Category, category_id) is None:
        raise _invalid("category_id", "category", "unknown category")
    return category_id


def _points(value: object) -> int:
    try:
        points = int(str(value if value not in (None, "") else 0).strip())
    except ValueError:
        points = -1
    if not 0 <= points <= MAX_POINTS_PER_VISIT:
        raise _invalid("points_per_visit", "points_per_visit", "points per visit must be 0..10000")
    return points


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes"}
    return bool(value)


def _slug(value: object) -> str:
    slug = str(value or "").strip()
    if not slug or len(slug) > SLUG_MAX or not SLUG.match(slug):
        raise _invalid("slug", "slug", "the slug may hold only a-z, 0-9 and single hyphens")
    return slug


def _clean(session: Session, field: str, value: Any) -> Any:
    """The stored value for one editable field; Invalid naming the field when it is bad."""
    if field == "title":
        return clean_title(value)
    if field == "slug":
        return _slug(value)
    if field == "summary":
        return clean_text(value, "summary", 1000).replace("\n", " ")
    if field == "description":
        return clean_text(value, "description")
    if field == "category_id":
        return _category(session, value)
    if field == "level":
        return _choice(value, "level", CourseLevel)
    if field == "language":
        return _choice(value, "language", Locale)
    if field == "price":
        return _price(value)
    if field == "currency":
        currency = str(value or "").strip().upper()
        if currency not in CURRENCIES:
            raise _invalid("currency", "currency", f"currency is one of {', '.join(CURRENCIES)}")
        return currency
    if field in ("start_date", "end_date"):
        return _date(value, field)
    if field == "points_per_visit":
        return _points(value)
    if field == "require_sequential":
        return _flag(value)
    raise Invalid(f"{field} cannot be changed here", field=field)


def _check_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise _invalid("end_date", "dates", "the course cannot end before it starts")


# --- slugs ----------------------------------------------------------------------------------


def slug_from_title(title: str) -> str:
    """A URL slug from a title, Cyrillic transliterated: 'Основы Python' → 'osnovy-python'."""
    return slugify(title, max_length=SLUG_MAX - 10, word_boundary=True) or "course"


def _free_slug(session: Session, base: str) -> str:
    taken = set(
        session.scalars(
            select(Course.slug).where(or_(Course.slug == base, Course.slug.like(f"{base}-%")))
        )
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _slug_taken(session: Session, slug: str, course_id: int | None = None) -> bool:
    query = select(Course.id).where(Course.slug == slug)
    if course_id is not None:
        query = query.where(Course.id != course_id)
    return session.scalar(query.limit(1)) is not None


def _slug_conflict() -> Conflict:
    return Conflict(
        "this slug is taken by another course",
        message_key="authoring.error.slug_taken",
        field="slug",
    )


# --- create, edit, publish ------------------------------------------------------------------


def create_course(
    *,
    session: Session,
    actor_id: int | None,
    title: object,
    slug: object = None,
    summary: object = "",
    description: object = "",
    price: object = Decimal("0.00"),
    currency: object = "RUB",
    level: object = CourseLevel.BEGINNER,
    language: object = Locale.RU,
    category_id: object = None,
    kind: object = CourseKind.COURSE,
) -> Course:
    """A new draft taught by the actor (a teacher or an admin; Forbidden for anyone else).

    Without a slug one is made from the title (transliterated) and made unique with -2,
    -3, …; a given slug must be free (Conflict naming `slug`).

    `kind="material"`: any active user writes one; it is free (the price is forced to 0),
    never issues a certificate and is published at once (an admin may hide it)."""
    material = _choice(kind, "kind", CourseKind) == CourseKind.MATERIAL
    if material:
        actor = _material_author(session, actor_id)
        price = Decimal("0.00")
    else:
        actor = require_author(session, actor_id)
    values = {
        field: _clean(session, field, raw)
        for field, raw in (
            ("title", title),
            ("summary", summary),
            ("description", description),
            ("price", price),
            ("currency", currency),
            ("level", level),
            ("language", language),
            ("category_id", category_id),
        )
    }
    given = _slug(slug) if slug not in (None, "") else None
    if given and _slug_taken(session, given):
        raise _slug_conflict()
    base = given or slug_from_title(values["title"])
    for _ in range(5):
        course = Course(
            teacher_id=actor.id,
            is_published=material,
            published_at=utcnow() if material else None,
            kind=CourseKind.MATERIAL if material else CourseKind.COURSE,
            slug=given or _free_slug(session, base),
            **values,
        )
        # A concurrent create may take the same slug between the check and the insert.
        if not db.inserted(session, course):
            if given:
                raise _slug_conflict()
            continue
        events.course_created(session, course)
        if material:
            events.course_published(session, course)
        return course
    raise _slug_conflict()


def _material_author(session: Session, actor_id: int | None) -> User:
    actor = session.get(User, actor_id) if actor_id else None
    if actor is None or not actor.is_active:
        raise Forbidden("sign in to write a material", message_key="materials.error.sign_in")
    return actor


def update_course(
    *, session: Session, actor_id: int | None, course_id: object, changes: Mapping[str, Any]
) -> Course:
    """Apply `changes` (any of EDITABLE_FIELDS, plus is_published) to a course the actor may
    edit; every value is checked, the first bad one raises Invalid naming its field."""
    course = editable_course(session=session, actor_id=actor_id, course_id=as_id(course_id))
    cleaned = {}
    for field, raw in changes.items():
        if field == "is_published":
            continue
        cleaned[field] = _clean(session, field, raw)
    _check_dates(
        cleaned.get("start_date", course.start_date), cleaned.get("end_date", course.end_date)
    )
    slug_changed = "slug" in cleaned and cleaned["slug"] != course.slug
    if slug_changed and _slug_taken(session, cleaned["slug"], course.id):
        raise _slug_conflict()
    if course.kind == CourseKind.MATERIAL:
        cleaned.pop("price", None)  # a material stays free
    save_changes(session, course, cleaned)
    if "is_published" in changes and changes["is_published"] is not None:
        _set_visible(session, course, actor_id, _flag(changes["is_published"]))
    session.flush()
    return course


def _set_visible(session: Session, course: Course, actor_id: int | None, visible: bool) -> None:
    """Publish or unpublish; a material's visibility has its own rule."""
    if course.kind == CourseKind.MATERIAL:
        _set_material_visibility(session, course, actor_id, visible)
    else:
        _set_published(session, course, visible)


def _set_material_visibility(
    session: Session, course: Course, actor_id: int | None, published: bool
) -> None:
    """An admin's unpublish hides a material (its author cannot publish it again); an
    admin's publish shows it again. Its author publishes and unpublishes it freely."""
    actor = session.get(User, actor_id)
    if actor is not None and actor.role == Role.ADMIN and actor.id != course.teacher_id:
        course.is_hidden = not published
    elif published and course.is_hidden:
        raise Forbidden("an admin has hidden this material", message_key="materials.error.hidden")
    if published != course.is_published:
        course.is_published = published
        if published and course.published_at is None:
            course.published_at = utcnow()
        session.add(course)


def _check_publishable(session: Session, course: Course) -> None:
    """A course needs a lesson to be published. A quiz lesson without questions does not
    hold it back: its learners mark it done like a text lesson, and the editor's syllabus
    says it is empty (an integration may publish a course whose quizzes it fills later)."""
    lessons = session.scalar(select(func.count(Lesson.id)).where(Lesson.course_id == course.id))
    if not lessons:
        raise _invalid("is_published", "no_lessons", "add at least one lesson before publishing")


def _set_published(session: Session, course: Course, published: bool) -> None:
    if published == course.is_published:
        return
    if published:
        _check_publishable(session, course)
        course.published_at = utcnow()
    course.is_published = published
    session.add(course)
    if published:
        events.course_published(session, course)


def publish_course(*, session: Session, actor_id: int | None, course_id: object) -> Course:
    """Publish (needs at least one lesson)."""
    course = editable_course(session=session, actor_id=actor_id, course_id=as_id(course_id))
    _set_visible(session, course, actor_id, True)
    session.flush()
    return course


def unpublish_course(*, session: Session, actor_id: int | None, course_id: object) -> Course:
    """Back to a draft: gone from the catalog; enrolled learners keep their access. An
    admin's unpublish of a material hides it (its author cannot publish it again)."""
    course = editable_course(session=session, actor_id=actor_id, course_id=as_id(course_id))
    _set_visible(session, course, actor_id, False)
    session.flush()
    return course
