"""Form pieces of the authoring pages: a Markdown textarea with a preview tab, a labelled
switch and a titled section of the lesson dialog. Labelled inputs and selects are
components/forms.py's `input_field` and `select_field` with `error_of(errors, name)`."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.forms import error_of, form_field
from edu_platform.components.i18n import tr
from edu_platform.components.markdown import safe_markdown


def markdown_editor(
    textarea_id: str,
    label_key: str,
    value: rx.Var,
    on_change,
    errors: rx.Var,
    name: str,
    rows: str = "10",
) -> rx.Component:
    """A Markdown textarea with a "Preview" tab that renders it."""
    tabs = rx.tabs.root(
        rx.tabs.list(
            rx.tabs.trigger(tr("authoring.markdown.write"), value="write"),
            rx.tabs.trigger(tr("authoring.markdown.preview"), value="preview"),
        ),
        rx.tabs.content(
            rx.text_area(
                id=textarea_id,
                name=name,
                value=value,
                on_change=on_change,
                rows=rows,
                width="100%",
                resize="vertical",
            ),
            blocks.muted(tr("authoring.markdown.hint"), size="1"),
            value="write",
            padding_top="8px",
        ),
        rx.tabs.content(
            rx.cond(
                value != "",
                rx.box(
                    safe_markdown(value),
                    class_name="lesson-text",
                    padding="8px 4px",
                    data_testid="markdown-preview",
                ),
                blocks.muted(tr("authoring.markdown.empty")),
            ),
            value="preview",
            padding_top="8px",
        ),
        default_value="write",
        width="100%",
    )
    return form_field(textarea_id, label_key, tabs, error=error_of(errors, name))


def labelled_switch(switch_id: str, label_key: str, checked: rx.Var, on_change) -> rx.Component:
    return rx.el.label(
        blocks.row(
            rx.switch(id=switch_id, name=switch_id, checked=checked, on_change=on_change),
            rx.text(tr(label_key), size="2"),
        ),
        html_for=switch_id,
    )


def section(title_key: str, *children: rx.Component) -> rx.Component:
    return blocks.column(
        rx.divider(),
        rx.heading(tr(title_key), size="3"),
        *children,
    )
