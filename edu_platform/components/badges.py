"""Status badges: one value shown as its translated name in its colour, or a yes/no flag.

status_badge(row.status, "admin_data.orders.status", {"paid": "green", ...})
flag_badge(row.is_active, ("webhooks.active", "green"), ("webhooks.inactive", "red"))
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components.i18n import tr


def status_badge(value: rx.Var, key_prefix: str, colors: dict[str, str], **props) -> rx.Component:
    """`value` as the message `<key_prefix>.<value>` in its colour from `colors` (an
    unknown value: itself, in gray)."""
    return rx.badge(
        rx.match(value, *[(name, tr(f"{key_prefix}.{name}")) for name in colors], value),
        color_scheme=rx.match(value, *colors.items(), "gray"),
        **props,
    )


def flag_badge(flag: rx.Var, on: tuple[str, str], off: tuple[str, str], **props) -> rx.Component:
    """(message key, colour) of the badge for a true `flag`, and for a false one."""
    return rx.cond(
        flag,
        rx.badge(tr(on[0]), color_scheme=on[1], **props),
        rx.badge(tr(off[0]), color_scheme=off[1], **props),
    )
