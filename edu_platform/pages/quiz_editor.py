"""The quiz part of the lesson editor: settings, the question list with right answers, and
the question editor (single/multiple choice options, text or number answers)."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.authoring_forms import labelled_switch, section
from edu_platform.components.buttons import (
    cancel_button,
    delete_action,
    dialog_buttons,
    move_buttons,
    submit_button,
)
from edu_platform.components.forms import (
    area_field,
    error_of,
    error_text,
    input_field,
    keyed,
    select_field,
)
from edu_platform.components.i18n import tr
from edu_platform.components.page_parts import FILL, field_grid
from edu_platform.services.authoring.quizzes import REVEAL_CHOICES
from edu_platform.services.authoring.views import OptionRow, QuestionRow
from edu_platform.state.lesson_editor import LessonEditorState, OptionDraft

L = LessonEditorState
QUESTION_KINDS = ("single", "multiple", "text", "number")


# The label of a quiz's number field is authoring.quiz.<its name>, except the time limit's.
NUMBER_LABELS = {"time_limit_minutes": "time_limit"}


def quiz_number(field_id: str, name: str, value: rx.Var, hint: str | None = "empty_hint"):
    """A number field of the quiz settings (`hint`: authoring.quiz.<hint> under it)."""
    return input_field(
        field_id,
        f"authoring.quiz.{NUMBER_LABELS.get(name, name)}",
        errors=L.errors,
        name=name,
        type="number",
        default_value=value,
        hint_key=hint and f"authoring.quiz.{hint}",
    )


def quiz_settings() -> rx.Component:
    return rx.form(
        blocks.column(
            field_grid(
                quiz_number("quiz-pass", "pass_percent", L.pass_percent, None),
                quiz_number("quiz-time", "time_limit_minutes", L.time_limit),
                quiz_number("quiz-attempts", "max_attempts", L.max_attempts),
                quiz_number(
                    "quiz-draw", "questions_per_attempt", L.questions_per_attempt, "all_hint"
                ),
            ),
            labelled_switch(
                "quiz-shuffle", "authoring.quiz.shuffle", L.shuffle_options, L.set_shuffle_options
            ),
            select_field(
                "quiz-reveal",
                "authoring.quiz.reveal_answers",
                keyed("authoring.quiz.reveal", REVEAL_CHOICES),
                value=L.reveal_answers,
                on_change=L.set_reveal_answers,
                error=error_of(L.errors, "reveal_answers"),
            ),
            blocks.muted(tr("authoring.quiz.reveal_hint"), size="1"),
            labelled_switch("quiz-final", "authoring.quiz.is_final", L.is_final, L.set_is_final),
            error_text(error_of(L.errors, "is_final")),
            submit_button("authoring.quiz.save", variant="soft"),
        ),
        method="post",
        on_submit=L.save_quiz,
        no_validate=True,
        reset_on_submit=False,
        key="quiz-" + L.form_key.to_string(),
    )


def option_view(option: OptionRow) -> rx.Component:
    return blocks.row(
        blocks.flag_icon(
            option.is_correct, ("circle-check", "green", 10), ("circle", "gray", 8), 14
        ),
        rx.text(option.text, size="2"),
    )


def correct_answer(*value) -> rx.Component:
    """ "Answer: <value>" in green under a question without options."""
    return rx.text(tr("authoring.question.answer"), ": ", *value, size="2", color_scheme="green")


def question_card(question: QuestionRow) -> rx.Component:
    return blocks.stacked_card(
        rx.flex(
            rx.text(
                question.number,
                ". ",
                question.text,
                weight="medium",
                size="2",
                **FILL,
            ),
            rx.match(
                question.kind,
                *[
                    (kind, rx.badge(tr(f"authoring.question.kind.{kind}"), size="1"))
                    for kind in QUESTION_KINDS
                ],
                rx.fragment(),
            ),
            gap="8px",
            width="100%",
            wrap="wrap",
        ),
        rx.foreach(question.options, option_view),
        rx.cond(question.correct_text != "", correct_answer(question.correct_text)),
        rx.cond(
            question.correct_number != "",
            correct_answer(question.correct_number, " ± ", question.tolerance),
        ),
        rx.hstack(
            rx.button(
                tr("authoring.question.edit"),
                size="1",
                variant="soft",
                on_click=L.edit_question(question.id),
            ),
            move_buttons(L.move_question, question.id, "", question.is_first, question.is_last),
            delete_action(L.delete_question(question.id)),
            spacing="1",
        ),
        spacing="2",
        data_testid="question-card",
    )


def option_editor(option: OptionDraft, index: rx.Var) -> rx.Component:
    number = (index + 1).to_string()
    return blocks.row(
        rx.checkbox(
            checked=option.is_correct,
            on_change=lambda checked: L.set_option_correct(index, checked),
            aria_label=tr("authoring.question.correct_option") + " " + number,
        ),
        rx.input(
            value=option.text,
            on_change=lambda value: L.set_option_text(index, value),
            aria_label=tr("authoring.question.option") + " " + number,
            placeholder=tr("authoring.question.option") + " " + number,
            width="100%",
        ),
        rx.icon_button(
            rx.icon("x", size=14),
            size="1",
            variant="ghost",
            color_scheme="gray",
            on_click=L.remove_option(index),
            aria_label=tr("authoring.question.remove_option") + " " + number,
        ),
        width="100%",
    )


def question_input(
    field_id: str, name: str, value: rx.Var, on_change, *, choices=None, **props
) -> rx.Component:
    """A field of the question being edited (a select of `choices` where it has them): its
    label `authoring.question.<name>` and the server's message for `name` under it."""
    label_key = f"authoring.question.{name}"
    bound = {"value": value, "on_change": on_change, "error": error_of(L.question_errors, name)}
    if choices is not None:
        return select_field(field_id, label_key, keyed(label_key, choices), **bound, **props)
    return input_field(field_id, label_key, **bound, **props)


def question_editor() -> rx.Component:
    errors = L.question_errors
    return blocks.stacked_card(
        rx.heading(
            rx.cond(L.question_id > 0, tr("authoring.question.edit"), tr("authoring.question.new")),
            size="3",
        ),
        question_input(
            "question-kind", "kind", L.question_kind, L.set_question_kind, choices=QUESTION_KINDS
        ),
        area_field(
            "question-text",
            "authoring.question.text",
            value=L.question_text,
            on_change=L.set_question_text,
            rows="3",
            error=error_of(errors, "text"),
        ),
        question_input(
            "question-points",
            "points",
            L.question_points,
            L.set_question_points,
            type="number",
            width="120px",
            box={"width": "auto"},
        ),
        rx.cond(
            L.is_choice,
            blocks.column(
                rx.text(tr("authoring.question.options_label"), size="2", weight="medium"),
                rx.foreach(L.options, option_editor),
                rx.button(
                    rx.icon("plus", size=14),
                    tr("authoring.question.add_option"),
                    size="1",
                    variant="soft",
                    on_click=L.add_option,
                    type="button",
                ),
                error_text(error_of(errors, "options")),
                spacing="2",
            ),
        ),
        rx.cond(
            L.question_kind == "text",
            question_input(
                "question-correct-text", "correct_text", L.correct_text, L.set_correct_text
            ),
        ),
        rx.cond(
            L.question_kind == "number",
            field_grid(
                question_input(
                    "question-number",
                    "correct_number",
                    L.correct_number,
                    L.set_correct_number,
                    input_mode="decimal",
                ),
                question_input(
                    "question-tolerance",
                    "tolerance",
                    L.tolerance,
                    L.set_tolerance,
                    input_mode="decimal",
                ),
                columns="2",
            ),
        ),
        dialog_buttons(
            cancel_button("authoring.cancel", close=False, on_click=L.cancel_question),
            rx.button(tr("authoring.question.save"), on_click=L.save_question, type="button"),
        ),
        variant="surface",
        data_testid="question-editor",
    )


def quiz_section() -> rx.Component:
    return rx.fragment(
        section("authoring.quiz.title", quiz_settings()),
        section(
            "authoring.questions.title",
            blocks.list_or_empty(
                L.questions,
                question_card,
                rx.callout(tr("authoring.questions.empty"), icon="circle-help", width="100%"),
                spacing="2",
            ),
            error_text(error_of(L.errors, "questions")),
            rx.cond(
                L.question_open,
                question_editor(),
                rx.button(
                    rx.icon("plus", size=14),
                    tr("authoring.question.add"),
                    on_click=L.new_question,
                    variant="soft",
                ),
            ),
        ),
    )
