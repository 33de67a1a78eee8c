"""The syllabus half of the course editor: modules and their lessons, adding, renaming,
reordering, moving and deleting them (with a confirmation), and the lesson editor dialog."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr
from edu_platform.pages.lesson_editor import KIND_ICONS, lesson_dialog
from edu_platform.services.authoring.views import LessonRow, ModuleRow
from edu_platform.state.course_editor import CourseEditorState
from edu_platform.state.lesson_editor import LessonEditorState

S = CourseEditorState


def icon_button(icon: str, label: rx.Var, on_click, disabled=False, color: str = "gray"):
    return rx.icon_button(
        rx.icon(icon, size=14),
        size="1",
        variant="soft",
        color_scheme=color,
        on_click=on_click,
        disabled=disabled,
        aria_label=label,
        title=label,
    )


def lesson_row(module: ModuleRow, lesson: LessonRow) -> rx.Component:
    return rx.flex(
        rx.hstack(
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
            spacing="2",
            align="center",
            min_width="0",
            flex="1",
            wrap="wrap",
        ),
        rx.hstack(
            rx.button(
                rx.icon("pencil", size=14),
                tr("authoring.lesson.edit"),
                size="1",
                variant="soft",
                on_click=LessonEditorState.open_lesson(lesson.id),
                aria_label=tr("authoring.lesson.edit") + " " + lesson.title,
            ),
            icon_button(
                "arrow-up",
                tr("authoring.move_up") + " " + lesson.title,
                S.move_lesson(lesson.id, "up"),
                lesson.is_first | S.busy,
            ),
            icon_button(
                "arrow-down",
                tr("authoring.move_down") + " " + lesson.title,
                S.move_lesson(lesson.id, "down"),
                lesson.is_last | S.busy,
            ),
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
            icon_button(
                "trash-2",
                tr("authoring.delete") + " " + lesson.title,
                S.ask_delete("lesson", lesson.id, lesson.title),
                color="red",
            ),
            spacing="1",
            align="center",
        ),
        direction=rx.breakpoints(initial="column", sm="row"),
        align=rx.breakpoints(initial="start", sm="center"),
        gap="8px",
        padding="8px",
        border_radius="6px",
        background=rx.color("gray", 2),
        width="100%",
        data_testid="lesson-row",
    )


def add_lesson_form(module: ModuleRow) -> rx.Component:
    key = module.id.to_string()
    input_id = "new-lesson-" + key
    return rx.form(
        # The form's submit handler is compiled outside the foreach: the module id travels in
        # the form (untrusted like any other value; the service checks it).
        rx.el.input(type="hidden", name="module_id", value=module.id),
        rx.flex(
            rx.vstack(
                rx.el.label(rx.text(tr("authoring.lesson.new_title"), size="1"), html_for=input_id),
                rx.input(
                    id=input_id,
                    name="lesson_title",
                    required=True,
                    max_length=300,
                    width="100%",
                    size="2",
                ),
                spacing="1",
                flex="1",
                width="100%",
            ),
            rx.vstack(
                rx.el.label(rx.text(tr("authoring.lesson.kind"), size="1"), html_for="kind-" + key),
                rx.select.root(
                    rx.select.trigger(id="kind-" + key, width="100%"),
                    rx.select.content(
                        *[
                            rx.select.item(tr(f"authoring.kind.{kind}"), value=kind)
                            for kind in KIND_ICONS
                        ]
                    ),
                    name="lesson_kind",
                    default_value="text",
                ),
                spacing="1",
                min_width="120px",
            ),
            rx.button(
                rx.icon("plus", size=14),
                tr("authoring.lesson.add"),
                type="submit",
                size="2",
                variant="soft",
            ),
            direction=rx.breakpoints(initial="column", sm="row"),
            align=rx.breakpoints(initial="stretch", sm="end"),
            gap="8px",
            width="100%",
        ),
        rx.cond(
            S.lesson_errors.contains(key),
            rx.text(S.lesson_errors[key], size="2", color_scheme="red", role="alert"),
        ),
        method="post",
        on_submit=S.add_lesson,
        reset_on_submit=True,
        width="100%",
    )


def module_card(module: ModuleRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(
                    module.title, size="3", flex="1", min_width="0", data_testid="module-title"
                ),
                rx.hstack(
                    icon_button(
                        "pencil",
                        tr("authoring.module.rename") + " " + module.title,
                        S.start_rename(module.id, module.title),
                    ),
                    icon_button(
                        "arrow-up",
                        tr("authoring.move_up") + " " + module.title,
                        S.move_module(module.id, "up"),
                        module.is_first | S.busy,
                    ),
                    icon_button(
                        "arrow-down",
                        tr("authoring.move_down") + " " + module.title,
                        S.move_module(module.id, "down"),
                        module.is_last | S.busy,
                    ),
                    icon_button(
                        "trash-2",
                        tr("authoring.delete") + " " + module.title,
                        S.ask_delete("module", module.id, module.title),
                        color="red",
                    ),
                    spacing="1",
                ),
                align="center",
                gap="8px",
                width="100%",
            ),
            rx.cond(
                module.lessons.length() == 0,
                rx.text(tr("authoring.module.no_lessons"), size="2", color_scheme="gray"),
                rx.vstack(
                    rx.foreach(module.lessons, lambda lesson: lesson_row(module, lesson)),
                    spacing="2",
                    width="100%",
                ),
            ),
            add_lesson_form(module),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="module-card",
    )


def rename_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("authoring.module.rename")),
            rx.vstack(
                rx.el.label(
                    rx.text(tr("authoring.module.title"), size="2", weight="medium"),
                    html_for="rename-module",
                ),
                rx.input(
                    id="rename-module",
                    value=S.rename_title,
                    on_change=S.set_rename_title,
                    width="100%",
                    max_length=300,
                ),
                rx.cond(
                    S.rename_error != "",
                    rx.text(S.rename_error, size="2", color_scheme="red", role="alert"),
                ),
                rx.hstack(
                    rx.dialog.close(
                        rx.button(tr("authoring.cancel"), variant="soft", color_scheme="gray")
                    ),
                    rx.button(tr("authoring.save"), on_click=S.save_rename),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="440px",
        ),
        open=S.rename_id > 0,
        on_open_change=S.set_rename_open,
    )


def confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                rx.cond(
                    S.confirm_kind == "module",
                    tr("authoring.confirm.module"),
                    tr("authoring.confirm.lesson"),
                )
            ),
            rx.alert_dialog.description(S.confirm_title, size="2"),
            rx.text(tr("authoring.confirm.note"), size="2", color_scheme="gray"),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(tr("authoring.cancel"), variant="soft", color_scheme="gray")
                ),
                rx.alert_dialog.action(
                    rx.button(tr("authoring.delete"), color_scheme="red", on_click=S.confirm_delete)
                ),
                justify="end",
                spacing="3",
                padding_top="12px",
            ),
            max_width="440px",
        ),
        open=S.confirm_kind != "",
        on_open_change=S.set_confirm_open,
    )


def syllabus() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("authoring.syllabus.title"), size="5"),
        rx.cond(
            S.syllabus_error != "",
            rx.callout(
                S.syllabus_error,
                icon="triangle-alert",
                color_scheme="red",
                role="alert",
                width="100%",
            ),
        ),
        rx.cond(
            S.modules.length() == 0,
            rx.callout(tr("authoring.syllabus.empty"), icon="list-plus", width="100%"),
            rx.vstack(rx.foreach(S.modules, module_card), spacing="3", width="100%"),
        ),
        rx.card(
            rx.form(
                rx.flex(
                    rx.vstack(
                        rx.el.label(
                            rx.text(tr("authoring.module.new_title"), size="2", weight="medium"),
                            html_for="new-module-title",
                        ),
                        rx.input(
                            id="new-module-title",
                            name="module_title",
                            required=True,
                            max_length=300,
                            width="100%",
                        ),
                        spacing="1",
                        flex="1",
                        width="100%",
                    ),
                    rx.button(rx.icon("plus", size=14), tr("authoring.module.add"), type="submit"),
                    direction=rx.breakpoints(initial="column", sm="row"),
                    align=rx.breakpoints(initial="stretch", sm="end"),
                    gap="8px",
                    width="100%",
                ),
                rx.cond(
                    S.module_error != "",
                    rx.text(S.module_error, size="2", color_scheme="red", role="alert"),
                ),
                method="post",
                on_submit=S.add_module,
                reset_on_submit=True,
                key=S.module_form_key.to_string(),
            ),
            width="100%",
        ),
        rename_dialog(),
        confirm_dialog(),
        lesson_dialog(),
        spacing="3",
        width="100%",
    )
