"""An attempt in progress: the questions, the countdown, and submitting with a confirmation."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.buttons import busy_button, cancel_button, dialog_buttons
from edu_platform.components.forms import fieldset_group
from edu_platform.components.i18n import tr
from edu_platform.components.quiz.common import question_heading
from edu_platform.components.quiz.countdown import countdown as client_countdown
from edu_platform.services.quizzes import OptionView, QuestionView
from edu_platform.state.quiz import QuizState


def _legend(question: QuestionView, legend_id: rx.Var) -> rx.Component:
    return rx.el.legend(
        question_heading(question, "3"),
        id=legend_id,
        margin_bottom="4px",
    )


def _hint(question: QuestionView) -> rx.Component:
    return blocks.muted(
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
    error_id = "quiz-answer-error-" + key
    wrong = QuizState.not_numbers.contains(key)
    return blocks.column(
        rx.el.label(
            blocks.muted(tr("quiz.answer"), size="1"),
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
            aria_invalid=rx.cond(wrong, "true", "false"),
            aria_describedby=rx.cond(wrong, error_id, ""),
            auto_complete="off",
            max_length=500,
            disabled=QuizState.submitting,
            width=rx.breakpoints(initial="100%", sm="320px"),
        ),
        rx.cond(
            wrong,
            rx.text(
                tr("quiz.not_a_number"), id=error_id, color_scheme="red", size="2", role="alert"
            ),
        ),
        spacing="1",
    )


def _question_card(question: QuestionView) -> rx.Component:
    legend_id = "quiz-question-" + question.id.to_string()
    return rx.card(
        fieldset_group(
            _legend(question, legend_id),
            blocks.column(
                _hint(question),
                rx.match(
                    question.kind,
                    ("single", _single_choice(question, legend_id)),
                    ("multiple", _multiple_choice(question)),
                    _typed_answer(question, legend_id),
                ),
            ),
            min_width="0",
        ),
        width="100%",
    )


def countdown() -> rx.Component:
    """The time left, counted down in the browser (components/quiz/countdown.py)."""
    return rx.cond(
        QuizState.timed,
        client_countdown(QuizState.deadline_ms, QuizState.time_up),
    )


def submit_with_confirmation() -> rx.Component:
    """ "Submit answers" opens a dialog with the number of unanswered questions; only its
    own button submits (the countdown submits by itself when the time is up)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            busy_button(
                rx.icon("send", size=16), tr("quiz.submit"), busy=QuizState.submitting, size="3"
            ),
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(tr("quiz.confirm.title")),
            rx.alert_dialog.description(
                rx.cond(
                    QuizState.unanswered_count > 0,
                    rx.text(
                        tr("quiz.confirm.unanswered"),
                        ": ",
                        rx.el.strong(
                            QuizState.unanswered_count, data_testid="quiz-unanswered-count"
                        ),
                        " / ",
                        QuizState.question_count,
                        ". ",
                        tr("quiz.confirm.final"),
                    ),
                    rx.text(tr("quiz.confirm.all_answered"), " ", tr("quiz.confirm.final")),
                ),
                size="2",
            ),
            dialog_buttons(
                rx.alert_dialog.cancel(cancel_button("quiz.confirm.cancel", close=False)),
                rx.alert_dialog.action(
                    rx.button(tr("quiz.confirm.submit"), on_click=QuizState.submit),
                ),
                margin_top="16px",
            ),
            max_width="440px",
        ),
    )


def attempt_view() -> rx.Component:
    attempt = QuizState.attempt
    return blocks.column(
        blocks.toolbar(
            rx.heading(tr("quiz.attempt"), " ", attempt.number, size="4", as_="h3"),
            rx.spacer(),
            countdown(),
            # The time left stays in sight while the learner scrolls (below the header).
            position="sticky",
            top=rx.breakpoints(initial="104px", lg="57px"),
            z_index="5",
            padding_y="8px",
            background=rx.color("gray", 1),
        ),
        rx.foreach(attempt.questions, _question_card),
        blocks.muted(tr("quiz.submit_hint"), size="1"),
        submit_with_confirmation(),
        spacing="4",
    )
