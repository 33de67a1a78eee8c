"""Completing a course: when every lesson is done and the final test passed, the
enrolment is completed and its certificate job is scheduled.

Below `progress` and `enrollment`, which both complete courses (a lesson done; access
given back to a learner whose kept progress is already complete), so neither has to
import the other.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Exists

from edu_platform import db, jobs
from edu_platform.models import (
    Course,
    CourseKind,
    Enrollment,
    Question,
    Quiz,
    QuizAttempt,
    utcnow,
)


def quiz_has_questions() -> Exists:
    """SQL: the `Quiz` row has a question. An empty quiz has nothing to pass: its learners
    mark it done by hand (progress.marked_done_by_hand), and as the final test it asks
    nothing before the certificate."""
    return select(Question.id).where(Question.quiz_id == Quiz.id).exists()


def _final_quiz_passed(session: Session, user_id: int, course_id: int) -> bool:
    """True when the course has no final quiz with questions (an empty one has nothing to
    pass), or the learner passed it."""
    final_quiz_ids = list(
        session.scalars(
            select(Quiz.id).where(
                Quiz.course_id == course_id,
                Quiz.is_final.is_(True),
                quiz_has_questions(),
            )
        )
    )
    if not final_quiz_ids:
        return True
    passed = session.scalar(
        select(func.count(QuizAttempt.id)).where(
            QuizAttempt.quiz_id.in_(final_quiz_ids),
            QuizAttempt.user_id == user_id,
            QuizAttempt.passed.is_(True),
        )
    )
    return bool(passed)


def maybe_complete_course(
    *, session: Session, enrollment: Enrollment, at: datetime | None = None
) -> bool:
    """Complete the enrolment when all lessons are done and the final test is passed."""
    if enrollment.status == "completed" or enrollment.progress_percent < 100:
        return enrollment.status == "completed"
    if not _final_quiz_passed(session, enrollment.user_id, enrollment.course_id):
        return False
    enrollment.status = "completed"
    enrollment.completed_at = at or utcnow()
    session.add(enrollment)
    session.flush()
    course = session.get(Course, enrollment.course_id)
    if course is not None and course.kind == CourseKind.MATERIAL:
        return True  # a user-written material never issues a certificate
    schedule_certificate(session=session, enrollment_id=enrollment.id)
    return True


# Enqueued by name: services never import job modules (they import the services).
CERTIFICATE_JOB = "edu_platform.jobs.certificates.issue_certificate_job"
CERTIFICATE_QUEUE = "pdf"


def schedule_certificate(*, session: Session, enrollment_id: int) -> None:
    """Enqueue the certificate job of a just-completed enrolment once the completion commits
    (the job issues it dated the completion; a rolled-back completion enqueues nothing)."""
    db.call_after_commit(session, _enqueue_certificate, enrollment_id)


def _enqueue_certificate(enrollment_id: int) -> None:
    jobs.enqueue(CERTIFICATE_JOB, enrollment_id, queue=CERTIFICATE_QUEUE)
