"""The header's bell (unread notifications) and messages link (unread messages), live."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.a11y import link_button
from edu_platform.components.i18n import tr
from edu_platform.state.auth import AuthState
from edu_platform.state.bell import BellState


def _badge(count: rx.Var, test_id: str) -> rx.Component:
    return rx.cond(
        count > 0,
        rx.badge(
            count, radius="full", variant="solid", color_scheme="red", size="1", data_testid=test_id
        ),
        rx.fragment(),
    )


def _name(label_key: str, count: rx.Var) -> rx.Var:
    """The link's accessible name holds the visible count too (WCAG 2.5.3)."""
    return rx.cond(count > 0, tr(label_key) + " " + count.to_string(), tr(label_key))


def bell_links(*, compact: bool = False) -> rx.Component:
    """The two header icons with their counts (signed-in users only); `compact` (phones)
    shows the bell alone, the messages being in the menu."""
    messages = (
        []
        if compact
        else [
            rx.link(
                rx.hstack(
                    rx.icon("message-circle", size=18),
                    _badge(BellState.unread_messages, "messages-count"),
                    spacing="1",
                    align="center",
                ),
                href=routes.MESSAGES,
                aria_label=_name("inbox.title", BellState.unread_messages),
                title=tr("inbox.title"),
                color_scheme="gray",
                high_contrast=True,
                data_testid="messages-link",
            )
        ]
    )
    return rx.cond(
        AuthState.signed_in,
        rx.hstack(
            *messages,
            rx.link(
                rx.hstack(
                    rx.icon("bell", size=18),
                    _badge(BellState.unread, "bell-count"),
                    spacing="1",
                    align="center",
                ),
                href=routes.MY_NOTIFICATIONS,
                aria_label=_name("notify.bell", BellState.unread),
                title=tr("notify.bell"),
                color_scheme="gray",
                high_contrast=True,
                data_testid="bell",
            ),
            spacing="4",
            align="center",
        ),
        rx.fragment(),
    )


def bell_watcher() -> rx.Component:
    """Placed once per page: starts the live counts when the header mounts."""
    return rx.box(on_mount=BellState.start, on_unmount=BellState.stop, display="none")


def write_teacher_button(href: rx.Var, **button_props) -> rx.Component:
    """Opens (or starts) the conversation with a course's teacher: `href` is
    "/messages/u<teacher id>" (course page) or "/messages/teacher-<slug>" (player)."""
    return link_button(
        rx.icon("message-circle", size=16),
        tr("inbox.write_teacher"),
        href=href,
        variant="soft",
        data_testid="write-teacher",
        **button_props,
    )
