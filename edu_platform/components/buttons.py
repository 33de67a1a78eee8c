"""Buttons the pages share: a form's submit button, an action on one table row, a small
icon button (a trash can: delete_action), a download, an upload with its Remove button,
and the right-aligned row of a dialog's buttons.

    submit_button("coupons.create", loading=S.saving)
    row_button("coupons.disable", S.set_active(row.id, False), row.code,
               color="red", loading=S.busy_id == row.id)
    delete_action(S.delete_lesson(row.id), row.title)
    download_button(tr("imports.errors.download"), S.errors_csv_url)
    upload_button(UPLOAD_ID, "imports.upload", ACCEPT, S.max_import_bytes, S.upload,
                  S.upload_rejected)
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.a11y import accessible_upload
from edu_platform.components.i18n import tr

# The one main action of a narrow column (sign in, enrol, pay): large and full width.
MAIN_ACTION = {"size": "3", "width": "100%"}
# The quiet choice beside the main one (Cancel, Close, Remove from cart): soft and grey.
SECONDARY = {"variant": "soft", "color_scheme": "gray"}


def submit_button(label_key: str, *, icon: str = "", icon_size: int = 16, **props) -> rx.Component:
    """The button that sends its form, its `icon` (if any) before the label (`props`:
    loading, size, variant, color_scheme...)."""
    children = (rx.icon(icon, size=icon_size), tr(label_key)) if icon else (tr(label_key),)
    return rx.button(*children, type="submit", **props)


def busy_button(*children, busy: rx.Var, **props) -> rx.Component:
    """A button that spins and takes no second click while `busy` (a payment, a quiz's
    submission: sending twice would do it twice)."""
    return rx.button(*children, loading=busy, disabled=busy, **props)


def save_row(button: rx.Component, saved: rx.Var, saved_key: str, *more: rx.Component):
    """A form's Save button with its "✓ Saved" note beside it once saved (then `more`: a
    link), wrapping on a narrow screen."""
    return blocks.toolbar(button, blocks.saved_note(saved, saved_key), *more)


def row_button(
    label_key: str,
    on_click,
    subject: rx.Var | str,
    *,
    icon: str = "",
    color: str | None = None,
    loading: rx.Var | bool = False,
    variant: str = "soft",
    when: rx.Var | None = None,
    **props,
) -> rx.Component:
    """A small soft button acting on one row, named "<label> <subject>" for screen readers
    (several rows have the same button); `color` a Radix colour (the accent when None);
    shown only while `when` holds, if given (Expel, Revoke: not for every row)."""
    children = (rx.icon(icon, size=14), tr(label_key)) if icon else (tr(label_key),)
    if color:
        props["color_scheme"] = color
    button = rx.button(
        *children,
        size="1",
        variant=variant,
        loading=loading,
        on_click=on_click,
        aria_label=tr(label_key) + " " + subject,
        **props,
    )
    return button if when is None else rx.cond(when, button)


def flag_button(
    flag: rx.Var,
    set_flag,
    row_id: rx.Var,
    subject: rx.Var,
    *,
    clear: tuple[str, str | None, str],
    set_: tuple[str, str | None, str],
    busy: rx.Var,
) -> rx.Component:
    """The row button that flips a row's flag through `set_flag(row_id, value)`: while
    `flag` is true it offers `clear` (message key, colour, icon or ""), which sets False;
    otherwise `set_`, which sets True (Publish / Unpublish, Hide / Show)."""
    clear_key, clear_color, clear_icon = clear
    set_key, set_color, set_icon = set_
    return rx.cond(
        flag,
        row_button(
            clear_key,
            set_flag(row_id, False),
            subject,
            icon=clear_icon,
            color=clear_color,
            loading=busy,
        ),
        row_button(
            set_key, set_flag(row_id, True), subject, icon=set_icon, color=set_color, loading=busy
        ),
    )


def icon_action(
    icon: str, label: rx.Var, on_click, disabled=False, color: str = "gray"
) -> rx.Component:
    """A small icon-only button; `label` is its accessible name and tooltip."""
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


def delete_action(
    on_click, subject: rx.Var | str = "", *, label_key: str = "authoring.delete"
) -> rx.Component:
    """The red trash-can icon button deleting one item, named "<Delete> <subject>" where a
    list has one per item."""
    named = isinstance(subject, rx.Var) or subject
    label = tr(label_key) + " " + subject if named else tr(label_key)
    return icon_action("trash-2", label, on_click, color="red")


def move_buttons(
    move, row_id: rx.Var, subject: rx.Var | str, is_first: rx.Var, is_last: rx.Var
) -> rx.Component:
    """Move up / Move down for one item of an ordered list, calling `move(row_id, "up")`
    or `move(row_id, "down")`; named "<Move up> <subject>"."""
    suffix = " " + subject if isinstance(subject, rx.Var) or subject else ""
    return rx.fragment(
        icon_action("arrow-up", tr("authoring.move_up") + suffix, move(row_id, "up"), is_first),
        icon_action(
            "arrow-down", tr("authoring.move_down") + suffix, move(row_id, "down"), is_last
        ),
    )


def download_button(
    label: rx.Var | rx.Component, href, *, icon_size: int = 16, **props
) -> rx.Component:
    """An <a download> styled as a button that the browser itself follows: in Reflex 0.10
    rx.el.a is React Router's Link, which would route /api/... inside the SPA (its 404);
    reload_document hands the click back to the browser, which downloads the file."""
    return rx.button(
        rx.el.a(
            rx.icon("download", size=icon_size),
            label,
            href=href,
            download=True,
            reload_document=True,
        ),
        as_child=True,
        **({"size": "2", "variant": "soft"} | props),
    )


def upload_button(
    upload_id: str,
    label_key: str,
    accept: dict,
    max_size: rx.Var,
    on_upload,
    on_rejected,
    *,
    loading: rx.Var | bool = False,
    variant: str = "solid",
) -> rx.Component:
    """One file, picked with a button (the drop zone is no extra Tab stop); the state's
    `on_upload(files)` handler receives the file of this upload (`upload_id`)."""
    return accessible_upload(
        rx.button(
            rx.icon("upload", size=16),
            tr(label_key),
            type="button",
            variant=variant,
            loading=loading,
        ),
        label=tr(label_key),
        id=upload_id,
        accept=accept,
        max_files=1,
        multiple=False,
        max_size=max_size,
        on_drop=on_upload(rx.upload_files(upload_id=upload_id)),
        on_drop_rejected=on_rejected,
        border="none",
        padding="0",
    )


def remove_button(label_key: str, on_click, **props) -> rx.Component:
    """The red ghost button that deletes a stored file (an avatar, a banner, a video)."""
    return rx.button(
        tr(label_key),
        type="button",
        variant="ghost",
        color_scheme="red",
        on_click=on_click,
        **props,
    )


def upload_row(upload: rx.Component, stored: rx.Var, remove_key: str, on_remove) -> rx.Component:
    """A file's upload button and, while a file is `stored`, its Remove button beside it."""
    return blocks.row(
        upload,
        rx.cond(stored, remove_button(remove_key, on_remove)),
        spacing="3",
        wrap="wrap",
    )


def cancel_button(label_key: str, *, close: bool = True, **props) -> rx.Component:
    """A dialog's grey Cancel; `close` wraps it in the dialog's close trigger."""
    button = rx.button(tr(label_key), type="button", **(SECONDARY | props))
    return rx.dialog.close(button) if close else button


def dialog_buttons(*buttons: rx.Component, **props) -> rx.Component:
    """A dialog's buttons, right-aligned, wrapping on narrow screens."""
    return rx.flex(
        *buttons, **({"justify": "end", "gap": "12px", "wrap": "wrap", "width": "100%"} | props)
    )
