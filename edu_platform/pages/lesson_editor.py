"""The lesson editor dialog (part of the course editor page): the lesson's text, its video,
its attachments, and for a quiz lesson the quiz settings and questions."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.authoring_forms import labelled_switch, markdown_editor
from edu_platform.components.i18n import tr
from edu_platform.services.authoring.views import AttachmentRow, OptionRow, QuestionRow
from edu_platform.state.lesson_editor import (
    ATTACHMENT_UPLOAD_ID,
    VIDEO_UPLOAD_ID,
    LessonEditorState,
    OptionDraft,
)

L = LessonEditorState
KIND_ICONS = {"text": "file-text", "video": "video", "quiz": "list-checks"}
QUESTION_KINDS = ("single", "multiple", "text", "number")
VIDEO_TYPES = {"video/mp4": [".mp4"], "video/webm": [".webm"]}
ATTACHMENT_TYPES = {
    "application/pdf": [".pdf"],
    "application/zip": [".zip"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": [".pptx"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
    "text/plain": [".txt"],
    "text/markdown": [".md"],
    "image/png": [".png"],
    "image/jpeg": [".jpg", ".jpeg"],
}


def error_line(errors: rx.Var, name: str) -> rx.Component:
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name], size="2", color_scheme="red", role="alert"),
    )


def text_input(
    input_id: str,
    name: str,
    label_key: str,
    default_value: rx.Var,
    type_: str = "text",
    hint_key: str | None = None,
) -> rx.Component:
    """An uncontrolled input inside the dialog's forms, labelled, with its server error."""
    return rx.vstack(
        rx.el.label(rx.text(tr(label_key), size="2", weight="medium"), html_for=input_id),
        rx.input(id=input_id, name=name, type=type_, default_value=default_value, width="100%"),
        rx.cond(
            L.errors.contains(name),
            rx.text(L.errors[name], size="2", color_scheme="red", role="alert"),
            rx.text(tr(hint_key), size="1", color_scheme="gray") if hint_key else rx.fragment(),
        ),
        spacing="1",
        width="100%",
    )


def section(title_key: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.divider(),
        rx.heading(tr(title_key), size="3"),
        *children,
        spacing="3",
        width="100%",
    )


# --- the lesson's own fields ----------------------------------------------------------------


def lesson_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            text_input("lesson-title", "title", "authoring.field.title", L.title),
            rx.grid(
                text_input(
                    "lesson-duration",
                    "duration_minutes",
                    "authoring.lesson.duration",
                    L.duration,
                    type_="number",
                ),
                rx.box(
                    labelled_switch(
                        "lesson-preview",
                        "authoring.lesson.is_preview",
                        L.is_preview,
                        L.set_is_preview,
                    ),
                    padding_top="24px",
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            rx.cond(
                L.kind == "video",
                text_input(
                    "lesson-video-url",
                    "video_url",
                    "authoring.lesson.video_url",
                    L.video_url,
                    type_="url",
                    hint_key="authoring.lesson.video_url_hint",
                ),
            ),
            markdown_editor(
                "lesson-body",
                "authoring.lesson.body",
                L.body,
                L.set_body,
                L.errors,
                "body",
                rows="8",
            ),
            rx.button(tr("authoring.lesson.save"), type="submit", loading=L.saving),
            spacing="3",
            width="100%",
        ),
        on_submit=L.save_lesson,
        reset_on_submit=False,
        key="lesson-" + L.form_key.to_string(),
    )


def upload_button(upload_id: str, label_key: str, accept: dict, on_drop, on_rejected):
    return rx.upload.root(
        rx.button(
            rx.icon("upload", size=16),
            tr(label_key),
            type="button",
            variant="surface",
            loading=L.uploading,
        ),
        id=upload_id,
        accept=accept,
        max_files=1,
        multiple=False,
        max_size=L.max_upload_bytes,
        on_drop=on_drop,
        on_drop_rejected=on_rejected,
        border="none",
        padding="0",
    )


def video_section() -> rx.Component:
    return section(
        "authoring.video.title",
        rx.cond(
            L.video_file != "",
            rx.vstack(
                rx.el.video(
                    src=L.video_preview_url,
                    controls=True,
                    preload="metadata",
                    style={
                        "width": "100%",
                        "max_height": "240px",
                        "background": "black",
                        "border_radius": "8px",
                    },
                ),
                rx.hstack(
                    rx.icon("file-video", size=16),
                    rx.text(
                        tr("authoring.video.current"),
                        " ",
                        L.video_file,
                        size="2",
                        data_testid="video-file",
                    ),
                    rx.button(
                        tr("authoring.video.remove"),
                        size="1",
                        variant="ghost",
                        color_scheme="red",
                        on_click=L.remove_video,
                    ),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                spacing="2",
                width="100%",
            ),
            rx.text(tr("authoring.video.none"), size="2", color_scheme="gray"),
        ),
        upload_button(
            VIDEO_UPLOAD_ID,
            "authoring.video.upload",
            VIDEO_TYPES,
            L.upload_video(rx.upload_files(upload_id=VIDEO_UPLOAD_ID)),
            L.video_rejected,
        ),
        rx.text(tr("authoring.video.hint"), size="1", color_scheme="gray"),
        error_line(L.errors, "video"),
    )


def attachment_row(row: AttachmentRow) -> rx.Component:
    return rx.hstack(
        rx.icon("paperclip", size=14),
        rx.link(row.filename, href=row.url, is_external=True, size="2"),
        rx.text(row.size_label, size="1", color_scheme="gray"),
        rx.spacer(),
        rx.icon_button(
            rx.icon("trash-2", size=14),
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=L.delete_attachment(row.id),
            aria_label=tr("authoring.delete") + " " + row.filename,
        ),
        align="center",
        width="100%",
        data_testid="attachment-row",
    )


def attachments_section() -> rx.Component:
    return section(
        "authoring.attachments.title",
        rx.cond(
            L.attachments.length() == 0,
            rx.text(tr("authoring.attachments.none"), size="2", color_scheme="gray"),
            rx.vstack(rx.foreach(L.attachments, attachment_row), spacing="2", width="100%"),
        ),
        upload_button(
            ATTACHMENT_UPLOAD_ID,
            "authoring.attachments.upload",
            ATTACHMENT_TYPES,
            L.upload_attachment(rx.upload_files(upload_id=ATTACHMENT_UPLOAD_ID)),
            L.attachment_rejected,
        ),
        rx.text(tr("authoring.attachments.hint"), size="1", color_scheme="gray"),
        error_line(L.errors, "attachment"),
    )


# --- quiz -----------------------------------------------------------------------------------


def quiz_settings() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                text_input(
                    "quiz-pass",
                    "pass_percent",
                    "authoring.quiz.pass_percent",
                    L.pass_percent,
                    type_="number",
                ),
                text_input(
                    "quiz-time",
                    "time_limit_minutes",
                    "authoring.quiz.time_limit",
                    L.time_limit,
                    type_="number",
                    hint_key="authoring.quiz.empty_hint",
                ),
                text_input(
                    "quiz-attempts",
                    "max_attempts",
                    "authoring.quiz.max_attempts",
                    L.max_attempts,
                    type_="number",
                    hint_key="authoring.quiz.empty_hint",
                ),
                text_input(
                    "quiz-draw",
                    "questions_per_attempt",
                    "authoring.quiz.questions_per_attempt",
                    L.questions_per_attempt,
                    type_="number",
                    hint_key="authoring.quiz.all_hint",
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            labelled_switch(
                "quiz-shuffle", "authoring.quiz.shuffle", L.shuffle_options, L.set_shuffle_options
            ),
            labelled_switch(
                "quiz-show",
                "authoring.quiz.show_correct",
                L.show_correct_answers,
                L.set_show_correct_answers,
            ),
            labelled_switch("quiz-final", "authoring.quiz.is_final", L.is_final, L.set_is_final),
            error_line(L.errors, "is_final"),
            rx.button(tr("authoring.quiz.save"), type="submit", variant="soft"),
            spacing="3",
            width="100%",
        ),
        on_submit=L.save_quiz,
        reset_on_submit=False,
        key="quiz-" + L.form_key.to_string(),
    )


def option_view(option: OptionRow) -> rx.Component:
    return rx.hstack(
        rx.cond(
            option.is_correct,
            rx.icon("circle-check", size=14, color=rx.color("green", 10)),
            rx.icon("circle", size=14, color=rx.color("gray", 8)),
        ),
        rx.text(option.text, size="2"),
        spacing="2",
        align="center",
    )


def question_card(question: QuestionRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.text(
                    question.number,
                    ". ",
                    question.text,
                    weight="medium",
                    size="2",
                    flex="1",
                    min_width="0",
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
            rx.cond(
                question.correct_text != "",
                rx.text(
                    tr("authoring.question.answer"),
                    ": ",
                    question.correct_text,
                    size="2",
                    color_scheme="green",
                ),
            ),
            rx.cond(
                question.correct_number != "",
                rx.text(
                    tr("authoring.question.answer"),
                    ": ",
                    question.correct_number,
                    " ± ",
                    question.tolerance,
                    size="2",
                    color_scheme="green",
                ),
            ),
            rx.hstack(
                rx.button(
                    tr("authoring.question.edit"),
                    size="1",
                    variant="soft",
                    on_click=L.edit_question(question.id),
                ),
                rx.icon_button(
                    rx.icon("arrow-up", size=14),
                    size="1",
                    variant="soft",
                    color_scheme="gray",
                    disabled=question.is_first,
                    on_click=L.move_question(question.id, "up"),
                    aria_label=tr("authoring.move_up"),
                ),
                rx.icon_button(
                    rx.icon("arrow-down", size=14),
                    size="1",
                    variant="soft",
                    color_scheme="gray",
                    disabled=question.is_last,
                    on_click=L.move_question(question.id, "down"),
                    aria_label=tr("authoring.move_down"),
                ),
                rx.icon_button(
                    rx.icon("trash-2", size=14),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=L.delete_question(question.id),
                    aria_label=tr("authoring.delete"),
                ),
                spacing="1",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="question-card",
    )


def option_editor(option: OptionDraft, index: rx.Var) -> rx.Component:
    number = (index + 1).to_string()
    return rx.hstack(
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
        align="center",
        spacing="2",
        width="100%",
    )


def question_editor() -> rx.Component:
    errors = L.question_errors
    return rx.card(
        rx.vstack(
            rx.heading(
                rx.cond(
                    L.question_id > 0, tr("authoring.question.edit"), tr("authoring.question.new")
                ),
                size="3",
            ),
            rx.vstack(
                rx.el.label(
                    rx.text(tr("authoring.question.kind"), size="2", weight="medium"),
                    html_for="question-kind",
                ),
                rx.select.root(
                    rx.select.trigger(id="question-kind", width="100%"),
                    rx.select.content(
                        *[
                            rx.select.item(tr(f"authoring.question.kind.{kind}"), value=kind)
                            for kind in QUESTION_KINDS
                        ]
                    ),
                    value=L.question_kind,
                    on_change=L.set_question_kind,
                ),
                error_line(errors, "kind"),
                spacing="1",
                width="100%",
            ),
            rx.vstack(
                rx.el.label(
                    rx.text(tr("authoring.question.text"), size="2", weight="medium"),
                    html_for="question-text",
                ),
                rx.text_area(
                    id="question-text",
                    value=L.question_text,
                    on_change=L.set_question_text,
                    rows="3",
                    width="100%",
                ),
                error_line(errors, "text"),
                spacing="1",
                width="100%",
            ),
            rx.vstack(
                rx.el.label(
                    rx.text(tr("authoring.question.points"), size="2", weight="medium"),
                    html_for="question-points",
                ),
                rx.input(
                    id="question-points",
                    type="number",
                    value=L.question_points,
                    on_change=L.set_question_points,
                    width="120px",
                ),
                error_line(errors, "points"),
                spacing="1",
            ),
            rx.cond(
                L.is_choice,
                rx.vstack(
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
                    error_line(errors, "options"),
                    spacing="2",
                    width="100%",
                ),
            ),
            rx.cond(
                L.question_kind == "text",
                rx.vstack(
                    rx.el.label(
                        rx.text(tr("authoring.question.correct_text"), size="2", weight="medium"),
                        html_for="question-correct-text",
                    ),
                    rx.input(
                        id="question-correct-text",
                        value=L.correct_text,
                        on_change=L.set_correct_text,
                        width="100%",
                    ),
                    error_line(errors, "correct_text"),
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.cond(
                L.question_kind == "number",
                rx.grid(
                    rx.vstack(
                        rx.el.label(
                            rx.text(
                                tr("authoring.question.correct_number"), size="2", weight="medium"
                            ),
                            html_for="question-number",
                        ),
                        rx.input(
                            id="question-number",
                            value=L.correct_number,
                            on_change=L.set_correct_number,
                            width="100%",
                            input_mode="decimal",
                        ),
                        error_line(errors, "correct_number"),
                        spacing="1",
                    ),
                    rx.vstack(
                        rx.el.label(
                            rx.text(tr("authoring.question.tolerance"), size="2", weight="medium"),
                            html_for="question-tolerance",
                        ),
                        rx.input(
                            id="question-tolerance",
                            value=L.tolerance,
                            on_change=L.set_tolerance,
                            width="100%",
                            input_mode="decimal",
                        ),
                        error_line(errors, "tolerance"),
                        spacing="1",
                    ),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
            ),
            rx.hstack(
                rx.button(
                    tr("authoring.cancel"),
                    variant="soft",
                    color_scheme="gray",
                    on_click=L.cancel_question,
                    type="button",
                ),
                rx.button(tr("authoring.question.save"), on_click=L.save_question, type="button"),
                justify="end",
                width="100%",
                spacing="3",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        variant="surface",
        data_testid="question-editor",
    )


def quiz_section() -> rx.Component:
    return rx.fragment(
        section("authoring.quiz.title", quiz_settings()),
        section(
            "authoring.questions.title",
            rx.cond(
                L.questions.length() == 0,
                rx.callout(tr("authoring.questions.empty"), icon="circle-help", width="100%"),
                rx.vstack(rx.foreach(L.questions, question_card), spacing="2", width="100%"),
            ),
            error_line(L.errors, "questions"),
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


def lesson_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.flex(
                rx.dialog.title(L.title, margin="0"),
                rx.spacer(),
                rx.dialog.close(
                    rx.icon_button(
                        rx.icon("x", size=16),
                        variant="ghost",
                        color_scheme="gray",
                        aria_label=tr("authoring.close"),
                    )
                ),
                align="center",
                width="100%",
            ),
            rx.dialog.description(
                tr("authoring.lesson.dialog_hint"), size="2", color_scheme="gray"
            ),
            rx.cond(
                L.loading,
                rx.vstack(
                    rx.skeleton(height="40px", width="100%"),
                    rx.skeleton(height="160px", width="100%"),
                    width="100%",
                    padding_top="12px",
                ),
                rx.vstack(
                    lesson_form(),
                    rx.cond(L.kind == "video", video_section()),
                    rx.cond(L.kind == "quiz", quiz_section()),
                    attachments_section(),
                    spacing="4",
                    width="100%",
                    padding_top="12px",
                ),
            ),
            max_width="760px",
            width="calc(100vw - 24px)",
            data_testid="lesson-editor",
        ),
        open=L.open,
        on_open_change=L.set_open,
    )
