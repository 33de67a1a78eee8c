"""Catalog: categories, courses, their modules and lessons, and reviews."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from edu_platform.models.accounts import Locale
from edu_platform.models.base import (
    MAX_ID,
    Rating,
    counter_field,
    datetime_field,
    enum_check,
    enum_field,
    flag_field,
    money_field,
    timestamp_field,
)


class CourseLevel(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class CourseKind(StrEnum):
    COURSE = "course"
    MATERIAL = "material"  # written by any user: free, no certificate, no review step


class LessonKind(StrEnum):
    TEXT = "text"
    VIDEO = "video"
    QUIZ = "quiz"


class Category(SQLModel, table=True):
    __tablename__ = "category"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True)
    name: str = Field(max_length=200)
    # The English name; empty means the same as `name` (services/catalog.category_labels).
    name_en: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    description: str = Field(default="", sa_type=Text)
    position: int = counter_field()
    created_at: datetime = timestamp_field()


class Course(SQLModel, table=True):
    """A course. Counters and rating are kept current by the services that move them."""

    __tablename__ = "course"
    __table_args__ = (
        enum_check("level", CourseLevel),
        enum_check("language", Locale),
        enum_check("kind", CourseKind),
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("length(currency) = 3", name="currency_code"),
        CheckConstraint("rating_avg >= 0 AND rating_avg <= 5", name="rating_avg_range"),
        CheckConstraint(
            "rating_count >= 0 AND enrollment_count >= 0 AND lessons_count >= 0"
            " AND points_per_visit >= 0",
            name="counters_not_negative",
        ),
        CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR end_date >= start_date",
            name="dates_ordered",
        ),
        # Catalog filters and sorts: each starts with is_published, the one filter every
        # public query has.
        Index(
            "ix_course_is_published_category_id_rating_avg",
            "is_published",
            "category_id",
            "rating_avg",
        ),
        Index("ix_course_is_published_price", "is_published", "price"),
        Index("ix_course_is_published_created_at", "is_published", "created_at"),
        Index("ix_course_is_published_enrollment_count", "is_published", "enrollment_count"),
        Index("ix_course_is_published_kind", "is_published", "kind"),
        Index("ix_course_level", "level"),
        Index("ix_course_language", "language"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True)
    title: str = Field(max_length=300)
    summary: str = Field(default="", max_length=1000)
    description: str = Field(default="", sa_type=Text)
    level: str = enum_field(CourseLevel, CourseLevel.BEGINNER)
    language: str = enum_field(Locale, Locale.RU)
    price: Decimal = money_field()
    currency: str = Field(default="RUB", max_length=3)
    is_published: bool = flag_field(False)
    is_featured: bool = flag_field(False)
    kind: str = enum_field(CourseKind, CourseKind.COURSE)
    # Set by an admin who hides a material: it leaves the catalog and its author cannot
    # publish it again.
    is_hidden: bool = flag_field(False)
    banner: str | None = Field(default=None, max_length=500)
    category_id: int | None = Field(
        default=None, foreign_key="category.id", ondelete="SET NULL", nullable=True
    )
    teacher_id: int = Field(foreign_key="user.id", ondelete="RESTRICT", index=True)
    start_date: date | None = Field(default=None)
    end_date: date | None = Field(default=None)
    points_per_visit: int = counter_field()
    require_sequential: bool = flag_field(False)
    rating_avg: Decimal = Field(
        default=Decimal("0.00"),
        sa_type=Rating,
        nullable=False,
        sa_column_kwargs={"server_default": "0"},
    )
    rating_count: int = counter_field()
    enrollment_count: int = counter_field()
    lessons_count: int = counter_field()
    # Normalised (lower-cased, stemmed) words of title, summary and description, kept by
    # the catalog service; full-text indexes (PostgreSQL tsvector/GIN, SQLite FTS5) are
    # built over it by dialect-specific migrations.
    search_text: str = Field(default="", sa_type=Text)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(onupdate=True)
    published_at: datetime | None = datetime_field()


class CourseCreate(SQLModel):
    """Body of POST /api/v1/courses (API.md); slug is made from the title when omitted."""

    title: str = Field(min_length=1, max_length=300)
    slug: str | None = Field(default=None, max_length=200)
    summary: str = Field(default="", max_length=1000)
    description: str = ""
    price: Decimal = Field(default=Decimal("0.00"), ge=0, max_digits=12, decimal_places=2)
    currency: str = Field(default="RUB", min_length=3, max_length=3)
    level: CourseLevel = CourseLevel.BEGINNER
    language: Locale = Locale.RU
    category_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    # "material": open to any signed-in user, free, published at once, no certificate.
    kind: CourseKind = CourseKind.COURSE


class Module(SQLModel, table=True):
    __tablename__ = "module"
    __table_args__ = (Index("ix_module_course_id_position", "course_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", ondelete="CASCADE")
    title: str = Field(max_length=300)
    position: int = counter_field()
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(onupdate=True)


class Lesson(SQLModel, table=True):
    """A lesson; `course_id` repeats the module's course for one-index lookups."""

    __tablename__ = "lesson"
    __table_args__ = (
        enum_check("kind", LessonKind),
        CheckConstraint("duration_minutes >= 0", name="duration_not_negative"),
        Index("ix_lesson_module_id_position", "module_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    module_id: int = Field(foreign_key="module.id", ondelete="CASCADE")
    course_id: int = Field(foreign_key="course.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=300)
    kind: str = enum_field(LessonKind, LessonKind.TEXT)
    body: str = Field(default="", sa_type=Text)
    video_path: str | None = Field(default=None, max_length=500)  # private upload
    video_name: str | None = Field(default=None, max_length=255)  # its name as uploaded
    video_url: str | None = Field(default=None, max_length=1000)  # external player
    position: int = counter_field()
    duration_minutes: int = counter_field()
    is_preview: bool = flag_field(False)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(onupdate=True)


class LessonAttachment(SQLModel, table=True):
    """A file attached to a lesson; stored privately, downloaded through an access check."""

    __tablename__ = "lesson_attachment"

    id: int | None = Field(default=None, primary_key=True)
    lesson_id: int = Field(foreign_key="lesson.id", ondelete="CASCADE", index=True)
    filename: str = Field(max_length=255)  # as the learner sees it
    stored_path: str = Field(max_length=500)  # relative to settings.data_dir, random name
    content_type: str = Field(default="application/octet-stream", max_length=100)
    size_bytes: int = counter_field()
    created_at: datetime = timestamp_field()


class Review(SQLModel, table=True):
    """One review per user and course."""

    __tablename__ = "review"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),
        Index("ix_review_course_id_created_at", "course_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    course_id: int = Field(foreign_key="course.id", ondelete="CASCADE")
    rating: int
    comment: str = Field(default="", sa_type=Text)
    is_hidden: bool = flag_field(False)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(onupdate=True)
