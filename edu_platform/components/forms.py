"""Form pieces: one form field (visible label + any control + its error message), the
text-input and select fields built on it, and a form-level error callout.

    form_field("coupon-code", "coupons.code", rx.input(id="coupon-code", name="code"),
               error=CouponsState.errors.get("code", ""))
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr


def field_label(field_id: str, label_key: str, *, size: str = "2") -> rx.Component:
    return rx.el.label(rx.text(tr(label_key), size=size, weight="medium"), html_for=field_id)


def form_field(
    field_id: str,
    label_key: str,
    control: rx.Component,
    *,
    error: rx.Var | str = "",
    hint_key: str | None = None,
    label_size: str = "2",
    **box_props,
) -> rx.Component:
    """The one label + control + error block: `control` must carry `id=field_id`.

    `error` is the server's message for the field ("" for none), shown under the control
    with role="alert"; otherwise the hint, if any. `box_props` style the wrapper (width,
    flex, min_width).
    """
    hint = rx.text(tr(hint_key), size="1", color_scheme="gray") if hint_key else rx.fragment()
    message = (
        rx.cond(error != "", rx.text(error, size="2", color_scheme="red", role="alert"), hint)
        if isinstance(error, rx.Var)
        else (rx.text(error, size="2", color_scheme="red", role="alert") if error else hint)
    )
    return rx.vstack(
        field_label(field_id, label_key, size=label_size),
        control,
        message,
        spacing="1",
        **({"width": "100%"} | box_props),
    )


def select_field(
    field_id: str,
    label_key: str,
    options: list[tuple[str, str]],
    *,
    value: rx.Var | None = None,
    on_change=None,
    name: str | None = None,
    default_value: rx.Var | str | None = None,
    error: rx.Var | str = "",
    **box_props,
) -> rx.Component:
    """A labelled select; `options` are (value, message key). Controlled (`value` +
    `on_change`, applies at once) or a form field (`name` + `default_value`)."""
    props = {"value": value, "on_change": on_change, "name": name, "default_value": default_value}
    control = rx.select.root(
        rx.select.trigger(id=field_id, width="100%"),
        rx.select.content(*[rx.select.item(tr(key), value=option) for option, key in options]),
        **{key: prop for key, prop in props.items() if prop is not None},
    )
    return form_field(field_id, label_key, control, error=error, **box_props)


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
    control = rx.input(
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
    )
    error = rx.cond(errors.contains(name), errors[name], "").to(str)
    return form_field(input_id, label_key, control, error=error, hint_key=hint_key)


def form_error(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", width="100%"),
        rx.fragment(),
    )
