"""The syllabus half of the course editor: modules and their lessons, adding, renaming,
reordering, moving and deleting them (with a confirmation), and the lesson editor dialog."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.buttons import (
    cancel_button,
    delete_action,
    dialog_buttons,
    icon_action,
    move_buttons,
    row_button,
    submit_button,
)
from edu_platform.components.dialogs import confirm_dialog, view_dialog
from edu_platform.components.forms import (
    error_of,
    error_text,
    field_row,
    form_error,
    input_field,
    keyed,
    select_field,
)
from edu_platform.components.i18n import tr
from edu_platform.components.page_parts import FILL
from edu_platform.pages.lesson_editor import KIND_ICONS, lesson_dialog
from edu_platform.services.authoring.views import LessonRow, ModuleRow
from edu_platform.state.course_editor import CourseEditorState
from edu_platform.state.lesson_editor import LessonEditorState

S = CourseEditorState


def reorder(move, item: ModuleRow | LessonRow) -> rx.Component:
    """A module's or a lesson's up / down buttons, off at the ends and while a change saves."""
    return move_buttons(move, item.id, item.title, item.is_first | S.busy, item.is_last | S.busy)


def delete(kind: str, item: ModuleRow | LessonRow) -> rx.Component:
    """A module's or a lesson's delete button (the dialog asks first)."""
    return delete_action(S.ask_delete(kind, item.id, item.title), item.title)


def lesson_row(module: ModuleRow, lesson: LessonRow) -> rx.Component:
    return blocks.responsive_row(
        blocks.row(
            rx.match(
                lesson.kind,
                *[
                    (kind, rx.icon(icon, size=16, color=rx.color("accent", 10)))
                    for kind, icon in KIND_ICONS.items()
                ],
                rx.icon("file", size=16),
            ),
            rx.text(lesson.title, size="2", data_testid="lesson-title"),
            rx.match(
                lesson.kind,
                *[
                    (kind, rx.badge(tr(f"authoring.kind.{kind}"), variant="outline", size="1"))
                    for kind in KIND_ICONS
                ],
                rx.fragment(),
            ),
            rx.cond(
                lesson.is_preview,
                rx.badge(tr("authoring.lesson.preview_badge"), color_scheme="green", size="1"),
            ),
            rx.cond(
                lesson.quiz_is_empty,
                rx.badge(
                    tr("authoring.lesson.empty_quiz_badge"),
                    color_scheme="amber",
                    size="1",
                    data_testid="empty-quiz-badge",
                ),
            ),
            wrap="wrap",
            **FILL,
        ),
        blocks.row(
            row_button(
                "authoring.lesson.edit",
                LessonEditorState.open_lesson(lesson.id),
                lesson.title,
                icon="pencil",
            ),
            reorder(S.move_lesson, lesson),
            rx.cond(
                S.modules.length() > 1,
                rx.menu.root(
                    rx.menu.trigger(
                        rx.icon_button(
                            rx.icon("folder-input", size=14),
                            size="1",
                            variant="soft",
                            color_scheme="gray",
                            aria_label=tr("authoring.lesson.move_to") + " " + lesson.title,
                            title=tr("authoring.lesson.move_to"),
                        ),
                    ),
                    rx.menu.content(
                        rx.foreach(
                            S.modules,
                            lambda target: rx.cond(
                                target.id != module.id,
                                rx.menu.item(
                                    target.title, on_click=S.move_lesson_to(lesson.id, target.id)
                                ),
                            ),
                        ),
                    ),
                ),
            ),
            delete("lesson", lesson),
            spacing="1",
        ),
        spacing="2",
        padding="8px",
        border_radius="6px",
        background=rx.color("gray", 2),
        data_testid="lesson-row",
    )


def add_lesson_form(module: ModuleRow) -> rx.Component:
    key = module.id.to_string()
    input_id = "new-lesson-" + key
    return rx.form(
        # The form's submit handler is compiled outside the foreach: the module id travels in
        # the form (untrusted like any other value; the service checks it).
        rx.el.input(type="hidden", name="module_id", value=module.id),
        field_row(
            input_field(
                input_id,
                "authoring.lesson.new_title",
                name="lesson_title",
                required=True,
                max_length=300,
                size="2",
                box={"flex": "1", "label_size": "1"},
            ),
            select_field(
                "kind-" + key,
                "authoring.lesson.kind",
                keyed("authoring.kind", KIND_ICONS),
                name="lesson_kind",
                default_value="text",
                label_size="1",
                width="auto",
                min_width="120px",
            ),
            submit_button(
                "authoring.lesson.add", icon="plus", icon_size=14, size="2", variant="soft"
            ),
            gap="8px",
            wrap="nowrap",
        ),
        error_text(error_of(S.lesson_errors, key)),
        method="post",
        on_submit=S.add_lesson,
        no_validate=True,
        reset_on_submit=True,
        width="100%",
    )


def module_card(module: ModuleRow) -> rx.Component:
    return blocks.stacked_card(
        rx.flex(
            rx.heading(module.title, size="3", data_testid="module-title", **FILL),
            rx.hstack(
                icon_action(
                    "pencil",
                    tr("authoring.module.rename") + " " + module.title,
                    S.start_rename(module.id, module.title),
                ),
                reorder(S.move_module, module),
                delete("module", module),
                spacing="1",
            ),
            align="center",
            gap="8px",
            width="100%",
        ),
        blocks.short_list(
            module.lessons, lambda lesson: lesson_row(module, lesson), "authoring.module.no_lessons"
        ),
        add_lesson_form(module),
        data_testid="module-card",
    )


def rename_dialog() -> rx.Component:
    return view_dialog(
        tr("authoring.module.rename"),
        blocks.column(
            input_field(
                "rename-module",
                "authoring.module.title",
                value=S.rename_title,
                on_change=S.set_rename_title,
                max_length=300,
                error=S.rename_error,
            ),
            dialog_buttons(
                cancel_button("authoring.cancel"),
                rx.button(tr("authoring.save"), on_click=S.save_rename),
            ),
        ),
        open=S.rename_id > 0,
        on_open_change=S.set_rename_open,
        max_width="440px",
    )


def delete_dialog() -> rx.Component:
    return confirm_dialog(
        title=rx.cond(
            S.confirm_kind == "module",
            tr("authoring.confirm.module"),
            tr("authoring.confirm.lesson"),
        ),
        description=S.confirm_title,
        note=tr("authoring.confirm.note"),
        confirm=rx.alert_dialog.action(
            rx.button(tr("authoring.delete"), color_scheme="red", on_click=S.confirm_delete)
        ),
        open=S.confirm_kind != "",
        on_open_change=S.set_confirm_open,
        cancel_key="authoring.cancel",
    )


def syllabus() -> rx.Component:
    return blocks.column(
        rx.heading(tr("authoring.syllabus.title"), size="5"),
        form_error(S.syllabus_error),
        blocks.list_or_empty(
            S.modules,
            module_card,
            rx.callout(tr("authoring.syllabus.empty"), icon="list-plus", width="100%"),
        ),
        rx.card(
            rx.form(
                field_row(
                    input_field(
                        "new-module-title",
                        "authoring.module.new_title",
                        name="module_title",
                        required=True,
                        max_length=300,
                        box={"flex": "1"},
                    ),
                    submit_button("authoring.module.add", icon="plus", icon_size=14),
                    gap="8px",
                    wrap="nowrap",
                ),
                error_text(S.module_error),
                method="post",
                on_submit=S.add_module,
                no_validate=True,
                reset_on_submit=True,
                key=S.module_form_key.to_string(),
            ),
            width="100%",
        ),
        rename_dialog(),
        delete_dialog(),
        lesson_dialog(),
    )
