"""Display records of the quiz player: what the learner sees, never the right answers
before the reveal policy allows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from edu_platform.models import Question

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
    started: dict[str, str] = field(default_factory=dict)  # its start in each UI language


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
    reveal_answers: str  # the quiz's AnswerReveal policy, for the intro's note
    is_final: bool
    passed: bool  # any attempt passed
    best_score: int | None
    open_attempt_id: int | None
    can_start: bool
    attempts: list[AttemptSummary] = field(default_factory=list)
    # No question yet: nothing to start; the player offers to mark the lesson done.
    has_questions: bool = True


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
    show_correct_answers: bool  # the policy allows the right answers now (results.py)
    reveal_answers: str  # the policy, to tell the learner when they will see them
    attempts_left: int | None
    can_retry: bool
    course_completed: bool
    questions: list[QuestionResult] = field(default_factory=list)


def question_heading(question: Question, number: int) -> dict[str, Any]:
    """The fields an attempt's question and its result both start with: id, the number in
    this attempt, kind, text and points."""
    return {
        "id": question.id,
        "number": number,
        "kind": question.kind,
        "text": question.text,
        "points": question.points,
    }
