"""Factories for certificate tests: a learner with a completed enrolment, written through the
ORM (flushed, not committed: callers with a committed session commit themselves)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from edu_platform.models import Course, Enrollment, EnrollmentStatus, User, utcnow
from tests.support.factories import make_course, make_user

HOLDER = "Мария Иванова-Щербакова"
COURSE_TITLE = "Основы анализа данных на Python"
TEACHER = "Анна Смирнова"


@dataclass
class Completed:
    learner: User
    course: Course
    enrollment: Enrollment
    teacher: User


def completed_enrollment(
    session: Session,
    *,
    name: str = HOLDER,
    title: str = COURSE_TITLE,
    course: Course | None = None,
    learner: User | None = None,
) -> Completed:
    """A learner who completed a course (a new course with its teacher unless given)."""
    if course is None:
        teacher = make_user(session, role="teacher", name=TEACHER)
        course = make_course(session, price="0.00", title=title, teacher=teacher)
    teacher = session.get(User, course.teacher_id)
    learner = learner or make_user(session, name=name)
    enrollment = Enrollment(
        user_id=learner.id,
        course_id=course.id,
        status=EnrollmentStatus.COMPLETED.value,
        progress_percent=100,
        completed_at=utcnow(),
    )
    session.add(enrollment)
    session.flush()
    return Completed(learner, course, enrollment, teacher)
