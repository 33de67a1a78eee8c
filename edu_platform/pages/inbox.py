"""/messages: conversations on the left, the open thread on the right (stacked on phones:
the list, or the thread with a way back to the list)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.forms import error_text, field_label, form_error
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.markdown import LINK_REL
from edu_platform.components.page_parts import quiet_button
from edu_platform.state.inbox import ConversationRow, InboxState, MessageRow, Piece


def _conversation(row: ConversationRow) -> rx.Component:
    active = row.id == InboxState.current_id
    return blocks.block_link(
        blocks.row(
            rx.avatar(fallback=row.name.to(str)[:1], size="2", radius="full"),
            blocks.column(
                rx.hstack(
                    rx.text(row.name, weight="bold", size="2", trim="both"),
                    rx.spacer(),
                    blocks.muted(row.when, size="1"),
                    width="100%",
                    align="center",
                ),
                blocks.muted(row.preview, size="1", trim="both"),
                spacing="1",
                min_width="0",
            ),
            rx.cond(
                row.unread > 0,
                rx.badge(row.unread, radius="full", variant="solid", data_testid="thread-unread"),
            ),
            spacing="3",
            width="100%",
            padding="10px",
            border_radius="8px",
            background=rx.cond(active, rx.color("accent", 3), "transparent"),
        ),
        href=row.href,
        data_testid="conversation",
        width="100%",
    )


def _conversation_list() -> rx.Component:
    return blocks.list_or_empty(
        InboxState.conversations,
        _conversation,
        blocks.notice(tr("inbox.empty")),
        spacing="1",
    )


def _piece(piece: Piece) -> rx.Component:
    return rx.cond(
        piece.href != "",
        rx.link(piece.text, href=piece.href, is_external=True, rel=LINK_REL),
        rx.text.span(piece.text),
    )


def _message(row: MessageRow) -> rx.Component:
    return rx.hstack(
        rx.box(
            rx.text(
                rx.foreach(row.pieces, _piece),
                size="2",
                white_space="pre-wrap",
                style={"overflow_wrap": "anywhere"},
                data_testid="message-body",
            ),
            blocks.row(
                blocks.muted(row.when, size="1"),
                rx.cond(
                    ~row.mine & ~row.reported,
                    quiet_button("inbox.report", InboxState.report(row.id)),
                ),
                justify="end",
            ),
            padding="8px 12px",
            border_radius="12px",
            max_width="85%",
            background=rx.cond(row.mine, rx.color("accent", 4), rx.color("gray", 3)),
        ),
        justify=rx.cond(row.mine, "end", "start"),
        width="100%",
        data_testid="message",
    )


def _thread(pane: str) -> rx.Component:
    """The open conversation; `pane` ("wide", "narrow") keeps the ids of the two copies the
    page holds (one per layout) apart, so each label names its own box."""
    body_id = f"message-body-{pane}"
    error_id = f"message-error-{pane}"
    return blocks.column(
        blocks.row(
            blocks.back_link("inbox.back", routes.MESSAGES, class_name="inbox-back"),
            rx.heading(InboxState.other_name, size="4", as_="h2"),
            spacing="3",
            wrap="wrap",
        ),
        rx.box(
            blocks.short_list(InboxState.messages, _message, "inbox.no_messages"),
            # column-reverse keeps the newest message in view without any script
            style={"display": "flex", "flex_direction": "column-reverse"},
            overflow_y="auto",
            max_height="60vh",
            width="100%",
            padding="4px",
            data_testid="thread",
        ),
        blocks.post_form(
            InboxState.send,
            field_label(body_id, "inbox.placeholder"),
            rx.hstack(
                rx.text_area(
                    id=body_id,
                    name="body",
                    max_length=5000,
                    required=True,
                    rows="2",
                    width="100%",
                    aria_invalid=rx.cond(InboxState.send_error != "", "true", "false"),
                    aria_describedby=rx.cond(InboxState.send_error != "", error_id, ""),
                ),
                blocks.icon_button(
                    "send",
                    "inbox.send",
                    type="submit",
                    loading=InboxState.sending,
                ),
                align="end",
                width="100%",
            ),
            error_text(InboxState.send_error, id=error_id),
            spacing="1",
            reset_on_submit=True,
        ),
    )


def _right() -> rx.Component:
    return rx.cond(
        InboxState.current_id > 0,
        _thread("wide"),
        rx.center(rx.text(tr("inbox.pick"), color_scheme="gray"), min_height="200px"),
    )


def _panes() -> rx.Component:
    """The list and the thread side by side on a desktop; one of them on a phone."""
    divider = {"border_right": f"1px solid {rx.color('gray', 4)}", "padding_right": "12px"}
    list_pane = rx.box(_conversation_list(), **divider)
    side_by_side = rx.grid(list_pane, _right(), columns="320px 1fr", gap="24px", width="100%")
    one_at_a_time = rx.cond(InboxState.current_id > 0, _thread("narrow"), _conversation_list())
    return rx.fragment(
        rx.desktop_only(side_by_side, width="100%"),
        rx.mobile_and_tablet(one_at_a_time, width="100%"),
    )


@page
def inbox_page() -> rx.Component:
    return blocks.page_column(
        "inbox.title",
        form_error(InboxState.error),
        blocks.when_loaded(InboxState.loaded, _panes(), "200px"),
        spacing="4",
        on_unmount=InboxState.leave,
    )
