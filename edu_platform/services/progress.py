"""Learning progress: who may open which lesson, lesson completion, the course percent.

`enrollment.completed_lessons` and `progress_percent` are kept in the same transaction as
the lesson_progress row that moves them (PERFORMANCE.md: a counter beats a recount), so
the dashboard and the player read one row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from edu_platform.models import (
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
    Quiz,
    User,
    utcnow,
)
from edu_platform.models.learning import ACCESS_STATUSES
from edu_platform.services import events, learning_events
from edu_platform.services.accounts import manages_course
from edu_platform.services.completion import maybe_complete_course, quiz_has_questions
from edu_platform.services.course_page import visible_course
from edu_platform.services.durations import lesson_minutes
from edu_platform.services.errors import Forbidden, Invalid, NotFound

VIDEO_DONE_SHARE = 0.9


@dataclass
class LessonMark:
    id: int
    title: str
    kind: str
    position: int
    duration_minutes: int
    status: str  # done | current | open | locked
    locked_by: str = ""  # title of the lesson to finish first


@dataclass
class ModuleMarks:
    id: int
    title: str
    lessons: list[LessonMark] = field(default_factory=list)


@dataclass
class CourseProgress:
    """API.md's progress shape plus what the player needs."""

    course_id: int
    lessons_done: int
    lessons_total: int
    percent: int
    next_lesson_id: int | None
    completed: bool


def require_enrollment(*, session: Session, user_id: int | None, course_id: int) -> Enrollment:
    """The caller's enrolment with access to the course; Forbidden otherwise."""
    if user_id is None:
        raise Forbidden("sign in to study", message_key="error.unauthorized")
    enrollment = session.scalar(
        select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.course_id == course_id)
    )
    if enrollment is None or enrollment.status not in ACCESS_STATUSES:
        raise Forbidden("not enrolled in this course", message_key="learning.not_enrolled")
    if enrollment.access_until is not None and enrollment.access_until < utcnow():
        raise Forbidden("access to this course has ended", message_key="learning.access_ended")
    return enrollment


def ordered_lessons(session: Session, course_id: int) -> list[Lesson]:
    """The course's lessons in study order: module position, then lesson position."""
    return list(
        session.scalars(
            select(Lesson)
            .join(Module, Module.id == Lesson.module_id)
            .where(Lesson.course_id == course_id)
            .order_by(Module.position, Module.id, Lesson.position, Lesson.id)
        )
    )


def _done_ids(session: Session, enrollment_id: int) -> set[int]:
    return set(
        session.scalars(
            select(LessonProgress.lesson_id).where(
                LessonProgress.enrollment_id == enrollment_id,
                LessonProgress.completed_at.is_not(None),
            )
        )
    )


def lesson_marks(*, session: Session, user_id: int, course_id: int) -> list[ModuleMarks]:
    """The player's sidebar: every lesson marked done, current, open or locked."""
    enrollment = require_enrollment(session=session, user_id=user_id, course_id=course_id)
    course = session.get(Course, course_id)
    lessons = ordered_lessons(session, course_id)
    done = _done_ids(session, enrollment.id)
    current = next((lesson.id for lesson in lessons if lesson.id not in done), None)
    modules = {
        m.id: ModuleMarks(m.id, m.title)
        for m in session.scalars(
            select(Module).where(Module.course_id == course_id).order_by(Module.position, Module.id)
        )
    }
    first_unfinished: Lesson | None = None
    for lesson in lessons:
        if lesson.id in done:
            status, locked_by = "done", ""
        elif course.require_sequential and first_unfinished is not None:
            status, locked_by = "locked", first_unfinished.title
        else:
            status, locked_by = ("current" if lesson.id == current else "open"), ""
        if lesson.id not in done and first_unfinished is None:
            first_unfinished = lesson
        modules[lesson.module_id].lessons.append(
            LessonMark(
                lesson.id,
                lesson.title,
                lesson.kind,
                lesson.position,
                lesson_minutes(
                    kind=lesson.kind,
                    body=lesson.body,
                    duration_minutes=lesson.duration_minutes,
                    language=course.language,
                ),
                status,
                locked_by,
            )
        )
    return list(modules.values())


def check_lesson_open(*, session: Session, enrollment: Enrollment, lesson: Lesson) -> None:
    """Forbidden (naming the lesson to finish first) when the course requires order."""
    course = session.get(Course, lesson.course_id)
    if not course.require_sequential:
        return
    done = _done_ids(session, enrollment.id)
    for earlier in ordered_lessons(session, lesson.course_id):
        if earlier.id == lesson.id:
            return
        if earlier.id not in done:
            raise Forbidden(
                f"finish '{earlier.title}' first",
                message_key="learning.lesson_locked",
                params={"lesson": earlier.title},
            )


def get_lesson(*, session: Session, user_id: int | None, lesson_id: int) -> Lesson:
    """A lesson the caller may open: previews of published courses for anyone (of drafts,
    for their teacher and admins only), the rest for enrolled learners."""
    lesson = session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound("lesson not found", message_key="learning.lesson_not_found")
    if lesson.is_preview:
        course = session.get(Course, lesson.course_id)
        if course is not None and course.is_published:
            return lesson
        viewer = session.get(User, user_id) if user_id else None
        if course is not None and manages_course(viewer, course.teacher_id):
            return lesson
        # An unpublished course's "preview" is an ordinary lesson: enrolled learners only.
    enrollment = require_enrollment(session=session, user_id=user_id, course_id=lesson.course_id)
    check_lesson_open(session=session, enrollment=enrollment, lesson=lesson)
    return lesson


def course_progress(*, session: Session, user_id: int, course_id: int) -> CourseProgress:
    """The learner's progress in the course: NotFound for a course they cannot see (none
    such, or a draft of someone else's, as the course page answers), Forbidden for one
    they see but have no access to."""
    try:
        enrollment = require_enrollment(session=session, user_id=user_id, course_id=course_id)
    except Forbidden:
        # NotFound when the caller cannot see the course at all, as its page answers.
        visible_course(session, session.get(Course, course_id), user_id)
        raise
    lessons = ordered_lessons(session, course_id)
    done = _done_ids(session, enrollment.id)
    next_lesson = next((lesson.id for lesson in lessons if lesson.id not in done), None)
    return CourseProgress(
        course_id,
        enrollment.completed_lessons,
        len(lessons),
        enrollment.progress_percent,
        next_lesson,
        enrollment.status == "completed",
    )


def marked_done_by_hand(session: Session, lesson: Lesson) -> bool:
    """Whether the learner marks the lesson done themself: a text or video lesson, or a
    quiz lesson whose quiz has no questions (nothing to pass: an integration may build a
    course with a quiz lesson before, or without, filling it). A quiz with questions is
    completed only by passing it."""
    if lesson.kind != "quiz":
        return True
    filled = session.scalar(
        select(Quiz.id).where(Quiz.lesson_id == lesson.id, quiz_has_questions())
    )
    return filled is None


def _insert_progress(session: Session):
    """INSERT … ON CONFLICT for lesson_progress, in the session's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(LessonProgress)


def next_lesson_id(session: Session, course_id: int, enrollment_id: int) -> int | None:
    """The first lesson in study order that the enrolment has not completed (one query)."""
    done = select(LessonProgress.lesson_id).where(
        LessonProgress.enrollment_id == enrollment_id, LessonProgress.completed_at.is_not(None)
    )
    return session.scalar(
        select(Lesson.id)
        .join(Module, Module.id == Lesson.module_id)
        .where(Lesson.course_id == course_id, Lesson.id.not_in(done))
        .order_by(Module.position, Module.id, Lesson.position, Lesson.id)
        .limit(1)
    )


def complete_lesson(
    *,
    session: Session,
    user_id: int,
    lesson_id: int,
    at: datetime | None = None,
    by_passing_quiz: bool = False,
) -> CourseProgress:
    """Mark a lesson done (idempotent) and move the enrolment's counters with it.

    A quiz lesson with questions is completed only by passing its quiz (`by_passing_quiz`,
    set by the quiz service); one without questions like a text lesson. When every lesson
    is done and the final test (if any) is passed, the enrolment is completed and the
    certificate job is enqueued after commit.
    A handful of statements: an upsert that says whether the lesson was new, and one
    UPDATE … RETURNING for the counters (PERFORMANCE.md: counters, not recounts).
    """
    now = at or utcnow()
    lesson = session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound("lesson not found", message_key="learning.lesson_not_found")
    if not by_passing_quiz and not marked_done_by_hand(session, lesson):
        raise Invalid(
            "a test is completed by passing it",
            message_key="learning.quiz_needs_attempt",
            field="lesson_id",
        )
    enrollment = require_enrollment(session=session, user_id=user_id, course_id=lesson.course_id)
    course = session.get(Course, lesson.course_id)
    if course.require_sequential:
        check_lesson_open(session=session, enrollment=enrollment, lesson=lesson)
    upsert = _insert_progress(session).values(
        enrollment_id=enrollment.id,
        lesson_id=lesson.id,
        user_id=user_id,
        completed_at=now,
        updated_at=now,
    )
    newly_done = (
        session.execute(
            upsert.on_conflict_do_update(
                index_elements=["enrollment_id", "lesson_id"],
                set_={"completed_at": now, "updated_at": now},
                where=LessonProgress.completed_at.is_(None),
            ).returning(LessonProgress.id)
        ).first()
        is not None
    )
    total = (
        course.lessons_count
        or session.scalar(select(func.count(Lesson.id)).where(Lesson.course_id == course.id))
        or 1
    )
    if newly_done:
        done_after = Enrollment.completed_lessons + 1
        percent = (done_after * 100) // total  # SQL integer division
        counters = session.execute(
            update(Enrollment)
            .where(Enrollment.id == enrollment.id)
            .values(
                completed_lessons=done_after,
                progress_percent=case((percent > 100, 100), else_=percent),
                last_activity_at=now,
            )
            .returning(Enrollment.completed_lessons, Enrollment.progress_percent)
        ).one()
        # Keep the identity-mapped row in step without another SELECT.
        set_committed_value(enrollment, "completed_lessons", counters[0])
        set_committed_value(enrollment, "progress_percent", counters[1])
        learning_events.record(
            user_id=user_id,
            course_id=lesson.course_id,
            lesson_id=lesson.id,
            type="lesson_completed",
        )
        events.lesson_completed(
            session, user_id=user_id, course_id=lesson.course_id, lesson_id=lesson.id
        )
    completed = maybe_complete_course(session=session, enrollment=enrollment, at=now)
    return CourseProgress(
        course.id,
        enrollment.completed_lessons,
        total,
        enrollment.progress_percent,
        next_lesson_id(session, course.id, enrollment.id),
        completed,
    )


def save_video_position(
    *, session: Session, user_id: int, lesson_id: int, seconds: int, duration: int
) -> CourseProgress | None:
    """Remember where the video stopped; at 90 % watched the lesson is done."""
    lesson = get_lesson(session=session, user_id=user_id, lesson_id=lesson_id)
    enrollment = require_enrollment(session=session, user_id=user_id, course_id=lesson.course_id)
    seconds = max(0, int(seconds))
    row = session.scalar(
        select(LessonProgress).where(
            LessonProgress.enrollment_id == enrollment.id, LessonProgress.lesson_id == lesson.id
        )
    )
    if row is None:
        row = LessonProgress(enrollment_id=enrollment.id, lesson_id=lesson.id, user_id=user_id)
    row.video_position_seconds = seconds
    session.add(row)
    session.flush()
    learning_events.record(
        user_id=user_id,
        course_id=lesson.course_id,
        lesson_id=lesson.id,
        type="video_heartbeat",
        payload={"position": seconds},
    )
    if duration > 0 and seconds >= VIDEO_DONE_SHARE * duration and row.completed_at is None:
        return complete_lesson(session=session, user_id=user_id, lesson_id=lesson_id)
    return None


def video_position(*, session: Session, user_id: int, lesson_id: int) -> int:
    return (
        session.scalar(
            select(LessonProgress.video_position_seconds).where(
                LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id
            )
        )
        or 0
    )
