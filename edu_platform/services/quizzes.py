"""Quizzes in the course player: the intro, starting an attempt, answering, scoring, results.

Rules (issue 5):

- An attempt fixes its questions when it starts (`quiz_attempt.question_ids`): the whole
  bank in order, or `questions_per_attempt` questions drawn at random. With
  `shuffle_options` the option order is shuffled per attempt by a generator seeded with
  the attempt and question ids, so a reload (and the result page) shows the same order.
- Every attempt counts against `max_attempts` (None or 0: unlimited) and is kept; a
  learner has at most one open attempt, and starting again returns it.
- Display records (`QuestionView`, `OptionView`) never carry the right answers; only
  `attempt_result()` of a submitted attempt does, and only if the quiz shows them.
- The server owns the clock: after `deadline_at` + GRACE answers are neither saved nor
  counted; the attempt is scored with what was saved in time. An expired open attempt is
  closed that way the next time the learner opens the quiz.
- Scoring, all or nothing per question: single — the one correct option; multiple —
  exactly the set of correct options (a subset or superset earns nothing, no partial
  credit); text — equal to `correct_text` ignoring case, surrounding and repeated spaces,
  and ё/е; number — within `tolerance` (default 0) of `correct_number`.
  `score_percent` = floor(points earned * 100 / points total) (100 when every question is
  worth 0 points); passed = score >= pass mark.
- Passing completes the quiz lesson (`progress.complete_lesson`), which also completes the
  enrolment and requests the certificate when everything else is done.
"""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform.models import (
    AnswerOption,
    AttemptAnswer,
    Enrollment,
    Lesson,
    LessonKind,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
    utcnow,
)
from edu_platform.services import learning_events, progress
from edu_platform.services.errors import Conflict, Invalid, NotFound

GRACE = timedelta(seconds=5)  # network latency allowed after the deadline
NUMBER_EPSILON = 1e-9  # float noise: 0.1 + 0.2 still equals 0.3
MAX_TEXT_ANSWER = 500


# --- display records --------------------------------------------------------------------


@dataclass
class OptionView:
    id: int
    text: str


@dataclass
class QuestionView:
    """A question as the learner sees it during an attempt: no right answers in here."""

    id: int
    number: int  # 1-based position in this attempt
    kind: str
    text: str
    points: int
    options: list[OptionView] = field(default_factory=list)


@dataclass
class SavedAnswer:
    question_id: int
    option_ids: list[int] = field(default_factory=list)
    text: str = ""
    number: float | None = None


@dataclass
class AttemptView:
    id: int
    quiz_id: int
    lesson_id: int
    number: int  # the learner's n-th attempt at this quiz
    started_at: datetime
    deadline_at: datetime | None
    questions: list[QuestionView] = field(default_factory=list)
    answers: list[SavedAnswer] = field(default_factory=list)


@dataclass
class AttemptSummary:
    id: int
    number: int
    started_at: datetime
    submitted_at: datetime | None
    score_percent: int | None
    passed: bool
    is_open: bool


@dataclass
class QuizOverview:
    """The intro: settings, the learner's attempts, and whether a new one may start."""

    quiz_id: int
    lesson_id: int
    course_id: int
    pass_percent: int
    time_limit_minutes: int | None
    max_attempts: int | None
    questions_per_attempt: int
    attempts_used: int
    attempts_left: int | None  # None: unlimited
    show_correct_answers: bool
    is_final: bool
    passed: bool  # any attempt passed
    best_score: int | None
    open_attempt_id: int | None
    can_start: bool
    attempts: list[AttemptSummary] = field(default_factory=list)


@dataclass
class OptionResult:
    id: int
    text: str
    selected: bool
    correct: bool  # always False when the quiz hides the answers


@dataclass
class QuestionResult:
    id: int
    number: int
    kind: str
    text: str
    points: int
    is_correct: bool
    answered: bool
    your_answer: str  # text and number questions
    correct_answer: str  # text and number questions; "" when hidden
    options: list[OptionResult] = field(default_factory=list)


@dataclass
class AttemptResult:
    attempt_id: int
    quiz_id: int
    lesson_id: int
    number: int
    score_percent: int
    passed: bool
    pass_percent: int
    points_earned: int
    points_total: int
    submitted_at: datetime
    late: bool  # submitted after the deadline: answers not saved in time were not counted
    show_correct_answers: bool
    attempts_left: int | None
    can_retry: bool
    course_completed: bool
    questions: list[QuestionResult] = field(default_factory=list)


# --- access ----------------------------------------------------------------------------


def _quiz_or_404(session: Session, quiz_id: object) -> Quiz:
    quiz = session.get(Quiz, _as_id(quiz_id)) if _as_id(quiz_id) else None
    if quiz is None:
        raise NotFound("quiz not found", message_key="quiz.not_found")
    return quiz


def _open_lesson(session: Session, user_id: int | None, lesson_id: int) -> Enrollment:
    """The caller's enrolment, if the lesson is open to them (enrolment, sequential lock)."""
    lesson = progress.get_lesson(session=session, user_id=user_id, lesson_id=lesson_id)
    # get_lesson lets anonymous visitors see preview lessons; a quiz always needs a learner.
    return progress.require_enrollment(session=session, user_id=user_id, course_id=lesson.course_id)


def _lock_enrollment(session: Session, enrollment: Enrollment) -> None:
    """Serialise one learner's starts and submits (PostgreSQL; SQLite has one writer)."""
    session.scalar(select(Enrollment.id).where(Enrollment.id == enrollment.id).with_for_update())


def _own_attempt(
    session: Session, user_id: int | None, attempt_id: object, *, lock: bool = False
) -> QuizAttempt:
    """The caller's attempt; someone else's is reported as not found."""
    statement = select(QuizAttempt).where(QuizAttempt.id == _as_id(attempt_id))
    if lock:
        statement = statement.with_for_update()
    attempt = session.scalar(statement) if user_id is not None else None
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("attempt not found", message_key="quiz.attempt_not_found")
    return attempt


def _as_id(value: object) -> int:
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 2**62 else 0


# --- reading ---------------------------------------------------------------------------


def _bank(session: Session, quiz_id: int) -> list[Question]:
    return list(
        session.scalars(
            select(Question)
            .where(Question.quiz_id == quiz_id)
            .order_by(Question.position, Question.id)
        )
    )


def _attempts(session: Session, quiz_id: int, user_id: int) -> list[QuizAttempt]:
    return list(
        session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.quiz_id == quiz_id, QuizAttempt.user_id == user_id)
            .order_by(QuizAttempt.id)
        )
    )


def _attempt_number(session: Session, attempt: QuizAttempt) -> int:
    return (
        session.scalar(
            select(func.count(QuizAttempt.id)).where(
                QuizAttempt.quiz_id == attempt.quiz_id,
                QuizAttempt.user_id == attempt.user_id,
                QuizAttempt.id <= attempt.id,
            )
        )
        or 1
    )


def _attempts_left(quiz: Quiz, used: int) -> int | None:
    if not quiz.max_attempts:
        return None
    return max(0, quiz.max_attempts - used)


def _drawn_questions(session: Session, attempt: QuizAttempt) -> list[Question]:
    """The attempt's questions in the attempt's order (deleted ones drop out)."""
    ids = list(attempt.question_ids or [])
    if not ids:
        return []
    by_id = {q.id: q for q in session.scalars(select(Question).where(Question.id.in_(ids)))}
    return [by_id[qid] for qid in ids if qid in by_id]


def _options(session: Session, question_ids: list[int]) -> dict[int, list[AnswerOption]]:
    found: dict[int, list[AnswerOption]] = {qid: [] for qid in question_ids}
    if question_ids:
        for option in session.scalars(
            select(AnswerOption)
            .where(AnswerOption.question_id.in_(question_ids))
            .order_by(AnswerOption.position, AnswerOption.id)
        ):
            found[option.question_id].append(option)
    return found


def option_order(
    quiz: Quiz, attempt_id: int, question_id: int, options: list[AnswerOption]
) -> list[AnswerOption]:
    """The options in the order this attempt shows them (stable for the attempt)."""
    ordered = sorted(options, key=lambda option: (option.position, option.id))
    if quiz.shuffle_options:
        # A string seed is hashed with SHA-512: the same order in every process.
        random.Random(f"quiz-attempt:{attempt_id}:{question_id}").shuffle(ordered)
    return ordered


def _saved_answers(session: Session, attempt_id: int) -> dict[int, AttemptAnswer]:
    return {
        row.question_id: row
        for row in session.scalars(
            select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id)
        )
    }


def _is_late(attempt: QuizAttempt, now: datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at + GRACE


def _attempt_view(session: Session, quiz: Quiz, attempt: QuizAttempt) -> AttemptView:
    questions = _drawn_questions(session, attempt)
    options = _options(session, [q.id for q in questions])
    saved = _saved_answers(session, attempt.id)
    views = [
        QuestionView(
            id=question.id,
            number=number,
            kind=question.kind,
            text=question.text,
            points=question.points,
            options=[
                OptionView(o.id, o.text)
                for o in option_order(quiz, attempt.id, question.id, options[question.id])
            ],
        )
        for number, question in enumerate(questions, start=1)
    ]
    answers = [
        SavedAnswer(
            question_id=row.question_id,
            option_ids=list(row.selected_option_ids or []),
            text=row.text_answer or "",
            number=row.number_answer,
        )
        for row in saved.values()
    ]
    return AttemptView(
        id=attempt.id,
        quiz_id=quiz.id,
        lesson_id=quiz.lesson_id,
        number=_attempt_number(session, attempt),
        started_at=attempt.started_at,
        deadline_at=attempt.deadline_at,
        questions=views,
        answers=answers,
    )


def quiz_for_lesson(
    *, session: Session, user_id: int | None, lesson_id: int, now: datetime | None = None
) -> QuizOverview:
    """The quiz of a quiz lesson with the caller's attempts; closes an expired open attempt."""
    now = now or utcnow()
    lesson = session.get(Lesson, _as_id(lesson_id)) if _as_id(lesson_id) else None
    if lesson is None:
        raise NotFound("lesson not found", message_key="quiz.not_found")
    _open_lesson(session, user_id, lesson.id)
    quiz = session.scalar(select(Quiz).where(Quiz.lesson_id == lesson.id))
    if quiz is None or lesson.kind != LessonKind.QUIZ.value:
        raise NotFound("this lesson has no quiz", message_key="quiz.not_found")
    _close_expired(session, quiz, user_id, now)
    attempts = _attempts(session, quiz.id, user_id)
    bank_size = (
        session.scalar(select(func.count(Question.id)).where(Question.quiz_id == quiz.id)) or 0
    )
    left = _attempts_left(quiz, len(attempts))
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    scores = [a.score_percent for a in attempts if a.score_percent is not None]
    return QuizOverview(
        quiz_id=quiz.id,
        lesson_id=quiz.lesson_id,
        course_id=quiz.course_id,
        pass_percent=quiz.pass_percent,
        time_limit_minutes=quiz.time_limit_minutes or None,
        max_attempts=quiz.max_attempts or None,
        questions_per_attempt=min(quiz.questions_per_attempt or bank_size, bank_size),
        attempts_used=len(attempts),
        attempts_left=left,
        show_correct_answers=quiz.show_correct_answers,
        is_final=quiz.is_final,
        passed=any(a.passed for a in attempts),
        best_score=max(scores) if scores else None,
        open_attempt_id=open_attempt.id if open_attempt else None,
        can_start=open_attempt is not None or (bank_size > 0 and (left is None or left > 0)),
        attempts=[
            AttemptSummary(
                id=a.id,
                number=number,
                started_at=a.started_at,
                submitted_at=a.submitted_at,
                score_percent=a.score_percent,
                passed=a.passed,
                is_open=a.submitted_at is None,
            )
            for number, a in enumerate(attempts, start=1)
        ],
    )


# --- starting and answering -------------------------------------------------------------


def start_attempt(
    *, session: Session, user_id: int | None, quiz_id: int, now: datetime | None = None
) -> AttemptView:
    """A new attempt with its questions drawn, or the caller's open one (idempotent)."""
    now = now or utcnow()
    quiz = _quiz_or_404(session, quiz_id)
    enrollment = _open_lesson(session, user_id, quiz.lesson_id)
    _lock_enrollment(session, enrollment)
    _close_expired(session, quiz, user_id, now)
    attempts = _attempts(session, quiz.id, user_id)
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    if open_attempt is not None:
        return _attempt_view(session, quiz, open_attempt)
    if _attempts_left(quiz, len(attempts)) == 0:
        raise Conflict("no attempts left", message_key="quiz.no_attempts_left")
    bank = _bank(session, quiz.id)
    if not bank:
        raise Conflict("the quiz has no questions", message_key="quiz.no_questions")
    drawn = bank
    if quiz.questions_per_attempt and quiz.questions_per_attempt < len(bank):
        drawn = random.SystemRandom().sample(bank, quiz.questions_per_attempt)
    attempt = QuizAttempt(
        quiz_id=quiz.id,
        user_id=user_id,
        started_at=now,
        deadline_at=now + timedelta(minutes=quiz.time_limit_minutes)
        if quiz.time_limit_minutes
        else None,
        question_ids=[question.id for question in drawn],
    )
    session.add(attempt)
    session.flush()
    learning_events.record(
        user_id=user_id,
        course_id=quiz.course_id,
        lesson_id=quiz.lesson_id,
        type="quiz_started",
        payload={"quiz_id": quiz.id, "attempt_id": attempt.id},
    )
    return _attempt_view(session, quiz, attempt)


def _clean_option_ids(raw: object, allowed: set[int]) -> list[int]:
    if not isinstance(raw, list | tuple | set):
        raw = [raw] if raw not in (None, "") else []
    ids = {_as_id(value) for value in raw}
    return sorted(ids & allowed)


def parse_number(raw: object) -> float | None:
    """A finite number from the learner's input ('3,5' too), or None."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        if not text or len(text) > 50:
            return None
        try:
            value = float(text)
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def _store_answer(
    session: Session,
    attempt: QuizAttempt,
    question: Question,
    options: list[AnswerOption],
    raw: object,
    now: datetime,
    saved: dict[int, AttemptAnswer],
) -> None:
    """Write (or overwrite) the answer to one question; only the kind's own field is kept."""
    raw = raw if isinstance(raw, dict) else {}
    row = saved.get(question.id) or AttemptAnswer(attempt_id=attempt.id, question_id=question.id)
    row.selected_option_ids = None
    row.text_answer = None
    row.number_answer = None
    if question.kind in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value):
        row.selected_option_ids = (
            _clean_option_ids(raw.get("option_ids"), {o.id for o in options}) or None
        )
    elif question.kind == QuestionKind.TEXT.value:
        text = raw.get("text")
        row.text_answer = str(text)[:MAX_TEXT_ANSWER] if text not in (None, "") else None
    else:
        row.number_answer = parse_number(raw.get("number"))
    row.answered_at = now
    session.add(row)
    saved[question.id] = row


def save_answer(
    *,
    session: Session,
    user_id: int | None,
    attempt_id: int,
    question_id: int,
    answer: dict,
    now: datetime | None = None,
) -> None:
    """Keep one answer of the caller's open attempt (refused after the deadline)."""
    now = now or utcnow()
    attempt = _own_attempt(session, user_id, attempt_id, lock=True)
    quiz = _quiz_or_404(session, attempt.quiz_id)
    _open_lesson(session, user_id, quiz.lesson_id)
    if attempt.submitted_at is not None:
        raise Conflict("the attempt is already submitted", message_key="quiz.attempt_closed")
    if _is_late(attempt, now):
        raise Conflict("time is up", message_key="quiz.time_is_up")
    question_id = _as_id(question_id)
    if question_id not in (attempt.question_ids or []):
        raise Invalid(
            "not a question of this attempt",
            message_key="quiz.unknown_question",
            field="question_id",
        )
    question = session.get(Question, question_id)
    if question is None:
        raise Invalid(
            "not a question of this attempt",
            message_key="quiz.unknown_question",
            field="question_id",
        )
    options = _options(session, [question.id])[question.id]
    _store_answer(
        session, attempt, question, options, answer, now, _saved_answers(session, attempt.id)
    )
    session.flush()


# --- scoring ---------------------------------------------------------------------------


def normalise_text(value: str) -> str:
    """Case, width, spaces and ё/е do not matter when comparing text answers."""
    folded = unicodedata.normalize("NFKC", value).casefold().replace("ё", "е")
    return " ".join(folded.split())


def is_answer_correct(
    question: Question, options: list[AnswerOption], row: AttemptAnswer | None
) -> bool:
    """All or nothing: see the module docstring for each kind's rule."""
    if row is None:
        return False
    if question.kind in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value):
        selected = set(row.selected_option_ids or [])
        correct = {option.id for option in options if option.is_correct}
        if question.kind == QuestionKind.SINGLE.value and len(selected) != 1:
            return False
        return bool(selected) and selected == correct
    if question.kind == QuestionKind.TEXT.value:
        if not row.text_answer or question.correct_text is None:
            return False
        return normalise_text(row.text_answer) == normalise_text(question.correct_text)
    if row.number_answer is None or question.correct_number is None:
        return False
    tolerance = abs(question.tolerance or 0.0)
    return abs(row.number_answer - question.correct_number) <= tolerance + NUMBER_EPSILON


def _close(session: Session, quiz: Quiz, attempt: QuizAttempt, user_id: int, now: datetime) -> None:
    """Score the attempt with its saved answers, submit it, complete the lesson on a pass."""
    questions = _drawn_questions(session, attempt)
    options = _options(session, [q.id for q in questions])
    saved = _saved_answers(session, attempt.id)
    earned = total = 0
    for question in questions:
        row = saved.get(question.id)
        if row is None:  # unanswered: kept as a wrong answer, so the result is complete
            row = AttemptAnswer(attempt_id=attempt.id, question_id=question.id, answered_at=now)
        row.is_correct = is_answer_correct(question, options[question.id], row)
        session.add(row)
        total += question.points
        earned += question.points if row.is_correct else 0
    attempt.score_percent = earned * 100 // total if total else 100
    attempt.passed = attempt.score_percent >= quiz.pass_percent
    attempt.submitted_at = now
    session.add(attempt)
    session.flush()
    learning_events.record(
        user_id=user_id,
        course_id=quiz.course_id,
        lesson_id=quiz.lesson_id,
        type="quiz_submitted",
        payload={
            "quiz_id": quiz.id,
            "attempt_id": attempt.id,
            "score_percent": attempt.score_percent,
            "passed": attempt.passed,
            "late": _is_late(attempt, now),
        },
    )
    if attempt.passed:
        # Completes the enrolment (and requests the certificate) when this was the last
        # step: complete_lesson always runs progress.maybe_complete_course.
        progress.complete_lesson(
            session=session, user_id=user_id, lesson_id=quiz.lesson_id, at=now, by_passing_quiz=True
        )


def _close_expired(session: Session, quiz: Quiz, user_id: int, now: datetime) -> None:
    for attempt in session.scalars(
        select(QuizAttempt)
        .where(
            QuizAttempt.quiz_id == quiz.id,
            QuizAttempt.user_id == user_id,
            QuizAttempt.submitted_at.is_(None),
            QuizAttempt.deadline_at.is_not(None),
        )
        .with_for_update()
    ).all():
        if _is_late(attempt, now):
            _close(session, quiz, attempt, user_id, now)


def submit_attempt(
    *,
    session: Session,
    user_id: int | None,
    attempt_id: int,
    answers: dict | None = None,
    now: datetime | None = None,
) -> AttemptResult:
    """Score the caller's attempt; a second submit returns the stored result.

    `answers` maps question id -> {"option_ids": [...]} | {"text": ...} | {"number": ...}.
    After the deadline (+ GRACE) they are ignored and only answers saved in time count.
    """
    now = now or utcnow()
    attempt = _own_attempt(session, user_id, attempt_id, lock=True)
    if attempt.submitted_at is not None:
        return attempt_result(session=session, user_id=user_id, attempt_id=attempt.id)
    quiz = _quiz_or_404(session, attempt.quiz_id)
    _open_lesson(session, user_id, quiz.lesson_id)
    if answers and not _is_late(attempt, now):
        questions = {q.id: q for q in _drawn_questions(session, attempt)}
        options = _options(session, list(questions))
        saved = _saved_answers(session, attempt.id)
        for raw_id, raw in answers.items():
            question = questions.get(_as_id(raw_id))
            if question is not None:
                _store_answer(session, attempt, question, options[question.id], raw, now, saved)
        session.flush()
    _close(session, quiz, attempt, user_id, now)
    return attempt_result(session=session, user_id=user_id, attempt_id=attempt.id)


# --- results ---------------------------------------------------------------------------


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def attempt_result(*, session: Session, user_id: int | None, attempt_id: int) -> AttemptResult:
    """Score and per-question marks of the caller's submitted attempt; the right answers
    only when the quiz shows them."""
    attempt = _own_attempt(session, user_id, attempt_id)
    if attempt.submitted_at is None:
        raise Conflict("the attempt is not submitted yet", message_key="quiz.attempt_open")
    quiz = _quiz_or_404(session, attempt.quiz_id)
    show = quiz.show_correct_answers
    questions = _drawn_questions(session, attempt)
    options = _options(session, [q.id for q in questions])
    saved = _saved_answers(session, attempt.id)
    results: list[QuestionResult] = []
    earned = total = 0
    for number, question in enumerate(questions, start=1):
        row = saved.get(question.id)
        is_correct = bool(row and row.is_correct)
        selected = set(row.selected_option_ids or []) if row else set()
        total += question.points
        earned += question.points if is_correct else 0
        your_answer = correct_answer = ""
        if question.kind == QuestionKind.TEXT.value:
            your_answer = (row.text_answer or "") if row else ""
            correct_answer = (question.correct_text or "") if show else ""
        elif question.kind == QuestionKind.NUMBER.value:
            your_answer = format_number(row.number_answer) if row else ""
            if show:
                correct_answer = format_number(question.correct_number)
                if question.tolerance:
                    correct_answer += f" ± {format_number(abs(question.tolerance))}"
        results.append(
            QuestionResult(
                id=question.id,
                number=number,
                kind=question.kind,
                text=question.text,
                points=question.points,
                is_correct=is_correct,
                answered=bool(selected or your_answer),
                your_answer=your_answer,
                correct_answer=correct_answer,
                options=[
                    OptionResult(
                        id=o.id,
                        text=o.text,
                        selected=o.id in selected,
                        correct=bool(show and o.is_correct),
                    )
                    for o in option_order(quiz, attempt.id, question.id, options[question.id])
                ],
            )
        )
    used = (
        session.scalar(
            select(func.count(QuizAttempt.id)).where(
                QuizAttempt.quiz_id == quiz.id, QuizAttempt.user_id == attempt.user_id
            )
        )
        or 0
    )
    left = _attempts_left(quiz, used)
    enrollment_status = session.scalar(
        select(Enrollment.status).where(
            Enrollment.user_id == attempt.user_id, Enrollment.course_id == quiz.course_id
        )
    )
    return AttemptResult(
        attempt_id=attempt.id,
        quiz_id=quiz.id,
        lesson_id=quiz.lesson_id,
        number=_attempt_number(session, attempt),
        score_percent=attempt.score_percent or 0,
        passed=attempt.passed,
        pass_percent=quiz.pass_percent,
        points_earned=earned,
        points_total=total,
        submitted_at=attempt.submitted_at,
        late=_is_late(attempt, attempt.submitted_at),
        show_correct_answers=show,
        attempts_left=left,
        can_retry=left is None or left > 0,
        course_completed=enrollment_status == "completed",
        questions=results,
    )
