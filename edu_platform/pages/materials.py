""" "My materials" in the account area: the list with a create form, and the editor
(title, summary, Markdown lessons with a preview through safe_markdown)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.buttons import delete_action, submit_button
from edu_platform.components.forms import form_card, form_error, form_field
from edu_platform.components.i18n import tr
from edu_platform.components.markdown import safe_markdown
from edu_platform.components.page_parts import author_editor, preview_toggle, save_button
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
    return blocks.item_card(
        row.title,
        [
            status_badge(row.is_published, row.is_hidden),
            rx.text(tr("materials.lessons"), ": ", row.lessons_count, size="1"),
        ],
        link_button(
            tr("materials.edit"),
            href=routes.edit_material_url(row.id),
            variant="soft",
            size="2",
        ),
        data_testid="material-row",
    )


def _title_field(**control) -> rx.Component:
    return form_field(
        "material-title",
        "materials.field.title",
        rx.input(id="material-title", width="100%", **control),
    )


def _summary_field(**control) -> rx.Component:
    return form_field(
        "material-summary",
        "materials.field.summary",
        rx.text_area(id="material-summary", rows="3", width="100%", **control),
    )


def create_form() -> rx.Component:
    return form_card(
        "materials.new",
        _title_field(name="title", required=True),
        _summary_field(name="summary"),
        form_error(MyMaterialsState.form_error),
        submit=submit_button("materials.create", loading=MyMaterialsState.creating),
        on_submit=MyMaterialsState.create,
        # Kept on a refusal (what was typed stays); a success opens the new material.
        reset_on_submit=False,
        spacing="2",
    )


def my_materials_content() -> rx.Component:
    return blocks.column(
        blocks.muted(tr("materials.intro")),
        create_form(),
        blocks.list_or_empty(
            MyMaterialsState.rows,
            material_row,
            rx.text(tr("materials.empty"), color_scheme="gray"),
            loading=~MyMaterialsState.loaded,
            skeleton=blocks.skeletons("80px"),
        ),
        spacing="4",
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
                delete_action(
                    MaterialEditorState.delete_lesson(lesson.id),
                    label_key="materials.lesson.delete",
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
    return blocks.column(
        blocks.row(
            blocks.back_link("materials.back", routes.MY_MATERIALS),
            rx.spacer(),
            status_badge(MaterialEditorState.is_published, MaterialEditorState.is_hidden),
            rx.cond(
                MaterialEditorState.is_published,
                rx.link(
                    tr("materials.open"), href=routes.course_url(MaterialEditorState.course_slug)
                ),
            ),
            width="100%",
            spacing="3",
        ),
        _title_field(value=MaterialEditorState.title, on_change=MaterialEditorState.set_title),
        _summary_field(
            value=MaterialEditorState.summary, on_change=MaterialEditorState.set_summary
        ),
        rx.hstack(
            rx.heading(tr("materials.lessons"), size="4", as_="h2"),
            rx.spacer(),
            preview_toggle(MaterialEditorState, "materials.preview"),
            width="100%",
            align="center",
        ),
        rx.cond(
            MaterialEditorState.lessons.length() == 0,
            blocks.notice(tr("materials.lesson.none")),
        ),
        rx.cond(
            MaterialEditorState.preview,
            blocks.stacked_card(
                rx.foreach(MaterialEditorState.lessons, lesson_preview),
                spacing="5",
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
            blocks.icon_button(
                "plus",
                "materials.lesson.add",
                variant="soft",
                on_click=MaterialEditorState.add_lesson,
            ),
            width="100%",
        ),
        form_error(MaterialEditorState.form_error),
        save_button(MaterialEditorState, "materials.save", "material-save"),
        align="start",
    )


def material_editor_content() -> rx.Component:
    return author_editor(
        MaterialEditorState, editor(), MaterialEditorState.missing, "materials.not_found"
    )
