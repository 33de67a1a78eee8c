"""/teach/course/<id>: the course editor (settings, banner, publishing, syllabus)."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.authoring_forms import (
    field_error,
    labelled_select,
    labelled_switch,
    markdown_editor,
)
from edu_platform.components.forms import labelled_field
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.teach_layout import teach_layout
from edu_platform.pages.lesson_editor import KIND_ICONS, lesson_dialog
from edu_platform.pages.teach_courses import status_badge
from edu_platform.services.authoring.views import LessonRow, ModuleRow
from edu_platform.state.course_editor import BANNER_UPLOAD_ID, NO_CATEGORY, CourseEditorState
from edu_platform.state.lesson_editor import LessonEditorState

S = CourseEditorState
BANNER_TYPES = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]}
LEVELS = ("beginner", "intermediate", "advanced")
LANGUAGES = ("ru", "en")


# --- settings -------------------------------------------------------------------------------


def banner_block() -> rx.Component:
    return rx.vstack(
        rx.text(tr("authoring.field.banner"), size="2", weight="medium"),
        rx.cond(
            S.banner_url != "",
            rx.image(
                src=S.banner_url,
                alt=tr("authoring.field.banner"),
                width="100%",
                max_width="480px",
                border_radius="8px",
                style={"aspect_ratio": "2 / 1", "object_fit": "cover"},
            ),
            rx.center(
                rx.icon("image", size=32, color=rx.color("gray", 8)),
                width="100%",
                max_width="480px",
                style={"aspect_ratio": "2 / 1"},
                background=rx.color("gray", 3),
                border_radius="8px",
            ),
        ),
        rx.hstack(
            rx.upload.root(
                rx.button(
                    rx.icon("upload", size=16),
                    tr("authoring.banner.upload"),
                    type="button",
                    variant="surface",
                    loading=S.banner_uploading,
                ),
                id=BANNER_UPLOAD_ID,
                accept=BANNER_TYPES,
                max_files=1,
                multiple=False,
                max_size=S.max_upload_bytes,
                on_drop=S.upload_banner(rx.upload_files(upload_id=BANNER_UPLOAD_ID)),
                on_drop_rejected=S.banner_rejected,
                border="none",
                padding="0",
            ),
            rx.cond(
                S.banner_url != "",
                rx.button(
                    tr("authoring.banner.remove"),
                    type="button",
                    variant="ghost",
                    color_scheme="red",
                    on_click=S.remove_banner,
                ),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.text(
            tr("authoring.banner.hint"),
            " ",
            S.max_upload_mb,
            " ",
            tr("authoring.mb"),
            size="1",
            color_scheme="gray",
        ),
        rx.cond(
            S.banner_error != "",
            rx.text(S.banner_error, size="2", color_scheme="red", role="alert"),
        ),
        spacing="2",
        width="100%",
    )


def settings_form() -> rx.Component:
    errors = S.field_errors
    categories = rx.select.root(
        rx.select.trigger(id="course-category", width="100%"),
        rx.select.content(
            rx.select.item(tr("authoring.field.no_category"), value=NO_CATEGORY),
            rx.foreach(S.categories, lambda c: rx.select.item(c.name, value=c.id)),
        ),
        value=S.category,
        on_change=S.set_category,
    )
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(tr("authoring.settings.title"), size="4"),
                labelled_field("title", "authoring.field.title", errors, default_value=S.title),
                labelled_field(
                    "summary",
                    "authoring.field.summary",
                    errors,
                    required=False,
                    default_value=S.summary,
                ),
                markdown_editor(
                    "course-description",
                    "authoring.field.description",
                    S.description,
                    S.set_description,
                    errors,
                    "description",
                ),
                rx.grid(
                    rx.vstack(
                        rx.el.label(
                            rx.text(tr("authoring.field.category"), size="2", weight="medium"),
                            html_for="course-category",
                        ),
                        categories,
                        field_error(errors, "category_id"),
                        spacing="1",
                        width="100%",
                    ),
                    labelled_select(
                        "course-level",
                        "authoring.field.level",
                        S.level,
                        S.set_level,
                        [(v, f"authoring.level.{v}") for v in LEVELS],
                        errors,
                        "level",
                    ),
                    labelled_select(
                        "course-language",
                        "authoring.field.language",
                        S.language,
                        S.set_language,
                        [(v, f"authoring.language.{v}") for v in LANGUAGES],
                        errors,
                        "language",
                    ),
                    labelled_field(
                        "price",
                        "authoring.field.price",
                        errors,
                        default_value=S.price,
                        hint_key="authoring.field.price_hint",
                    ),
                    labelled_field(
                        "currency", "authoring.field.currency", errors, default_value=S.currency
                    ),
                    labelled_field(
                        "points_per_visit",
                        "authoring.field.points_per_visit",
                        errors,
                        type_="number",
                        default_value=S.points_per_visit,
                    ),
                    labelled_field(
                        "start_date",
                        "authoring.field.start_date",
                        errors,
                        type_="date",
                        required=False,
                        default_value=S.start_date,
                    ),
                    labelled_field(
                        "end_date",
                        "authoring.field.end_date",
                        errors,
                        type_="date",
                        required=False,
                        default_value=S.end_date,
                    ),
                    columns=rx.breakpoints(initial="1", sm="2", md="3"),
                    spacing="3",
                    width="100%",
                ),
                labelled_switch(
                    "course-sequential",
                    "authoring.field.require_sequential",
                    S.require_sequential,
                    S.set_require_sequential,
                ),
                banner_block(),
                rx.button(tr("authoring.settings.save"), type="submit", loading=S.saving, size="3"),
                spacing="4",
                width="100%",
            ),
            on_submit=S.save_settings,
            reset_on_submit=False,
            key=S.form_key.to_string(),
        ),
        width="100%",
    )


def publish_bar() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.hstack(
                    rx.text(tr("authoring.status.label"), size="2", color_scheme="gray"),
                    rx.box(status_badge(S.is_published), data_testid="course-status"),
                    rx.text(
                        tr("authoring.status.lessons"),
                        " ",
                        S.lessons_count,
                        size="2",
                        color_scheme="gray",
                    ),
                    spacing="2",
                    align="center",
                ),
                rx.spacer(),
                rx.link(
                    rx.button(
                        rx.icon("eye", size=14), tr("authoring.view_page"), variant="soft", size="2"
                    ),
                    href=S.course_page_url,
                    is_external=True,
                ),
                rx.cond(
                    S.is_published,
                    rx.button(
                        tr("authoring.unpublish"),
                        on_click=S.toggle_published,
                        loading=S.publishing,
                        variant="soft",
                        color_scheme="amber",
                        size="2",
                    ),
                    rx.button(
                        tr("authoring.publish"),
                        on_click=S.toggle_published,
                        loading=S.publishing,
                        color_scheme="green",
                        size="2",
                    ),
                ),
                align="center",
                gap="12px",
                wrap="wrap",
                width="100%",
            ),
            rx.cond(
                S.publish_error != "",
                rx.callout(
                    S.publish_error,
                    icon="triangle-alert",
                    color_scheme="red",
                    role="alert",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


# --- syllabus -------------------------------------------------------------------------------


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


def content() -> rx.Component:
    return rx.vstack(
        publish_bar(),
        rx.grid(
            settings_form(),
            syllabus(),
            columns=rx.breakpoints(initial="1", lg="2"),
            spacing="5",
            width="100%",
            align_items="start",
        ),
        spacing="4",
        width="100%",
    )


@page
def course_editor_page() -> rx.Component:
    return teach_layout(S.access, S.course_id, S.course_title, "", content())
