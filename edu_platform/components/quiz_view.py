"""The quiz inside the course player: intro with past attempts, the questions, the result."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr
from edu_platform.services.quizzes import (
    AttemptSummary,
    OptionResult,
    OptionView,
    QuestionResult,
    QuestionView,
)
from edu_platform.state.quiz import QuizState

GAP = "16px"


def _fact(icon: str, label_key: str, value: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=18, color=rx.color("accent", 10)),
        rx.vstack(
            rx.text(tr(label_key), size="1", color_scheme="gray"),
            value,
            spacing="0",
        ),
        align="center",
        spacing="3",
    )


def _outcome_badge(passed: rx.Var) -> rx.Component:
    return rx.cond(
        passed,
        rx.badge(rx.icon("circle-check", size=14), tr("quiz.passed"), color_scheme="green"),
        rx.badge(rx.icon("circle-x", size=14), tr("quiz.failed"), color_scheme="red"),
    )


# --- intro ---------------------------------------------------------------------------------


def _attempt_row(attempt: AttemptSummary) -> rx.Component:
    return rx.hstack(
        rx.text(tr("quiz.attempt"), " ", attempt.number, size="2", weight="medium"),
        rx.text(
            rx.moment(attempt.started_at, format="DD.MM.YYYY HH:mm"),
            size="1",
            color_scheme="gray",
        ),
        rx.spacer(),
        rx.cond(
            attempt.is_open,
            rx.badge(tr("quiz.in_progress"), color_scheme="amber"),
            rx.hstack(
                rx.text(attempt.score_percent, "%", size="2", weight="bold"),
                _outcome_badge(attempt.passed),
                rx.button(
                    tr("quiz.view_result"),
                    size="1",
                    variant="soft",
                    on_click=QuizState.show_result(attempt.id),
                ),
                align="center",
                spacing="2",
            ),
        ),
        align="center",
        width="100%",
        wrap="wrap",
        spacing="3",
        data_testid="quiz-attempt-row",
    )


def intro_view() -> rx.Component:
    overview = QuizState.overview
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("list-checks", size=22),
                rx.heading(tr("quiz.heading"), size="5"),
                rx.cond(overview.is_final, rx.badge(tr("quiz.final"), color_scheme="indigo")),
                align="center",
                spacing="2",
            ),
            rx.grid(
                _fact(
                    "target",
                    "quiz.pass_mark",
                    rx.text(overview.pass_percent, "%", weight="bold"),
                ),
                _fact(
                    "timer",
                    "quiz.time_limit",
                    rx.cond(
                        QuizState.has_time_limit,
                        rx.text(QuizState.time_limit, " ", tr("quiz.minutes"), weight="bold"),
                        rx.text(tr("quiz.no_time_limit"), weight="bold"),
                    ),
                ),
                _fact(
                    "circle-help",
                    "quiz.questions_count",
                    rx.text(overview.questions_per_attempt, weight="bold"),
                ),
                _fact(
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
                rx.callout(
                    tr("quiz.already_passed"),
                    icon="party-popper",
                    color_scheme="green",
                    width="100%",
                ),
            ),
            rx.cond(
                ~overview.can_start,
                rx.callout(
                    tr("quiz.out_of_attempts"), icon="info", color_scheme="amber", width="100%"
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
            rx.cond(
                overview.attempts.length() > 0,
                rx.vstack(rx.foreach(overview.attempts, _attempt_row), spacing="2", width="100%"),
                rx.text(tr("quiz.no_attempts_yet"), size="2", color_scheme="gray"),
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


# --- questions -----------------------------------------------------------------------------


def _legend(question: QuestionView, legend_id: rx.Var) -> rx.Component:
    return rx.el.legend(
        rx.text(
            tr("quiz.question"),
            " ",
            question.number,
            ". ",
            question.text,
            size="3",
            weight="medium",
        ),
        id=legend_id,
        margin_bottom="4px",
    )


def _hint(question: QuestionView) -> rx.Component:
    return rx.text(
        rx.match(
            question.kind,
            ("single", tr("quiz.choose_one")),
            ("multiple", tr("quiz.choose_many")),
            ("text", tr("quiz.text_hint")),
            tr("quiz.number_hint"),
        ),
        " · ",
        question.points,
        " ",
        tr("quiz.points"),
        size="1",
        color_scheme="gray",
    )


def _single_choice(question: QuestionView, legend_id: rx.Var) -> rx.Component:
    key = question.id.to_string()

    def option(item: OptionView) -> rx.Component:
        return rx.text(
            rx.flex(rx.radio_group.item(value=item.id.to_string()), item.text, gap="8px"),
            as_="label",
            size="2",
        )

    return rx.radio_group.root(
        rx.vstack(rx.foreach(question.options, option), spacing="2"),
        value=QuizState.single[key],
        on_change=QuizState.choose(question.id),
        aria_labelledby=legend_id,
        disabled=QuizState.submitting,
    )


def _multiple_choice(question: QuestionView) -> rx.Component:
    key = question.id.to_string()

    def option(item: OptionView) -> rx.Component:
        return rx.checkbox(
            item.text,
            checked=QuizState.multi[key].contains(item.id.to_string()),
            on_change=QuizState.toggle(question.id, item.id),
            disabled=QuizState.submitting,
        )

    return rx.vstack(rx.foreach(question.options, option), spacing="2")


def _typed_answer(question: QuestionView, legend_id: rx.Var) -> rx.Component:
    key = question.id.to_string()
    input_id = "quiz-answer-" + key
    label_id = "quiz-answer-label-" + key
    return rx.vstack(
        rx.el.label(
            rx.text(tr("quiz.answer"), size="1", color_scheme="gray"),
            html_for=input_id,
            id=label_id,
        ),
        rx.input(
            id=input_id,
            value=QuizState.texts[key],
            on_change=QuizState.type_answer(question.id),
            on_blur=QuizState.save_typed(question.id),
            input_mode=rx.cond(question.kind == "number", "decimal", "text"),
            aria_labelledby=legend_id + " " + label_id,
            auto_complete="off",
            max_length=500,
            disabled=QuizState.submitting,
            width=rx.breakpoints(initial="100%", sm="320px"),
        ),
        spacing="1",
        width="100%",
    )


def _question_card(question: QuestionView) -> rx.Component:
    legend_id = "quiz-question-" + question.id.to_string()
    return rx.card(
        rx.el.fieldset(
            _legend(question, legend_id),
            rx.vstack(
                _hint(question),
                rx.match(
                    question.kind,
                    ("single", _single_choice(question, legend_id)),
                    ("multiple", _multiple_choice(question)),
                    _typed_answer(question, legend_id),
                ),
                spacing="3",
                width="100%",
            ),
            border="none",
            padding="0",
            margin="0",
            min_width="0",
        ),
        width="100%",
    )


def countdown() -> rx.Component:
    return rx.cond(
        QuizState.timed,
        rx.badge(
            rx.icon("timer", size=16),
            tr("quiz.time_left"),
            ": ",
            rx.el.span(QuizState.remaining_label, data_testid="quiz-countdown"),
            role="timer",
            aria_live="off",
            size="3",
            color_scheme=rx.cond(QuizState.remaining_seconds < 60, "red", "indigo"),
        ),
    )


def attempt_view() -> rx.Component:
    attempt = QuizState.attempt
    return rx.vstack(
        rx.hstack(
            rx.heading(tr("quiz.attempt"), " ", attempt.number, size="4", as_="h3"),
            rx.spacer(),
            countdown(),
            align="center",
            width="100%",
            wrap="wrap",
            # The time left stays in sight while the learner scrolls (below the header).
            position="sticky",
            top=rx.breakpoints(initial="104px", lg="57px"),
            z_index="5",
            padding_y="8px",
            background=rx.color("gray", 1),
        ),
        rx.foreach(attempt.questions, _question_card),
        rx.text(tr("quiz.submit_hint"), size="1", color_scheme="gray"),
        rx.button(
            rx.icon("send", size=16),
            tr("quiz.submit"),
            on_click=QuizState.submit,
            loading=QuizState.submitting,
            disabled=QuizState.submitting,
            size="3",
        ),
        spacing="4",
        width="100%",
    )


# --- result --------------------------------------------------------------------------------


def _option_result(item: OptionResult) -> rx.Component:
    return rx.hstack(
        rx.cond(
            item.selected,
            rx.icon("square-check", size=16, color=rx.color("accent", 10)),
            rx.icon("square", size=16, color=rx.color("gray", 8)),
        ),
        rx.text(item.text, size="2"),
        rx.cond(item.selected, rx.badge(tr("quiz.your_choice"), variant="soft")),
        rx.cond(item.correct, rx.badge(tr("quiz.correct_option"), color_scheme="green")),
        align="center",
        spacing="2",
        wrap="wrap",
    )


def _question_result(question: QuestionResult) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(
                    question.is_correct,
                    rx.icon("circle-check", size=18, color=rx.color("green", 10)),
                    rx.icon("circle-x", size=18, color=rx.color("red", 10)),
                ),
                rx.text(
                    tr("quiz.question"),
                    " ",
                    question.number,
                    ". ",
                    question.text,
                    size="2",
                    weight="medium",
                ),
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
                rx.vstack(
                    rx.text(
                        tr("quiz.your_answer"),
                        ": ",
                        rx.cond(question.answered, question.your_answer, tr("quiz.no_answer")),
                        size="2",
                    ),
                    rx.cond(
                        question.correct_answer != "",
                        rx.text(
                            tr("quiz.correct_answer"),
                            ": ",
                            question.correct_answer,
                            size="2",
                            color_scheme="green",
                        ),
                    ),
                    spacing="1",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="quiz-question-result",
    )


def result_view() -> rx.Component:
    result = QuizState.result
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(tr("quiz.score"), size="4", as_="h3"),
                    rx.el.span(_outcome_badge(result.passed), data_testid="quiz-outcome"),
                    align="center",
                    spacing="3",
                ),
                rx.heading(result.score_percent, "%", size="8", data_testid="quiz-score"),
                rx.text(
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
                    size="2",
                    color_scheme="gray",
                ),
                rx.cond(
                    result.late,
                    rx.callout(
                        tr("quiz.late"), icon="timer-off", color_scheme="amber", width="100%"
                    ),
                ),
                rx.cond(
                    result.course_completed & result.passed,
                    rx.callout(
                        tr("quiz.course_completed"),
                        icon="award",
                        color_scheme="green",
                        width="100%",
                    ),
                ),
                rx.cond(
                    ~result.show_correct_answers,
                    rx.callout(tr("quiz.answers_hidden"), icon="eye-off", width="100%"),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        rx.foreach(result.questions, _question_result),
        rx.flex(
            rx.cond(
                result.can_retry,
                rx.button(
                    rx.icon("rotate-ccw", size=16),
                    tr("quiz.try_again"),
                    on_click=QuizState.start,
                    loading=QuizState.starting,
                ),
            ),
            rx.button(tr("quiz.back"), variant="soft", on_click=QuizState.back_to_intro),
            gap="12px",
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
    )


# --- the panel -----------------------------------------------------------------------------


def quiz_panel(lesson_id: rx.Var) -> rx.Component:
    """Everything the player shows for a quiz lesson; loads itself when mounted."""
    return rx.box(
        rx.cond(
            QuizState.lesson_id == lesson_id,
            rx.match(
                QuizState.stage,
                (
                    "error",
                    rx.callout(
                        QuizState.error,
                        icon="triangle-alert",
                        color_scheme="red",
                        role="alert",
                        width="100%",
                    ),
                ),
                ("intro", intro_view()),
                ("attempt", attempt_view()),
                ("result", result_view()),
                rx.skeleton(height="240px", width="100%"),
            ),
            rx.skeleton(height="240px", width="100%"),
        ),
        on_mount=QuizState.load(lesson_id),
        key=lesson_id,
        width="100%",
        data_testid="quiz-panel",
    )
