"""Deleting a whole course: only a draft that nobody ever enrolled in, bought or was
certified for (anything else is unpublished instead, so learners keep their records)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.db import call_after_commit
from edu_platform.models import Certificate, Enrollment, Lesson, OrderItem
from edu_platform.services import media
from edu_platform.services.authoring.common import (
    as_id,
    delete_private_files_after_commit,
    editable_course,
    forget_deleted_lessons,
    lesson_files,
    lock_course,
)
from edu_platform.services.authoring.courses import BANNER_DIR
from edu_platform.services.errors import Conflict


def _in_use(session: Session, course_id: int) -> bool:
    for column in (Enrollment.course_id, OrderItem.course_id, Certificate.course_id):
        if session.scalar(select(column).where(column == course_id).limit(1)) is not None:
            return True
    return False


def delete_course(*, session: Session, actor_id: int | None, course_id: object) -> None:
    """Delete a draft with its syllabus, sessions, coupons and files (after commit);
    Conflict when it is published or anyone ever enrolled in or ordered it."""
    course = editable_course(session=session, actor_id=actor_id, course_id=as_id(course_id))
    lock_course(session, course.id)
    if course.is_published or _in_use(session, course.id):
        raise Conflict(
            "only a draft nobody ever enrolled in can be deleted; unpublish it instead",
            message_key="authoring.error.course_in_use",
        )
    lesson_ids = list(session.scalars(select(Lesson.id).where(Lesson.course_id == course.id)))
    files = lesson_files(session, lesson_ids)
    banner = course.banner
    session.delete(course)  # modules, lessons, quizzes, sessions, coupons: ON DELETE CASCADE
    session.flush()
    forget_deleted_lessons(session, lesson_ids)
    delete_private_files_after_commit(session, files)
    if banner and banner.startswith(f"{BANNER_DIR}/"):
        call_after_commit(session, media.delete, banner)
