"""The lesson editor dialog (part of the course editor page): the lesson's text, its video,
its attachments, and for a quiz lesson the quiz settings and questions."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.authoring_forms import labelled_switch, markdown_editor, section
from edu_platform.components.buttons import (
    delete_action,
    remove_button,
    submit_button,
    upload_button,
)
from edu_platform.components.forms import error_of, error_text, input_field
from edu_platform.components.i18n import tr
from edu_platform.components.page_parts import field_grid
from edu_platform.pages.quiz_editor import quiz_section
from edu_platform.services.authoring.views import AttachmentRow
from edu_platform.state.lesson_editor import (
    ATTACHMENT_UPLOAD_ID,
    VIDEO_UPLOAD_ID,
    LessonEditorState,
)

L = LessonEditorState
KIND_ICONS = {"text": "file-text", "video": "video", "quiz": "list-checks"}
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


# --- the lesson's own fields ----------------------------------------------------------------


def lesson_field(field_id: str, label_key: str, name: str, value: rx.Var, **props):
    """One of the lesson's own inputs: filled with the stored value, the server's message
    for `name` under it."""
    return input_field(
        field_id, label_key, errors=L.errors, name=name, default_value=value, **props
    )


def lesson_form() -> rx.Component:
    return rx.form(
        blocks.column(
            lesson_field("lesson-title", "authoring.field.title", "title", L.title),
            field_grid(
                lesson_field(
                    "lesson-duration",
                    "authoring.lesson.duration",
                    "duration_minutes",
                    L.duration,
                    type="number",
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
            ),
            rx.cond(
                L.kind == "video",
                lesson_field(
                    "lesson-video-url",
                    "authoring.lesson.video_url",
                    "video_url",
                    L.video_url,
                    type="url",
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
            submit_button("authoring.lesson.save", loading=L.saving),
        ),
        method="post",
        on_submit=L.save_lesson,
        no_validate=True,
        reset_on_submit=False,
        key="lesson-" + L.form_key.to_string(),
    )


def lesson_upload(
    upload_id: str, label_key: str, accept: dict, on_upload, on_rejected, hint_key: str, name: str
) -> rx.Component:
    """The upload button of a lesson section, its hint and the upload's error (`name`)."""
    return rx.fragment(
        upload_button(
            upload_id,
            label_key,
            accept,
            L.max_upload_bytes,
            on_upload,
            on_rejected,
            loading=L.uploading,
            variant="surface",
        ),
        blocks.muted(tr(hint_key), size="1"),
        error_text(error_of(L.errors, name)),
    )


def video_section() -> rx.Component:
    return section(
        "authoring.video.title",
        rx.cond(
            L.video_file != "",
            blocks.column(
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
                blocks.row(
                    rx.icon("file-video", size=16),
                    rx.text(
                        tr("authoring.video.current"),
                        " ",
                        L.video_file,
                        size="2",
                        data_testid="video-file",
                    ),
                    remove_button("authoring.video.remove", L.remove_video, size="1"),
                    wrap="wrap",
                ),
                spacing="2",
            ),
            blocks.muted(tr("authoring.video.none")),
        ),
        lesson_upload(
            VIDEO_UPLOAD_ID,
            "authoring.video.upload",
            VIDEO_TYPES,
            L.upload_video,
            L.video_rejected,
            "authoring.video.hint",
            "video",
        ),
    )


def attachment_row(row: AttachmentRow) -> rx.Component:
    return rx.hstack(
        rx.icon("paperclip", size=14),
        rx.link(row.filename, href=row.url, is_external=True, size="2"),
        blocks.muted(row.size_label, size="1"),
        rx.spacer(),
        delete_action(L.delete_attachment(row.id), row.filename),
        align="center",
        width="100%",
        data_testid="attachment-row",
    )


def attachments_section() -> rx.Component:
    return section(
        "authoring.attachments.title",
        blocks.short_list(L.attachments, attachment_row, "authoring.attachments.none"),
        lesson_upload(
            ATTACHMENT_UPLOAD_ID,
            "authoring.attachments.upload",
            ATTACHMENT_TYPES,
            L.upload_attachment,
            L.attachment_rejected,
            "authoring.attachments.hint",
            "attachment",
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
                blocks.skeletons("40px", "160px", padding_top="12px"),
                blocks.column(
                    lesson_form(),
                    rx.cond(L.kind == "video", video_section()),
                    rx.cond(L.kind == "quiz", quiz_section()),
                    attachments_section(),
                    spacing="4",
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
