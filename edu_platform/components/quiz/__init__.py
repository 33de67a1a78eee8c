"""The quiz inside the course player: intro with past attempts, the questions, the result."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.quiz.intro import intro_view
from edu_platform.components.quiz.questions import attempt_view
from edu_platform.components.quiz.result import result_view
from edu_platform.state.quiz import QuizState

__all__ = ["quiz_panel"]


def quiz_panel(lesson_id: rx.Var) -> rx.Component:
    """Everything the player shows for a quiz lesson (loaded by the player's page load:
    `QuizState.load_with_player`)."""
    return rx.box(
        rx.cond(
            QuizState.lesson_id == lesson_id,
            rx.match(
                QuizState.stage,
                (
                    "error",
                    blocks.notice(QuizState.error, tone="error", icon="triangle-alert"),
                ),
                ("intro", intro_view()),
                ("attempt", attempt_view()),
                ("result", result_view()),
                rx.skeleton(height="240px", width="100%"),
            ),
            rx.skeleton(height="240px", width="100%"),
        ),
        key=lesson_id,
        width="100%",
        data_testid="quiz-panel",
    )
