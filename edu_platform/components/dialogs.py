"""The two dialogs the pages share: a confirmation (title, what it is about, Cancel and the
confirming button) and a form in a dialog (title, hint, fields, Cancel and Submit).

    confirm_dialog(
        title=tr("admin_data.enrollments.expel_title"), description=S.expel_label,
        confirm=rx.button(tr("..."), color_scheme="red", on_click=S.confirm_expel),
        open=S.expel_id > 0, on_open_change=S.set_expel_open, cancel_key="admin_data.cancel",
    )
    form_dialog(
        title=tr("authoring.new_course"), description=tr("authoring.new_course_hint"),
        fields=[input_field(...), form_error(S.new_error)],
        submit=submit_button("authoring.create", loading=S.creating),
        on_submit=S.create, open=S.new_open, on_open_change=S.set_new_open,
        cancel_key="authoring.cancel", trigger=rx.button(...),
    )

`alert=True` makes it an alert dialog (role "alertdialog": a destructive step).
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.buttons import cancel_button, dialog_buttons


def _cancel(alert: bool, cancel_key: str, cancel_props: dict | None) -> rx.Component:
    button = cancel_button(cancel_key, close=False, **(cancel_props or {}))
    return rx.alert_dialog.cancel(button) if alert else rx.dialog.close(button)


def confirm_dialog(
    *,
    title: rx.Var | rx.Component,
    description: rx.Var | rx.Component,
    confirm: rx.Component,
    open: rx.Var,
    on_open_change,
    cancel_key: str,
    note: rx.Var | None = None,
    cancel_props: dict | None = None,
    max_width: str = "440px",
) -> rx.Component:
    """An alert dialog asking to confirm; `confirm` is the button that goes ahead (wrap it
    in rx.alert_dialog.action to close the dialog at once)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description, size="2"),
            blocks.muted(note) if note is not None else rx.fragment(),
            dialog_buttons(_cancel(True, cancel_key, cancel_props), confirm, padding_top="12px"),
            max_width=max_width,
        ),
        open=open,
        on_open_change=on_open_change,
    )


def form_dialog(
    *,
    title: rx.Var | rx.Component,
    description: rx.Var | rx.Component,
    fields: list[rx.Component],
    submit: rx.Component,
    on_submit,
    open: rx.Var,
    on_open_change,
    cancel_key: str,
    cancel_props: dict | None = None,
    trigger: rx.Component | None = None,
    form_key: rx.Var | None = None,
    reset_on_submit: bool = False,
    alert: bool = False,
    max_width: str = "480px",
) -> rx.Component:
    """A dialog around one posted form: its fields, then Cancel and `submit`."""
    parts = rx.alert_dialog if alert else rx.dialog
    form_props = {"key": form_key} if form_key is not None else {}
    content = parts.content(
        parts.title(title),
        parts.description(description, size="2"),
        rx.form(
            blocks.column(
                *fields,
                dialog_buttons(_cancel(alert, cancel_key, cancel_props), submit),
                padding_top="12px",
            ),
            method="post",
            on_submit=on_submit,
            no_validate=True,
            reset_on_submit=reset_on_submit,
            **form_props,
        ),
        max_width=max_width,
    )
    return parts.root(
        *([parts.trigger(trigger)] if trigger is not None else []),
        content,
        open=open,
        on_open_change=on_open_change,
    )


def _parts(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def view_dialog(
    title: tuple | rx.Var | rx.Component,
    *children: rx.Component,
    open: rx.Var,
    on_open_change=None,
    description: tuple | rx.Var | rx.Component | None = None,
    **content_props,
) -> rx.Component:
    """A dialog showing `children` under its title and one-line `description` (details, a
    QR code, a small controlled form); `title` and `description` are one value or a tuple
    of parts; `content_props` style its box (max_width, data_testid)."""
    head = [rx.dialog.title(*_parts(title))]
    if description is not None:
        head.append(rx.dialog.description(*_parts(description), size="2"))
    handlers = {"on_open_change": on_open_change} if on_open_change is not None else {}
    return rx.dialog.root(
        rx.dialog.content(*head, *children, **content_props), open=open, **handlers
    )
