"""A fixed event set for the learning-metric tests; the expected values are worked out by
hand in tests/integration/test_metrics.py.

Window 2026-03-01 .. 2026-03-14. One course with lessons a, b, c, d.
- `steady` enrolled 2026-02-20 (before the window): 8 events on 3 days, gaps under, at and
  over 5 minutes, an event before the window; lessons a, b done in the window, c after.
- `late` enrolled 2026-03-08 (mid-window): an event the day before enrolment (ignored),
  4 events on 2 days; lesson a done.
- `idle` enrolled 2026-02-01: no events at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from edu_platform.models import (
    Course,
    LearningEvent,
    Lesson,
    LessonProgress,
    Module,
    User,
)
from tests.support.factories import make_course, make_enrollment

WINDOW = (date(2026, 3, 1), date(2026, 3, 14))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass
class MetricsWorld:
    course: Course
    teacher: User
    other_teacher: User
    admin: User
    outsider: User
    steady: User
    late: User
    idle: User
    lessons: dict[str, Lesson]


def build_metrics_world(session: Session) -> MetricsWorld:
    def user(name: str, role: str = "student") -> User:
        row = User(email=f"{name}@metrics.example.org", full_name=name.title(), role=role)
        session.add(row)
        session.flush()
        return row

    teacher, other_teacher = user("teacher", "teacher"), user("other", "teacher")
    admin, outsider = user("admin", "admin"), user("outsider")
    steady, late, idle = user("steady"), user("late"), user("idle")
    course = make_course(
        session,
        teacher=teacher,
        slug="metrics-course",
        title="Metrics course",
        price="0.00",
        lessons_count=4,
    )
    module = Module(course_id=course.id, title="Only", position=1)
    session.add(module)
    session.flush()
    lessons = {}
    for position, key in enumerate("abcd", start=1):
        lessons[key] = Lesson(
            module_id=module.id, course_id=course.id, title=f"Lesson {key}", position=position
        )
        session.add(lessons[key])
    session.flush()

    enrollments = {}
    for learner, enrolled in (
        (steady, "2026-02-20 08:00:00"),
        (late, "2026-03-08 12:00:00"),
        (idle, "2026-02-01 08:00:00"),
    ):
        enrollments[learner.id] = make_enrollment(
            session, user_id=learner.id, course_id=course.id, enrolled_at=at(enrolled)
        )

    def events(learner: User, rows: list[tuple[str, str | None]]) -> None:
        for ts, lesson in rows:
            session.add(
                LearningEvent(
                    user_id=learner.id,
                    course_id=course.id,
                    lesson_id=lessons[lesson].id if lesson else None,
                    type="lesson_opened" if lesson else "page_view",
                    ts=at(ts),
                )
            )

    events(
        steady,
        [
            ("2026-02-25 10:00:00", "a"),  # before the window
            ("2026-03-01 10:00:00", "a"),
            ("2026-03-01 10:02:00", "a"),  # +120 s, from a lesson
            ("2026-03-01 10:04:00", None),  # +120 s, from a lesson
            ("2026-03-01 10:20:00", "b"),  # +960 s: the session ended
            ("2026-03-02 09:00:00", None),
            ("2026-03-02 09:03:00", "b"),  # +180 s, from outside a lesson
            ("2026-03-10 12:00:00", "c"),
            ("2026-03-10 12:05:00", "c"),  # +300 s exactly: counts
        ],
    )
    events(
        late,
        [
            ("2026-03-07 09:00:00", "a"),  # before the day of enrolment
            ("2026-03-08 13:00:00", "a"),
            ("2026-03-08 13:01:00", "a"),  # +60 s
            ("2026-03-08 13:01:30", None),  # +30 s
            ("2026-03-09 08:00:00", "a"),
        ],
    )
    for learner, lesson, done in (
        (steady, "a", "2026-03-03 10:00:00"),
        (steady, "b", "2026-03-05 10:00:00"),
        (steady, "c", "2026-03-20 10:00:00"),  # after the window
        (late, "a", "2026-03-08 13:05:00"),
    ):
        session.add(
            LessonProgress(
                enrollment_id=enrollments[learner.id].id,
                lesson_id=lessons[lesson].id,
                user_id=learner.id,
                completed_at=at(done),
            )
        )
    session.flush()
    return MetricsWorld(
        course, teacher, other_teacher, admin, outsider, steady, late, idle, lessons
    )
