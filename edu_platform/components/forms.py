"""Form pieces: a labelled field with its error message, a form-level error callout."""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr


def labelled_field(
    name: str,
    label_key: str,
    errors: rx.Var,
    *,
    type_: str = "text",
    autocomplete: str = "",
    hint_key: str | None = None,
    required: bool = True,
    default_value: str | rx.Var = "",
    placeholder: str | rx.Var | None = None,
) -> rx.Component:
    """An input with a visible <label>, an optional hint and the server's message for it."""
    input_id = f"field-{name}"
    hint = rx.text(tr(hint_key), size="1", color_scheme="gray") if hint_key else rx.fragment()
    return rx.vstack(
        rx.el.label(rx.text(tr(label_key), size="2", weight="medium"), html_for=input_id),
        rx.input(
            id=input_id,
            name=name,
            type=type_,
            auto_complete=autocomplete or None,
            required=required,
            size="3",
            width="100%",
            default_value=default_value,
            placeholder=placeholder,
            aria_invalid=rx.cond(errors.contains(name), "true", "false"),
        ),
        rx.cond(
            errors.contains(name),
            rx.text(errors[name], size="2", color_scheme="red", role="alert"),
            hint,
        ),
        spacing="1",
        width="100%",
    )


def form_error(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", width="100%"),
        rx.fragment(),
    )
