"""Form pieces: one form field (visible label + any control + its error message), the
input, text-area and select fields built on it, a field's error line and a form-level
error callout.

    form_field("coupon-code", "coupons.code", rx.input(id="coupon-code", name="code"),
               error=CouponsState.errors.get("code", ""))
    input_field("lesson-title", "authoring.field.title", name="title",
                default_value=L.title, error=error_of(L.errors, "title"))
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr


def field_label(field_id: str, label_key: str, *, size: str = "2") -> rx.Component:
    return rx.el.label(rx.text(tr(label_key), size=size, weight="medium"), html_for=field_id)


# A fieldset that only groups and names its controls: no frame, padding or margin of its own.
PLAIN_FIELDSET = {"border": "none", "padding": "0", "margin": "0"}


def fieldset_group(legend: rx.Component, *children: rx.Component, **style) -> rx.Component:
    """Controls grouped under their `legend` (rx.el.legend), which names the group for
    screen readers (WCAG 1.3.1), without the browser's frame around them."""
    return rx.el.fieldset(legend, *children, style=PLAIN_FIELDSET | style)


def error_of(errors: rx.Var, name: str) -> rx.Var:
    """The server's message for field `name` in an `errors` dict Var ("" when none)."""
    return rx.cond(errors.contains(name), errors[name], "").to(str)


def error_text(message: rx.Var | str, **props) -> rx.Component:
    """A field's error line (role="alert"), nothing when `message` is ""; `props` such as
    the `id` its field's aria-describedby names."""
    line = rx.text(message, size="2", color_scheme="red", role="alert", **props)
    if isinstance(message, rx.Var):
        return rx.cond(message != "", line, rx.fragment())
    return line if message else rx.fragment()


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
    hint = rx.text(tr(hint_key), size="1", color_scheme="gray") if hint_key else None
    line = error_text(error, id=error_id(field_id))
    if hint is None:
        message = line
    elif isinstance(error, rx.Var):
        message = rx.cond(error != "", line, hint)
    else:
        message = line if error else hint
    return rx.vstack(
        field_label(field_id, label_key, size=label_size),
        control,
        message,
        spacing="1",
        **({"width": "100%"} | box_props),
    )


def error_id(field_id: str) -> str:
    """The id of a field's error line (form_field), which the control's aria-describedby
    names while it shows."""
    return f"{field_id}-error"


def marked_invalid(field_id: str, error: rx.Var | str, props: dict) -> dict:
    """`props` of a control with aria-invalid and aria-describedby following `error` (a
    screen reader hears the message with the field); set ones are kept."""
    if isinstance(error, rx.Var):
        props.setdefault("aria_invalid", rx.cond(error != "", "true", "false"))
        props.setdefault("aria_describedby", rx.cond(error != "", error_id(field_id), ""))
    elif error:
        props.setdefault("aria_invalid", "true")
        props.setdefault("aria_describedby", error_id(field_id))
    return props


def input_field(
    field_id: str,
    label_key: str,
    *,
    error: rx.Var | str = "",
    errors: rx.Var | None = None,
    hint_key: str | None = None,
    box: dict | None = None,
    **input_props,
) -> rx.Component:
    """A labelled `rx.input` (`input_props`: name, type, value/on_change or default_value,
    ...) 100 % wide; `box` styles the field's wrapper. `errors`: the form's errors dict Var,
    read at the input's name."""
    if errors is not None:
        error = error_of(errors, input_props["name"])
    marked_invalid(field_id, error, input_props)
    control = rx.input(id=field_id, **({"width": "100%"} | input_props))
    return form_field(field_id, label_key, control, error=error, hint_key=hint_key, **(box or {}))


def area_field(
    field_id: str,
    label_key: str,
    *,
    error: rx.Var | str = "",
    hint_key: str | None = None,
    **area_props,
) -> rx.Component:
    """A labelled `rx.text_area`, 100 % wide, its error marked on the control."""
    marked_invalid(field_id, error, area_props)
    control = rx.text_area(id=field_id, **({"width": "100%"} | area_props))
    return form_field(field_id, label_key, control, error=error, hint_key=hint_key)


def keyed(key_prefix: str, values) -> list[tuple[str, str]]:
    """Select options whose labels are the messages `<key_prefix>.<value>`."""
    return [(value, f"{key_prefix}.{value}") for value in values]


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
    error = error_of(errors, name)
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
        **marked_invalid(input_id, error, {}),
    )
    return form_field(input_id, label_key, control, error=error, hint_key=hint_key)


def form_error(message: rx.Var, *, when: rx.Var | None = None, **props) -> rx.Component:
    """The form-level (or page-level) error callout, nothing when `message` is "" (or,
    given `when`, while it is false: for a translated message, `when=State.key != ""`
    keeps the translation table out of the condition, where it would be compiled twice)."""
    return rx.cond(
        message != "" if when is None else when,
        rx.callout(
            message, icon="triangle-alert", color_scheme="red", role="alert", width="100%", **props
        ),
        rx.fragment(),
    )


def field_row(*fields: rx.Component, **props) -> rx.Component:
    """Fields (and a button) side by side from the `sm` breakpoint up, their bottoms
    aligned; stacked full width on phones."""
    return rx.flex(
        *fields,
        **(
            {
                "direction": rx.breakpoints(initial="column", sm="row"),
                "align": rx.breakpoints(initial="stretch", sm="end"),
                "wrap": "wrap",
                "gap": "12px",
                "width": "100%",
            }
            | props
        ),
    )


def form_card(
    title_key: str,
    *children: rx.Component,
    submit: rx.Component,
    on_submit,
    key: rx.Var | str | None = None,
    reset_on_submit: bool = False,
    **stack_props,
) -> rx.Component:
    """A card holding one posted form: its heading, `children` (fields, errors), the
    submit button. `key` remounts the form (emptied after a success)."""
    form_props = {"key": key} if key is not None else {}
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(tr(title_key), size="4", as_="h2"),
                *children,
                submit,
                **({"spacing": "3", "width": "100%"} | stack_props),
            ),
            method="post",
            on_submit=on_submit,
            # The app explains empty and malformed fields itself, in the page's language
            # (state/form_fields.py); `required` stays for assistive technology.
            no_validate=True,
            reset_on_submit=reset_on_submit,
            width="100%",
            **form_props,
        ),
        width="100%",
    )
