"""Form pieces of the authoring pages: a field's server error, a labelled select, a labelled
switch, and a Markdown textarea with a preview tab."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr
from edu_platform.components.markdown import safe_markdown


def field_error(errors: rx.Var, name: str) -> rx.Component:
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name], size="2", color_scheme="red", role="alert"),
    )


def labelled_select(
    select_id: str,
    label_key: str,
    value: rx.Var,
    on_change,
    items: list[tuple[str, str]],
    errors: rx.Var,
    name: str,
) -> rx.Component:
    """A Radix select with a visible label; items are (value, message key)."""
    return rx.vstack(
        rx.el.label(rx.text(tr(label_key), size="2", weight="medium"), html_for=select_id),
        rx.select.root(
            rx.select.trigger(id=select_id, width="100%"),
            rx.select.content(*[rx.select.item(tr(key), value=option) for option, key in items]),
            value=value,
            on_change=on_change,
        ),
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


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
    return rx.vstack(
        rx.el.label(rx.text(tr(label_key), size="2", weight="medium"), html_for=textarea_id),
        rx.tabs.root(
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
                rx.text(tr("authoring.markdown.hint"), size="1", color_scheme="gray"),
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
                    rx.text(tr("authoring.markdown.empty"), size="2", color_scheme="gray"),
                ),
                value="preview",
                padding_top="8px",
            ),
            default_value="write",
            width="100%",
        ),
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


def labelled_switch(switch_id: str, label_key: str, checked: rx.Var, on_change) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.switch(id=switch_id, name=switch_id, checked=checked, on_change=on_change),
            rx.text(tr(label_key), size="2"),
            spacing="2",
            align="center",
        ),
        html_for=switch_id,
    )


def error_line(errors: rx.Var, name: str) -> rx.Component:
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name], size="2", color_scheme="red", role="alert"),
    )


def text_input(
    errors: rx.Var,
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
            errors.contains(name),
            rx.text(errors[name], size="2", color_scheme="red", role="alert"),
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
