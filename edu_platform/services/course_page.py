"""The public course page: detail, syllabus, schedule, rating distribution, reviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform import cache
from edu_platform.i18n import LANGUAGES, format_duration
from edu_platform.models import (
    Category,
    Course,
    CourseSession,
    Enrollment,
    Lesson,
    Module,
    Review,
    User,
    utcnow,
)
from edu_platform.models.learning import ACCESS_STATUSES
from edu_platform.services import paging
from edu_platform.services.accounts import manages_course, writes_material
from edu_platform.services.catalog import CourseCard, to_card
from edu_platform.services.durations import lesson_minutes
from edu_platform.services.errors import NotFound
from edu_platform.services.teachers import TeacherCard, course_teacher


@dataclass
class LessonTitle:
    id: int
    title: str
    kind: str
    position: int
    duration_minutes: int
    # "5 мин" / "5 min": the lesson's length from its content (services/durations.py).
    duration_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class ModuleOutline:
    id: int
    title: str
    position: int
    lessons: list[LessonTitle] = field(default_factory=list)
    duration_minutes: int = 0
    duration_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class SessionFacts:
    """API.md's scheduled session of a course, as the course detail lists it."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    meeting_url: str


@dataclass
class SessionSlot(SessionFacts):
    """A scheduled session as the course page shows it: the API's shape and its times."""

    # "05.12.2026, 19:00–20:30 MSK (UTC+3)" per UI language (time_zones.with_times).
    when_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class RatingBar:
    stars: int
    count: int
    percent: int


@dataclass
class CourseDetail:
    """API.md's course detail: the card plus description, dates, modules, sessions."""

    card: CourseCard
    description: str
    start_date: date | None
    end_date: date | None
    is_published: bool
    modules: list[ModuleOutline]
    sessions: list[SessionSlot]
    rating_bars: list[RatingBar]
    lessons_count: int
    duration_minutes: int
    viewer_enrolled: bool
    viewer_can_edit: bool
    teacher: TeacherCard | None = None
    duration_labels: dict[str, str] = field(default_factory=dict)
    viewer_rating: int = 0  # the viewer's own review, when they wrote one
    viewer_comment: str = ""
    viewer_progress_percent: int = 0  # enrolled viewers: 0 says "Start", more "Continue"


@dataclass
class ReviewItem:
    id: int
    author: str
    rating: int
    comment: str
    created_at: datetime
    is_own: bool


def visible_course(session: Session, course: Course | None, viewer_id: int | None) -> Course:
    """Drafts are visible only to their teacher and admins; NotFound for everyone else."""
    if course is None:
        raise NotFound("course not found", message_key="catalog.course_not_found")
    if course.is_published:
        return course
    viewer = session.get(User, viewer_id) if viewer_id else None
    if manages_course(viewer, course.teacher_id) or writes_material(viewer, course):
        return course
    raise NotFound("course not found", message_key="catalog.course_not_found")


def find_course(
    *,
    session: Session,
    slug: str | None = None,
    course_id: int | None = None,
    viewer_id: int | None = None,
) -> Course:
    if course_id is not None:
        course = session.get(Course, course_id)
    else:
        course = session.scalar(select(Course).where(Course.slug == (slug or "")))
    return visible_course(session, course, viewer_id)


def course_detail(
    *,
    session: Session,
    slug: str | None = None,
    course_id: int | None = None,
    viewer_id: int | None = None,
) -> CourseDetail:
    """Everything the course page shows; drafts only for their teacher and admins.

    What an anonymous visitor sees comes from the catalog cache (published courses only:
    a draft is NotFound without a viewer, and errors are not cached).
    """
    if viewer_id is None:
        return cache.cached(
            f"course:{course_id}:{slug}",
            lambda: _course_detail(session, slug=slug, course_id=course_id, viewer_id=None),
        )
    return _course_detail(session, slug=slug, course_id=course_id, viewer_id=viewer_id)


def _course_detail(
    session: Session, *, slug: str | None, course_id: int | None, viewer_id: int | None
) -> CourseDetail:
    course = find_course(session=session, slug=slug, course_id=course_id, viewer_id=viewer_id)
    category = session.get(Category, course.category_id) if course.category_id else None
    teacher = session.get(User, course.teacher_id)
    modules = _outline(session, course.id, course.language)
    viewer = session.get(User, viewer_id) if viewer_id else None
    progress = (
        session.scalar(
            select(Enrollment.progress_percent).where(
                Enrollment.user_id == viewer_id,
                Enrollment.course_id == course.id,
                Enrollment.status.in_(ACCESS_STATUSES),
            )
        )
        if viewer_id
        else None
    )
    enrolled = progress is not None
    own_review = (
        session.scalar(
            select(Review).where(Review.user_id == viewer_id, Review.course_id == course.id)
        )
        if viewer_id
        else None
    )
    total_minutes = sum(m.duration_minutes for m in modules)
    return CourseDetail(
        card=to_card(
            course,
            category.name if category else None,
            teacher.full_name if teacher else "",
            category.name_en if category else None,
        ),
        description=course.description or "",
        start_date=course.start_date,
        end_date=course.end_date,
        is_published=course.is_published,
        modules=modules,
        # Meeting links only for those who may join: enrolled learners, staff.
        sessions=_upcoming_sessions(
            session, course.id, with_links=enrolled or manages_course(viewer, course.teacher_id)
        ),
        rating_bars=_rating_bars(session, course.id),
        lessons_count=sum(len(m.lessons) for m in modules),
        duration_minutes=total_minutes,
        duration_labels=duration_labels(total_minutes),
        teacher=course_teacher(session=session, teacher_id=course.teacher_id, course_id=course.id),
        viewer_enrolled=enrolled,
        viewer_progress_percent=progress or 0,
        viewer_can_edit=manages_course(viewer, course.teacher_id)
        or writes_material(viewer, course),
        viewer_rating=own_review.rating if own_review else 0,
        viewer_comment=(own_review.comment or "") if own_review else "",
    )


def _outline(session: Session, course_id: int, language: str) -> list[ModuleOutline]:
    modules = {
        m.id: ModuleOutline(m.id, m.title, m.position)
        for m in session.scalars(
            select(Module).where(Module.course_id == course_id).order_by(Module.position, Module.id)
        )
    }
    for lesson in session.scalars(
        select(Lesson).where(Lesson.course_id == course_id).order_by(Lesson.position, Lesson.id)
    ):
        module = modules.get(lesson.module_id)
        if module is not None:
            minutes = lesson_minutes(
                kind=lesson.kind,
                body=lesson.body,
                duration_minutes=lesson.duration_minutes,
                language=language,
            )
            module.lessons.append(
                LessonTitle(
                    lesson.id,
                    lesson.title,
                    lesson.kind,
                    lesson.position,
                    minutes,
                    duration_labels(minutes),
                )
            )
            module.duration_minutes += minutes
    for module in modules.values():
        module.duration_labels = duration_labels(module.duration_minutes)
    return list(modules.values())


def duration_labels(minutes: int) -> dict[str, str]:
    """The duration written for each UI language ('4 ч 18 мин' / '4 h 18 min')."""
    return {lang: format_duration(minutes, lang) for lang in LANGUAGES}


def _upcoming_sessions(session: Session, course_id: int, *, with_links: bool) -> list[SessionSlot]:
    rows = session.scalars(
        select(CourseSession)
        .where(CourseSession.course_id == course_id, CourseSession.ends_at >= utcnow())
        .order_by(CourseSession.starts_at)
        .limit(20)
    )
    return [
        SessionSlot(
            s.id,
            s.title,
            s.starts_at,
            s.ends_at,
            s.location or "",
            (s.meeting_url or "") if with_links else "",
        )
        for s in rows
    ]


def _rating_bars(session: Session, course_id: int) -> list[RatingBar]:
    counts = dict(
        session.execute(
            select(Review.rating, func.count(Review.id))
            .where(Review.course_id == course_id, Review.is_hidden.is_(False))
            .group_by(Review.rating)
        ).all()
    )
    total = sum(counts.values())
    return [
        RatingBar(
            stars, counts.get(stars, 0), round(100 * counts.get(stars, 0) / total) if total else 0
        )
        for stars in range(5, 0, -1)
    ]


def course_reviews(
    *,
    session: Session,
    course_id: int,
    page: int = 1,
    per_page: int = 10,
    viewer_id: int | None = None,
) -> paging.Page[ReviewItem]:
    """Visible reviews of a visible course, newest first.

    A visitor's first pages come from the catalog cache, like the rest of the public
    course page (a review written, edited or hidden invalidates it:
    reviews.refresh_rating)."""
    if viewer_id is None and page <= cache.CACHED_PAGES:
        return cache.cached(
            f"reviews:{course_id}:{page}:{per_page}",
            lambda: _course_reviews(session, course_id, page, per_page, None),
        )
    return _course_reviews(session, course_id, page, per_page, viewer_id)


def _course_reviews(
    session: Session, course_id: int, page: int, per_page: int, viewer_id: int | None
) -> paging.Page[ReviewItem]:
    find_course(session=session, course_id=course_id, viewer_id=viewer_id)
    query = (
        select(Review, User.full_name)
        .join(User, User.id == Review.user_id)
        .where(Review.course_id == course_id, Review.is_hidden.is_(False))
        .order_by(Review.created_at.desc(), Review.id.desc())
    )
    return paging.fetch(session, query, page, per_page).map(
        lambda row: ReviewItem(
            row[0].id,
            row[1],
            row[0].rating,
            row[0].comment or "",
            row[0].created_at,
            is_own=viewer_id == row[0].user_id,
        )
    )


cache.register(
    CourseCard,
    CourseDetail,
    ModuleOutline,
    LessonTitle,
    SessionSlot,
    RatingBar,
    ReviewItem,
    paging.Page,
)
