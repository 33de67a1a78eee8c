"""The small fixed quiz course of the quiz tests (tests/integration/test_quizzes.py and
tests/mutation/test_quizzes_*.py): `build_world` and the calls every test makes.

The course: module 1 with two text lessons, module 2 with the final quiz lesson. The quiz
bank has one question of each kind (points 1, 2, 3, 4 — ten in all):

| kind     | text                        | right answer                      | points |
| -------- | --------------------------- | --------------------------------- | ------ |
| single   | Capital of France?          | "Paris" (of Paris, Lyon, Nice)    | 1      |
| multiple | Prime numbers?              | "2" and "3" (of 2, 3, 4, 9)       | 2      |
| text     | Christmas tree in Russian?  | "Зелёная  Ёлка"                   | 3      |
| number   | Pi to two decimals?         | 3.14 ± 0.01                       | 4      |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from edu_platform.models import (
    AnswerOption,
    Course,
    Enrollment,
    Lesson,
    Module,
    Question,
    Quiz,
    User,
)
from edu_platform.services import quizzes
from tests.support.factories import make_course

T0 = datetime(2030, 1, 6, 10, 0, tzinfo=UTC)


@dataclass
class QuizWorld:
    course: Course
    learner: User
    other: User
    text_lessons: list[Lesson]
    quiz: Quiz
    questions: dict[str, Question]  # by kind
    options: dict[str, AnswerOption]  # by option text

    def right(self) -> dict[int, dict]:
        """Answers to every question, all right."""
        q, o = self.questions, self.options
        return {
            q["single"].id: {"option_ids": [o["Paris"].id]},
            q["multiple"].id: {"option_ids": [o["2"].id, o["3"].id]},
            q["text"].id: {"text": "Зелёная Ёлка"},
            q["number"].id: {"number": 3.14},
        }

    def shown(self, kind: str, number: int) -> dict:
        """The fields every view of the `kind` question shows as the attempt's `number`-th."""
        question = self.questions[kind]
        return {
            "id": question.id,
            "number": number,
            "kind": kind,
            "text": question.text,
            "points": question.points,
        }

    def pick(self, *texts: str) -> dict:
        """A choice answer selecting the options with these texts."""
        return {"option_ids": [self.options[text].id for text in texts]}


def build_world(session: Session, **quiz_settings) -> QuizWorld:
    teacher = User(email="teacher@quiz.example.org", full_name="Tina Teacher", role="teacher")
    learner = User(email="learner@quiz.example.org", full_name="Lena Learner")
    other = User(email="other@quiz.example.org", full_name="Oleg Other")
    session.add_all([teacher, learner, other])
    session.flush()
    course = make_course(
        session,
        teacher=teacher,
        slug="quiz-course",
        title="Quiz course",
        price="0.00",
        lessons_count=3,
    )
    first = Module(course_id=course.id, title="Basics", position=1)
    last = Module(course_id=course.id, title="Exam", position=2)
    session.add_all([first, last])
    session.flush()
    text_lessons = [
        Lesson(module_id=first.id, course_id=course.id, title=f"Lesson {n}", position=n)
        for n in (1, 2)
    ]
    quiz_lesson = Lesson(
        module_id=last.id, course_id=course.id, title="Final quiz", kind="quiz", position=1
    )
    session.add_all([*text_lessons, quiz_lesson])
    session.flush()
    settings = {"pass_percent": 70, "is_final": True, **quiz_settings}
    quiz = Quiz(lesson_id=quiz_lesson.id, course_id=course.id, **settings)
    session.add(quiz)
    session.flush()
    specs = [
        (
            "single",
            "Capital of France?",
            1,
            {},
            [("Paris", True), ("Lyon", False), ("Nice", False)],
        ),
        (
            "multiple",
            "Prime numbers?",
            2,
            {},
            [("2", True), ("3", True), ("4", False), ("9", False)],
        ),
        ("text", "Christmas tree in Russian?", 3, {"correct_text": "Зелёная  Ёлка"}, []),
        ("number", "Pi to two decimals?", 4, {"correct_number": 3.14, "tolerance": 0.01}, []),
    ]
    questions: dict[str, Question] = {}
    options: dict[str, AnswerOption] = {}
    for position, (kind, text, points, extra, option_specs) in enumerate(specs, start=1):
        question = Question(
            quiz_id=quiz.id, kind=kind, text=text, position=position, points=points, **extra
        )
        session.add(question)
        session.flush()
        questions[kind] = question
        for index, (option_text, correct) in enumerate(option_specs, start=1):
            option = AnswerOption(
                question_id=question.id, text=option_text, is_correct=correct, position=index
            )
            session.add(option)
            options[option_text] = option
    for user in (learner, other):
        session.add(Enrollment(user_id=user.id, course_id=course.id))
    session.flush()
    return QuizWorld(course, learner, other, text_lessons, quiz, questions, options)


def start(session, world, user=None, now=T0):
    user = user or world.learner
    return quizzes.start_attempt(session=session, user_id=user.id, quiz_id=world.quiz.id, now=now)


def submit(session, world, attempt_id, answers, user=None, now=T0 + timedelta(minutes=1)):
    user = user or world.learner
    return quizzes.submit_attempt(
        session=session, user_id=user.id, attempt_id=attempt_id, answers=answers, now=now
    )


def save(session, world, attempt_id, question_id, answer, *, user=None, now=None):
    """Keep one answer as the quiz player does (`now=None`: the service's own clock)."""
    user = user or world.learner
    quizzes.save_answer(
        session=session,
        user_id=user.id,
        attempt_id=attempt_id,
        question_id=question_id,
        answer=answer,
        now=now,
    )


def take(session, world, answers, user=None, started=T0):
    """The result of a whole attempt: started at `started`, `answers` submitted a minute on."""
    attempt = start(session, world, user=user, now=started)
    return submit(
        session, world, attempt.id, answers, user=user, now=started + timedelta(minutes=1)
    )


def marks(result) -> dict[str, bool]:
    return {q.kind: q.is_correct for q in result.questions}
