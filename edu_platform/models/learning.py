"""Learning: enrolments, lesson progress, quizzes and attempts, certificates."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Float, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from edu_platform.models.base import (
    NullableJSON,
    counter_field,
    datetime_field,
    enum_check,
    enum_field,
    flag_field,
    timestamp_field,
)


class EnrollmentStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


# Enrolments with these statuses give access to the course (and count as learners).
ACCESS_STATUSES = (EnrollmentStatus.ACTIVE.value, EnrollmentStatus.COMPLETED.value)


class EnrollmentSource(StrEnum):
    FREE = "free"
    ORDER = "order"
    IMPORT = "import"
    ADMIN = "admin"


class AnswerReveal(StrEnum):
    """When a learner sees the right answers of a submitted attempt (the teacher's choice)."""

    AFTER_EACH_ATTEMPT = "after_each_attempt"
    AFTER_PASSING = "after_passing"
    AFTER_LAST_ATTEMPT = "after_last_attempt"
    NEVER = "never"


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TEXT = "text"
    NUMBER = "number"


class CertificateStatus(StrEnum):
    PENDING = "pending"  # earned, PDF not rendered yet
    READY = "ready"
    REVOKED = "revoked"


class Enrollment(SQLModel, table=True):
    """A learner's access to a course; progress counters are kept current on every change."""

    __tablename__ = "enrollment"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        enum_check("status", EnrollmentStatus),
        enum_check("source", EnrollmentSource),
        CheckConstraint(
            "progress_percent >= 0 AND progress_percent <= 100", name="progress_percent_range"
        ),
        CheckConstraint("completed_lessons >= 0 AND points >= 0", name="counters_not_negative"),
        # A user's enrolments are found through the unique (user_id, course_id) index.
        Index("ix_enrollment_course_id_status", "course_id", "status"),
        # Only enrolments bought through an order have one: the others (free, imported,
        # granted) cost no index entry.
        Index(
            "ix_enrollment_order_id",
            "order_id",
            postgresql_where=text("order_id IS NOT NULL"),
            sqlite_where=text("order_id IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    # RESTRICT: a course with learners is unpublished or archived, not deleted.
    course_id: int = Field(foreign_key="course.id", ondelete="RESTRICT")
    status: str = enum_field(EnrollmentStatus, EnrollmentStatus.ACTIVE)
    progress_percent: int = counter_field()
    completed_lessons: int = counter_field()
    points: int = counter_field()  # attendance points earned in this course
    source: str = enum_field(EnrollmentSource, EnrollmentSource.FREE)
    order_id: int | None = Field(
        default=None, foreign_key="order.id", ondelete="SET NULL", nullable=True
    )
    enrolled_at: datetime = timestamp_field()
    completed_at: datetime | None = datetime_field()
    access_until: datetime | None = datetime_field()
    last_activity_at: datetime | None = datetime_field()
    archived_at: datetime | None = datetime_field()


class LessonProgress(SQLModel, table=True):
    """A learner's state in one lesson: where the video stopped, when it was completed."""

    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "lesson_id"),
        CheckConstraint("video_position_seconds >= 0", name="video_position_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = Field(foreign_key="enrollment.id", ondelete="CASCADE")
    lesson_id: int = Field(foreign_key="lesson.id", ondelete="CASCADE", index=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)
    completed_at: datetime | None = datetime_field()
    video_position_seconds: int = counter_field()
    updated_at: datetime = timestamp_field(onupdate=True)


class Quiz(SQLModel, table=True):
    """The test attached to a quiz lesson."""

    __tablename__ = "quiz"
    __table_args__ = (
        CheckConstraint("pass_percent >= 0 AND pass_percent <= 100", name="pass_percent_range"),
        enum_check("reveal_answers", AnswerReveal),
    )

    id: int | None = Field(default=None, primary_key=True)
    lesson_id: int = Field(foreign_key="lesson.id", ondelete="CASCADE", unique=True)
    course_id: int = Field(foreign_key="course.id", ondelete="CASCADE", index=True)
    pass_percent: int = counter_field(70)
    time_limit_minutes: int | None = Field(default=None)
    max_attempts: int | None = Field(default=None)
    # When set, each attempt draws this many questions at random.
    questions_per_attempt: int | None = Field(default=None)
    shuffle_options: bool = flag_field(False)
    # services/quizzes/results.py applies it; see AnswerReveal.
    reveal_answers: str = enum_field(AnswerReveal, AnswerReveal.AFTER_EACH_ATTEMPT)
    is_final: bool = flag_field(False)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(onupdate=True)


class Question(SQLModel, table=True):
    __tablename__ = "question"
    __table_args__ = (
        enum_check("kind", QuestionKind),
        CheckConstraint("points >= 0", name="points_not_negative"),
        Index("ix_question_quiz_id_position", "quiz_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    quiz_id: int = Field(foreign_key="quiz.id", ondelete="CASCADE")
    kind: str = enum_field(QuestionKind, QuestionKind.SINGLE)
    text: str = Field(sa_type=Text)
    position: int = counter_field()
    points: int = counter_field(1)
    correct_text: str | None = Field(default=None, max_length=500)  # kind "text"
    correct_number: float | None = Field(default=None, sa_type=Float)  # kind "number"
    tolerance: float | None = Field(default=None, sa_type=Float)


class AnswerOption(SQLModel, table=True):
    __tablename__ = "answer_option"
    __table_args__ = (Index("ix_answer_option_question_id_position", "question_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", ondelete="CASCADE")
    text: str = Field(sa_type=Text)
    is_correct: bool = flag_field(False)
    position: int = counter_field()


class QuizAttempt(SQLModel, table=True):
    """One try at a quiz; `question_ids` fixes the drawn questions and their order."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        CheckConstraint(
            "score_percent IS NULL OR (score_percent >= 0 AND score_percent <= 100)",
            name="score_percent_range",
        ),
        Index("ix_quiz_attempt_quiz_id_user_id", "quiz_id", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    quiz_id: int = Field(foreign_key="quiz.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)
    started_at: datetime = timestamp_field()
    deadline_at: datetime | None = datetime_field()
    submitted_at: datetime | None = datetime_field()
    score_percent: int | None = Field(default=None)
    passed: bool = flag_field(False)
    question_ids: list[int] = Field(default_factory=list, sa_type=JSON)


class AttemptAnswer(SQLModel, table=True):
    __tablename__ = "attempt_answer"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="quiz_attempt.id", ondelete="CASCADE")
    question_id: int = Field(foreign_key="question.id", ondelete="CASCADE", index=True)
    selected_option_ids: list[int] | None = Field(default=None, sa_type=NullableJSON)
    text_answer: str | None = Field(default=None, sa_type=Text)
    number_answer: float | None = Field(default=None, sa_type=Float)
    is_correct: bool | None = Field(default=None)
    answered_at: datetime = timestamp_field()


class Certificate(SQLModel, table=True):
    """A certificate of completion; holder and title are frozen at issue for verification."""

    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        enum_check("status", CertificateStatus),
    )

    id: int | None = Field(default=None, primary_key=True)
    serial: str = Field(max_length=32, unique=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    course_id: int = Field(foreign_key="course.id", ondelete="RESTRICT", index=True)
    enrollment_id: int | None = Field(
        default=None, foreign_key="enrollment.id", ondelete="SET NULL", nullable=True, index=True
    )
    status: str = enum_field(CertificateStatus, CertificateStatus.PENDING)
    pdf_path: str | None = Field(default=None, max_length=500)
    holder_name: str = Field(max_length=200)
    course_title: str = Field(max_length=300)
    issued_at: datetime = timestamp_field()
    revoked_at: datetime | None = datetime_field()
    revoked_reason: str | None = Field(default=None, sa_type=Text)
