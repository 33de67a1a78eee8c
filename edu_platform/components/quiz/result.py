"""The result of a submitted attempt: score, per-question marks, the right answers when
the quiz's reveal policy allows them."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.i18n import tr, tr_var
from edu_platform.components.quiz.common import outcome_badge, question_heading
from edu_platform.services.quizzes import OptionResult, QuestionResult
from edu_platform.state.quiz import QuizState


def _option_result(item: OptionResult) -> rx.Component:
    return blocks.row(
        blocks.flag_icon(item.selected, ("square-check", "accent", 10), ("square", "gray", 8), 16),
        rx.text(item.text, size="2"),
        rx.cond(item.selected, rx.badge(tr("quiz.your_choice"), variant="soft")),
        rx.cond(item.correct, rx.badge(tr("quiz.correct_option"), color_scheme="green")),
        wrap="wrap",
    )


def _answer_line(label_key: str, answer, color: str | None = None) -> rx.Component:
    """ "<label>: <answer>" of a typed question's result (the correct one in green)."""
    return rx.text(tr(label_key), ": ", answer, size="2", color_scheme=color)


def _typed_result(question: QuestionResult) -> rx.Component:
    """A typed question's answer, and the correct one where it may be shown."""
    return rx.vstack(
        _answer_line(
            "quiz.your_answer",
            rx.cond(question.answered, question.your_answer, tr("quiz.no_answer")),
        ),
        rx.cond(
            question.correct_answer != "",
            _answer_line("quiz.correct_answer", question.correct_answer, "green"),
        ),
        spacing="1",
    )


def _question_result(question: QuestionResult) -> rx.Component:
    return blocks.stacked_card(
        rx.hstack(
            blocks.flag_icon(
                question.is_correct, ("circle-check", "green", 10), ("circle-x", "red", 10), 18
            ),
            question_heading(question, "2"),
            rx.spacer(),
            rx.cond(
                question.is_correct,
                rx.badge(tr("quiz.right"), color_scheme="green"),
                rx.badge(tr("quiz.wrong"), color_scheme="red"),
            ),
            align="start",
            width="100%",
            spacing="2",
        ),
        rx.cond(
            (question.kind == "single") | (question.kind == "multiple"),
            rx.vstack(rx.foreach(question.options, _option_result), spacing="1"),
            _typed_result(question),
        ),
        spacing="2",
        data_testid="quiz-question-result",
    )


def _score_card() -> rx.Component:
    """The score, the points against the pass mark, and the notes on how the attempt ended."""
    result = QuizState.result
    return blocks.stacked_card(
        blocks.row(
            rx.heading(tr("quiz.score"), size="4", as_="h3"),
            rx.el.span(outcome_badge(result.passed), data_testid="quiz-outcome"),
            spacing="3",
        ),
        rx.heading(result.score_percent, "%", size="8", data_testid="quiz-score"),
        blocks.muted(
            tr("quiz.points_earned"),
            ": ",
            result.points_earned,
            " ",
            tr("quiz.of"),
            " ",
            result.points_total,
            " · ",
            tr("quiz.pass_mark"),
            ": ",
            result.pass_percent,
            "%",
        ),
        rx.cond(result.late, blocks.notice(tr("quiz.late"), tone="warning", icon="timer-off")),
        rx.cond(
            result.course_completed & result.passed,
            blocks.notice(tr("quiz.course_completed"), tone="success", icon="award"),
        ),
        rx.cond(
            ~result.show_correct_answers,
            blocks.notice(
                tr_var(QuizState.reveal_note, "quiz.reveal.", "quiz.answers_hidden"),
                icon="eye-off",
                data_testid="quiz-reveal-note",
            ),
        ),
    )


def result_view() -> rx.Component:
    result = QuizState.result
    return blocks.column(
        _score_card(),
        rx.foreach(result.questions, _question_result),
        rx.flex(
            rx.cond(
                result.can_retry,
                blocks.icon_button(
                    "rotate-ccw",
                    "quiz.try_again",
                    on_click=QuizState.start,
                    loading=QuizState.starting,
                ),
            ),
            rx.button(tr("quiz.back"), variant="soft", on_click=QuizState.back_to_intro),
            gap="12px",
            wrap="wrap",
        ),
        spacing="4",
    )
