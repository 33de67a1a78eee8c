"""Quizzes in the course player: the intro, starting an attempt, answering, scoring, results.

Rules (issue 5):

- An attempt fixes its questions when it starts (`quiz_attempt.question_ids`): the whole
  bank in order, or `questions_per_attempt` questions drawn at random. With
  `shuffle_options` the option order is shuffled per attempt by a generator seeded with
  the attempt and question ids, so a reload (and the result page) shows the same order.
- Every attempt counts against `max_attempts` (None or 0: unlimited) and is kept; a
  learner has at most one open attempt, and starting again returns it.
- Display records (`QuestionView`, `OptionView`) never carry the right answers; only
  `attempt_result()` of a submitted attempt does, and only when the quiz's reveal policy
  (`quiz.reveal_answers`, chosen by the teacher) allows it now: after each attempt, after
  passing, after the last attempt, or never — and never while an attempt is open
  (`results.answers_visible`).
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

The package: `records` (display records), `access` (who may touch what, shared reads),
`timing` (deadline and grace), `scoring`, `attempts` (intro, start, answer, submit) and
`results` (the review and the reveal policy). Callers import from the package.
"""

from edu_platform.services.quizzes.attempts import (
    MAX_TEXT_ANSWER,
    parse_number,
    quiz_for_lesson,
    save_answer,
    start_attempt,
    submit_attempt,
)
from edu_platform.services.quizzes.records import (
    AttemptResult,
    AttemptSummary,
    AttemptView,
    OptionResult,
    OptionView,
    QuestionResult,
    QuestionView,
    QuizOverview,
    SavedAnswer,
)
from edu_platform.services.quizzes.results import answers_visible, attempt_result, format_number
from edu_platform.services.quizzes.scoring import is_answer_correct, normalise_text
from edu_platform.services.quizzes.timing import GRACE

__all__ = [
    "GRACE",
    "MAX_TEXT_ANSWER",
    "AttemptResult",
    "AttemptSummary",
    "AttemptView",
    "OptionResult",
    "OptionView",
    "QuestionResult",
    "QuestionView",
    "QuizOverview",
    "SavedAnswer",
    "answers_visible",
    "attempt_result",
    "format_number",
    "is_answer_correct",
    "normalise_text",
    "parse_number",
    "quiz_for_lesson",
    "save_answer",
    "start_attempt",
    "submit_attempt",
]
