"""The quiz intro: settings, the learner's past attempts, start or continue."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr
from edu_platform.components.quiz.common import GAP, fact, outcome_badge
from edu_platform.services.quizzes import AttemptSummary
from edu_platform.state.i18n import LangState
from edu_platform.state.quiz import QuizState


def _attempt_row(attempt: AttemptSummary) -> rx.Component:
    return blocks.toolbar(
        rx.text(tr("quiz.attempt"), " ", attempt.number, size="2", weight="medium"),
        blocks.muted(attempt.started[LangState.lang], size="1"),
        rx.spacer(),
        rx.cond(
            attempt.is_open,
            rx.badge(tr("quiz.in_progress"), color_scheme="amber"),
            blocks.row(
                rx.text(attempt.score_percent, "%", size="2", weight="bold"),
                outcome_badge(attempt.passed),
                rx.button(
                    tr("quiz.view_result"),
                    size="1",
                    variant="soft",
                    on_click=QuizState.show_result(attempt.id),
                ),
            ),
        ),
        data_testid="quiz-attempt-row",
    )


def _heading() -> rx.Component:
    return blocks.row(
        rx.icon("list-checks", size=22),
        rx.heading(tr("quiz.heading"), size="5"),
        rx.cond(QuizState.overview.is_final, rx.badge(tr("quiz.final"), color_scheme="indigo")),
    )


def intro_view() -> rx.Component:
    """The settings, attempts and start button; for a quiz without questions only that it
    has none (the player's "Mark as done" is below it: services/progress)."""
    return rx.cond(
        QuizState.overview.has_questions,
        _settings_and_attempts(),
        blocks.stacked_card(_heading(), blocks.notice(tr("quiz.no_questions"), tone="info")),
    )


def _settings_and_attempts() -> rx.Component:
    overview = QuizState.overview
    return blocks.stacked_card(
        _heading(),
        rx.grid(
            fact(
                "target",
                "quiz.pass_mark",
                rx.text(overview.pass_percent, "%", weight="bold"),
            ),
            fact(
                "timer",
                "quiz.time_limit",
                rx.cond(
                    QuizState.has_time_limit,
                    rx.text(QuizState.time_limit, " ", tr("quiz.minutes"), weight="bold"),
                    rx.text(tr("quiz.no_time_limit"), weight="bold"),
                ),
            ),
            fact(
                "circle-help",
                "quiz.questions_count",
                rx.text(overview.questions_per_attempt, weight="bold"),
            ),
            fact(
                "repeat",
                "quiz.attempts_left",
                rx.cond(
                    QuizState.unlimited_attempts,
                    rx.text(tr("quiz.unlimited"), weight="bold"),
                    rx.text(QuizState.attempts_left, weight="bold"),
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2", md="4"),
            gap=GAP,
            width="100%",
        ),
        rx.cond(
            overview.passed,
            blocks.notice(
                # Passed with no attempt left: no "take it again", and no warning below.
                rx.cond(overview.can_start, tr("quiz.already_passed"), tr("quiz.passed_last")),
                tone="success",
                icon="party-popper",
            ),
        ),
        rx.cond(
            ~overview.can_start,
            rx.cond(
                overview.passed,
                rx.fragment(),
                blocks.notice(tr("quiz.out_of_attempts"), tone="warning"),
            ),
            rx.button(
                rx.icon("play", size=16),
                rx.cond(QuizState.has_open_attempt, tr("quiz.continue"), tr("quiz.start")),
                on_click=QuizState.start,
                loading=QuizState.starting,
                size="3",
            ),
        ),
        rx.divider(),
        rx.heading(tr("quiz.past_attempts"), size="3", as_="h3"),
        blocks.short_list(overview.attempts, _attempt_row, "quiz.no_attempts_yet"),
        spacing="4",
    )
