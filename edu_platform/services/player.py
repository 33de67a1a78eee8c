"""What the course player shows for one lesson, for one enrolled learner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import Course, Lesson, LessonAttachment, User
from edu_platform.services import learning_events, progress
from edu_platform.services.accounts import manages_course
from edu_platform.services.authoring.common import stored_private_file
from edu_platform.services.durations import lesson_minutes
from edu_platform.services.errors import Forbidden, NotFound, Unauthorized
from edu_platform.services.progress import CourseProgress, ModuleMarks

LESSON_URL = "/api/v1/lessons/{lesson_id}"


@dataclass
class AttachmentLink:
    id: int
    filename: str
    size_bytes: int
    url: str


@dataclass
class LessonView:
    id: int
    title: str
    kind: str
    body: str
    video_src: str  # an external URL, or our range-serving route for an uploaded file
    duration_minutes: int
    video_position: int
    attachments: list[AttachmentLink]
    # The learner marks it done with a button (not a quiz with questions to pass).
    marked_done_by_hand: bool = True


@dataclass
class PlayerView:
    course_id: int
    course_title: str
    slug: str
    modules: list[ModuleMarks]
    lesson: LessonView
    prev_lesson_id: int | None
    next_lesson_id: int | None
    progress: CourseProgress
    lesson_done: bool
    course_language: str = "ru"  # the course's own language: lang="…" on its content


def course_by_slug(session: Session, slug: str) -> Course:
    course = session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise NotFound("course not found", message_key="catalog.course_not_found")
    return course


def start_lesson_id(*, session: Session, user_id: int, slug: str) -> int:
    """The lesson /learn/<slug> opens: the next unfinished one, or the first."""
    course = course_by_slug(session, slug)
    state = progress.course_progress(session=session, user_id=user_id, course_id=course.id)
    if state.next_lesson_id is not None:
        return state.next_lesson_id
    lessons = progress.ordered_lessons(session, course.id)
    if not lessons:
        raise NotFound("this course has no lessons yet", message_key="learning.no_lessons")
    assert lessons[0].id is not None  # a stored row has its id
    return lessons[0].id


def lesson_view(session: Session, lesson: Lesson, user_id: int, language: str = "ru") -> LessonView:
    video_src = ""
    if lesson.kind == "video":
        if lesson.video_path:
            video_src = LESSON_URL.format(lesson_id=lesson.id) + "/video"
        else:
            video_src = lesson.video_url or ""
    attachments = [
        AttachmentLink(
            a.id,
            a.filename,
            a.size_bytes,
            LESSON_URL.format(lesson_id=lesson.id) + f"/attachments/{a.id}",
        )
        for a in session.scalars(
            select(LessonAttachment)
            .where(LessonAttachment.lesson_id == lesson.id)
            .order_by(LessonAttachment.id)
        )
    ]
    return LessonView(
        id=lesson.id,
        title=lesson.title,
        kind=lesson.kind,
        body=lesson.body or "",
        video_src=video_src,
        duration_minutes=lesson_minutes(
            kind=lesson.kind,
            body=lesson.body,
            duration_minutes=lesson.duration_minutes,
            language=language,
        ),
        video_position=progress.video_position(
            session=session, user_id=user_id, lesson_id=lesson.id
        ),
        attachments=attachments,
        marked_done_by_hand=progress.marked_done_by_hand(session, lesson),
    )


def player_view(*, session: Session, user_id: int, slug: str, lesson_id: int) -> PlayerView:
    """The sidebar, the lesson and the neighbours; Forbidden for a locked lesson."""
    course = course_by_slug(session, slug)
    found = session.get(Lesson, lesson_id)
    if found is None or found.course_id != course.id:
        raise NotFound("lesson not found", message_key="learning.lesson_not_found")
    lesson = progress.get_lesson(session=session, user_id=user_id, lesson_id=lesson_id)
    modules = progress.lesson_marks(session=session, user_id=user_id, course_id=course.id)
    flat = [mark for module in modules for mark in module.lessons]
    index = next(i for i, mark in enumerate(flat) if mark.id == lesson.id)
    learning_events.record(
        user_id=user_id, course_id=course.id, lesson_id=lesson.id, type="lesson_opened"
    )
    return PlayerView(
        course_id=course.id,
        course_title=course.title,
        slug=course.slug,
        modules=modules,
        lesson=lesson_view(session, lesson, user_id, course.language),
        prev_lesson_id=flat[index - 1].id if index > 0 else None,
        next_lesson_id=flat[index + 1].id if index + 1 < len(flat) else None,
        progress=progress.course_progress(session=session, user_id=user_id, course_id=course.id),
        lesson_done=flat[index].status == "done",
        course_language=course.language,
    )


def _lesson_with_files(session: Session, user_id: int | None, lesson_id: int) -> Lesson:
    """A lesson whose files the caller may download: its course's teacher and admins any
    (they check what they uploaded), anyone else one they may open (previews: anyone);
    without a session, a lesson that is not a public preview is a 401."""
    lesson = session.get(Lesson, lesson_id)
    if lesson is not None and user_id is not None:
        viewer = session.get(User, user_id)
        teacher_id = session.scalar(select(Course.teacher_id).where(Course.id == lesson.course_id))
        if manages_course(viewer, teacher_id):
            return lesson
    try:
        return progress.get_lesson(session=session, user_id=user_id, lesson_id=lesson_id)
    except Forbidden:
        if user_id is None:
            raise Unauthorized("sign in to study", message_key="error.unauthorized") from None
        raise


def lesson_video_file(*, session: Session, user_id: int | None, lesson_id: int) -> Path:
    """The uploaded video of a lesson the caller may open (previews: anyone)."""
    lesson = _lesson_with_files(session, user_id, lesson_id)
    return stored_private_file(lesson.video_path)


def attachment_file(
    *, session: Session, user_id: int | None, lesson_id: int, attachment_id: int
) -> tuple[Path, str, str]:
    """(path, download name, content type) of an attachment of a lesson the caller may open."""
    _lesson_with_files(session, user_id, lesson_id)
    attachment = session.get(LessonAttachment, attachment_id)
    if attachment is None or attachment.lesson_id != lesson_id:
        raise NotFound("attachment not found")
    return stored_private_file(attachment.stored_path), attachment.filename, attachment.content_type
