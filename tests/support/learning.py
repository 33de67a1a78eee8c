"""A small fixed course for learning tests, written through the ORM (tests/integration/
test_progress.py has the table of it), and a stand-in for certificate requests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from edu_platform.models import Course, Enrollment, Lesson, Module, Question, Quiz, User
from edu_platform.services import learning_events
from tests.support.factories import make_course, make_user

if TYPE_CHECKING:
    from edu_platform.services.progress import ModuleMarks

# The first bytes of an MP4 file: what a video upload's type check looks at.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


@dataclass
class World:
    course: Course
    learner: User
    outsider: User
    admin: User
    enrollment: Enrollment
    lessons: dict[str, Lesson]  # by title
    quiz: Quiz

    def ids(self, *titles: str) -> list[int]:
        return [self.lessons[title].id for title in titles]


def build_world(session: Session, *, require_sequential: bool = False) -> World:
    teacher = make_user(session, name="Teacher", role="teacher")
    learner, outsider, admin = (
        make_user(session, name="Learner"),
        make_user(session, name="Outsider"),
        make_user(session, name="Admin", role="admin"),
    )
    course = make_course(
        session,
        teacher=teacher,
        slug="progress-course",
        title="Progress course",
        price="0.00",
        require_sequential=require_sequential,
        lessons_count=4,
    )
    practice = Module(course_id=course.id, title="Practice", position=2)
    session.add(practice)
    session.flush()
    basics = Module(course_id=course.id, title="Basics", position=1)
    session.add(basics)
    session.flush()
    specs = [
        (practice, "Final test", "quiz", 2, {}),
        (practice, "Exercise", "text", 1, {}),
        (basics, "Watch", "video", 2, {"video_path": "videos/watch.mp4"}),
        (basics, "Intro", "text", 1, {"is_preview": True}),
    ]
    lessons: dict[str, Lesson] = {}
    for module, title, kind, position, extra in specs:
        lesson = Lesson(
            module_id=module.id,
            course_id=course.id,
            title=title,
            kind=kind,
            position=position,
            body=f"Body of {title}",
            **extra,
        )
        session.add(lesson)
        session.flush()
        lessons[title] = lesson
    quiz = Quiz(lesson_id=lessons["Final test"].id, course_id=course.id, is_final=True)
    enrollment = Enrollment(user_id=learner.id, course_id=course.id)
    session.add_all([quiz, enrollment])
    session.flush()
    # A question to pass (a quiz without any is marked done by hand, like a text lesson).
    session.add(Question(quiz_id=quiz.id, kind="number", text="2 + 2?", correct_number=4))
    session.flush()
    return World(course, learner, outsider, admin, enrollment, lessons, quiz)


def marks_of(session: Session, world: World) -> list[ModuleMarks]:
    """The lesson marks (done, current, open, locked) the learner of `world` sees."""
    from edu_platform.services import progress

    return progress.lesson_marks(
        session=session, user_id=world.learner.id, course_id=world.course.id
    )


def record_learning_events(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Learning events go to the list this gives instead of the process-wide buffer."""
    events: list[dict] = []
    monkeypatch.setattr(learning_events, "record", lambda **event: events.append(event))
    return events


def stub_certificate_requests(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the certificate jobs a completion schedules instead of enqueueing them; gives
    the list of enrolment ids scheduled."""
    from edu_platform.services import completion

    requested: list[int] = []

    def schedule_certificate(*, session, enrollment_id):
        requested.append(enrollment_id)

    monkeypatch.setattr(completion, "schedule_certificate", schedule_certificate)
    return requested
