"""Messages a page gives in a box of their own: a callout whose tone sets its colour and
role (`notice`), a callout holding a message and its button (`callout_stack`), a big icon
and what it means (`icon_message`) centred on the page (`status_panel`, "not found":
`missing_panel`) or in a narrow card (`centred_card`).

Pages call them through components/blocks.py, which re-exports them: `blocks.notice(...)`.
"""

from __future__ import annotations

import reflex as rx

from edu_platform.components.a11y import link_button
from edu_platform.components.i18n import tr

# Callout colour and role for each tone: "status" and "alert" are announced politely /
# at once by screen readers; "info" is plain text.
TONES = {
    "info": ("accent", None),
    "success": ("green", "status"),
    "warning": ("amber", "alert"),
    "error": ("red", "alert"),
}


def notice(*children, tone: str = "info", icon: str = "info", **props) -> rx.Component:
    """A full-width callout; more than one child stacks them (a message and its link).
    `tone` sets the colour and the role (see TONES)."""
    color, role = TONES[tone]
    body = children[0] if len(children) == 1 else rx.vstack(*children, spacing="2", align="start")
    tone_props = {"color_scheme": color} if tone != "info" else {}
    if role:
        tone_props["role"] = role
    return rx.callout(body, icon=icon, width="100%", **(tone_props | props))


def callout_stack(icon: str, *children: rx.Component, color: str = "amber", **props):
    """A full-width callout holding more than a line (a message, its details and a button),
    its children one under the other."""
    return rx.callout.root(
        rx.callout.icon(rx.icon(icon)),
        rx.vstack(*children, spacing="2", align="start"),
        color_scheme=color,
        width="100%",
        **props,
    )


def status_panel(
    icon: str, color: str, *children: rx.Component, icon_size: int = 48, **props
) -> rx.Component:
    """A centred big icon and what it means: a page not found, a lesson refused..."""
    return rx.center(
        icon_message(icon, color, *children, icon_size=icon_size, spacing="4"),
        **({"min_height": "40vh"} | props),
    )


def centred_card(body: rx.Component, **props) -> rx.Component:
    """A narrow card in the middle of the page: a page that only gives one message (access
    denied, a check-in's result)."""
    return rx.center(
        rx.card(body, size="4", max_width="480px", width="100%"),
        **({"padding_y": "48px"} | props),
    )


def icon_message(
    icon: str, color: str, *children: rx.Component, icon_size: int = 48, spacing: str = "3"
) -> rx.Component:
    """A big coloured icon over what it means (a heading, a line, a link), centred: the
    body of a `centred_card` or a `status_panel`."""
    return rx.vstack(
        rx.icon(icon, size=icon_size, color=rx.color(color, 9)),
        *children,
        align="center",
        spacing=spacing,
    )


def missing_panel(icon: str, title_key: str, link_key: str, href, **props) -> rx.Component:
    """ "Not found" with a way on (to the catalog, home)."""
    return status_panel(
        icon,
        "gray",
        rx.heading(tr(title_key), size="6", as_="h1"),
        link_button(tr(link_key), href=href),
        **props,
    )
