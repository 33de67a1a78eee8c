""" "My materials" in the account area: the list with a create form, and the editor
(title, summary, Markdown lessons with a preview through safe_markdown)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.forms import form_error
from edu_platform.components.i18n import tr
from edu_platform.components.markdown import safe_markdown
from edu_platform.services.materials import MaterialLesson, MaterialRow
from edu_platform.state.materials import MaterialEditorState, MyMaterialsState


def status_badge(published, hidden) -> rx.Component:
    return rx.cond(
        hidden,
        rx.badge(tr("materials.hidden"), color_scheme="red"),
        rx.cond(
            published,
            rx.badge(tr("materials.published"), color_scheme="green"),
            rx.badge(tr("materials.unpublished"), color_scheme="amber"),
        ),
    )


def material_row(row: MaterialRow) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(row.title, weight="bold"),
                rx.hstack(
                    status_badge(row.is_published, row.is_hidden),
                    rx.text(tr("materials.lessons"), ": ", row.lessons_count, size="1"),
                    spacing="2",
                    align="center",
                ),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            rx.link(
                rx.button(tr("materials.edit"), variant="soft", size="2"),
                href="/account/materials/" + row.id.to(str),
            ),
            align="center",
            width="100%",
        ),
        width="100%",
        data_testid="material-row",
    )


def create_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(tr("materials.new"), size="4", as_="h2"),
                rx.el.label(
                    rx.text(tr("materials.field.title"), size="2"), html_for="material-title"
                ),
                rx.input(id="material-title", name="title", required=True, width="100%"),
                rx.el.label(
                    rx.text(tr("materials.field.summary"), size="2"),
                    html_for="material-summary",
                ),
                rx.text_area(id="material-summary", name="summary", rows="3", width="100%"),
                form_error(MyMaterialsState.form_error),
                rx.button(tr("materials.create"), type="submit", loading=MyMaterialsState.creating),
                spacing="2",
                width="100%",
                align="start",
            ),
            method="post",
            on_submit=MyMaterialsState.create,
            reset_on_submit=True,
        ),
        width="100%",
    )


def my_materials_content() -> rx.Component:
    return rx.vstack(
        rx.text(tr("materials.intro"), color_scheme="gray", size="2"),
        create_form(),
        rx.cond(
            MyMaterialsState.loaded,
            rx.cond(
                MyMaterialsState.rows.length() == 0,
                rx.text(tr("materials.empty"), color_scheme="gray"),
                rx.vstack(rx.foreach(MyMaterialsState.rows, material_row), width="100%"),
            ),
            rx.skeleton(height="80px", width="100%"),
        ),
        spacing="4",
        width="100%",
    )


def lesson_editor(lesson: MaterialLesson, index) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.input(
                    value=lesson.title,
                    on_change=lambda value: MaterialEditorState.set_lesson_title(index, value),
                    aria_label=tr("materials.lesson.title"),
                    flex="1",
                ),
                rx.icon_button(
                    rx.icon("trash-2", size=16),
                    variant="ghost",
                    color_scheme="red",
                    aria_label=tr("materials.lesson.delete"),
                    on_click=MaterialEditorState.delete_lesson(lesson.id),
                ),
                width="100%",
                align="center",
            ),
            rx.text_area(
                value=lesson.body,
                on_change=lambda value: MaterialEditorState.set_lesson_body(index, value),
                aria_label=tr("materials.lesson.body"),
                rows="8",
                width="100%",
                style={"font_family": "monospace"},
            ),
            width="100%",
        ),
        width="100%",
        data_testid="material-lesson",
    )


def lesson_preview(lesson: MaterialLesson) -> rx.Component:
    return rx.vstack(
        rx.heading(lesson.title, size="4", as_="h3"),
        safe_markdown(lesson.body),
        width="100%",
        align="start",
    )


def editor() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.link(
                rx.hstack(rx.icon("arrow-left", size=14), tr("materials.back")),
                href=routes.MY_MATERIALS,
                size="2",
            ),
            rx.spacer(),
            status_badge(MaterialEditorState.is_published, MaterialEditorState.is_hidden),
            rx.cond(
                MaterialEditorState.is_published,
                rx.link(
                    tr("materials.open"), href=routes.course_url(MaterialEditorState.course_slug)
                ),
            ),
            width="100%",
            align="center",
            spacing="3",
        ),
        rx.el.label(rx.text(tr("materials.field.title"), size="2"), html_for="material-title"),
        rx.input(
            id="material-title",
            value=MaterialEditorState.title,
            on_change=MaterialEditorState.set_title,
            width="100%",
        ),
        rx.el.label(rx.text(tr("materials.field.summary"), size="2"), html_for="material-summary"),
        rx.text_area(
            id="material-summary",
            value=MaterialEditorState.summary,
            on_change=MaterialEditorState.set_summary,
            rows="3",
            width="100%",
        ),
        rx.hstack(
            rx.heading(tr("materials.lessons"), size="4", as_="h2"),
            rx.spacer(),
            rx.button(
                rx.cond(MaterialEditorState.preview, tr("blog.editor"), tr("materials.preview")),
                variant="soft",
                on_click=MaterialEditorState.toggle_preview,
            ),
            width="100%",
            align="center",
        ),
        rx.cond(
            MaterialEditorState.lessons.length() == 0,
            rx.callout(tr("materials.lesson.none"), icon="info", width="100%"),
        ),
        rx.cond(
            MaterialEditorState.preview,
            rx.card(
                rx.vstack(
                    rx.foreach(MaterialEditorState.lessons, lesson_preview),
                    width="100%",
                    spacing="5",
                ),
                width="100%",
                data_testid="material-preview",
            ),
            rx.vstack(
                rx.foreach(MaterialEditorState.lessons, lesson_editor),
                width="100%",
            ),
        ),
        rx.hstack(
            rx.input(
                value=MaterialEditorState.new_lesson,
                on_change=MaterialEditorState.set_new_lesson,
                placeholder=tr("materials.lesson.title"),
                aria_label=tr("materials.lesson.title"),
                id="new-lesson-title",
                flex="1",
            ),
            rx.button(
                rx.icon("plus", size=16),
                tr("materials.lesson.add"),
                variant="soft",
                on_click=MaterialEditorState.add_lesson,
            ),
            width="100%",
        ),
        form_error(MaterialEditorState.form_error),
        rx.button(
            tr("materials.save"),
            on_click=MaterialEditorState.save,
            loading=MaterialEditorState.saving,
            data_testid="material-save",
        ),
        spacing="3",
        width="100%",
        align="start",
    )


def material_editor_content() -> rx.Component:
    return rx.cond(
        MaterialEditorState.loaded,
        rx.cond(
            MaterialEditorState.missing,
            rx.callout(tr("materials.not_found"), icon="info"),
            editor(),
        ),
        rx.skeleton(height="240px", width="100%"),
    )
