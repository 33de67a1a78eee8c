"""The header's bell (unread notifications) and messages link (unread messages), live."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
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


def _counter_link(icon: str, href: str, label_key: str, count: rx.Var, test_ids: tuple[str, str]):
    """A header icon linking to `href`, with its unread count as a badge; `test_ids` are
    the link's and the badge's."""
    return rx.link(
        blocks.row(
            rx.icon(icon, size=18),
            _badge(count, test_ids[1]),
            spacing="1",
        ),
        href=href,
        aria_label=_name(label_key, count),
        title=tr(label_key),
        color_scheme="gray",
        high_contrast=True,
        data_testid=test_ids[0],
    )


def bell_links(*, compact: bool = False) -> rx.Component:
    """The two header icons with their counts (signed-in users only); `compact` (phones)
    shows the bell alone, the messages being in the menu."""
    messages = _counter_link(
        "message-circle",
        routes.MESSAGES,
        "inbox.title",
        BellState.unread_messages,
        ("messages-link", "messages-count"),
    )
    bell = _counter_link(
        "bell", routes.MY_NOTIFICATIONS, "notify.bell", BellState.unread, ("bell", "bell-count")
    )
    return rx.cond(
        AuthState.signed_in,
        blocks.row(*([] if compact else [messages]), bell, spacing="4"),
        rx.fragment(),
    )


def write_teacher_button(href: rx.Var, **button_props) -> rx.Component:
    """Opens (or starts) the conversation with a course's teacher: `href` is
    routes.conversation_url("u<teacher id>") or ("teacher-<course slug>") (player)."""
    return link_button(
        rx.icon("message-circle", size=16),
        tr("inbox.write_teacher"),
        href=href,
        variant="soft",
        data_testid="write-teacher",
        **button_props,
    )
