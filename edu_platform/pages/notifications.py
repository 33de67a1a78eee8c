"""/my/notifications: every notification, paged; and the notification row /my reuses."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.i18n import tr, tr_plural
from edu_platform.components.layout import page
from edu_platform.components.page_parts import FILL
from edu_platform.services.account_area import NotificationItem
from edu_platform.state.dashboard import NotificationsState
from edu_platform.state.i18n import LangState


def empty_note(message_key: str, *extra: rx.Component) -> rx.Component:
    return blocks.notice(tr(message_key), *extra)


# --- the row ------------------------------------------------------------------------


def notification_row(item: NotificationItem, *, on_read=None) -> rx.Component:
    body = rx.hstack(
        rx.box(
            margin_top="6px",
            background=rx.cond(item.unread, rx.color("accent", 9), "transparent"),
            **blocks.circle("8px"),
        ),
        rx.vstack(
            blocks.row(
                rx.text(item.title, weight=rx.cond(item.unread, "bold", "regular"), size="2"),
                rx.cond(
                    item.unread,
                    rx.badge(tr("account.notifications.new"), size="1", variant="soft"),
                ),
                wrap="wrap",
            ),
            rx.cond(item.body != "", blocks.muted(item.body)),
            blocks.muted(item.created[LangState.lang].to(str), size="1"),
            spacing="1",
        ),
        spacing="3",
        align="start",
        width="100%",
    )
    content = rx.cond(
        item.link != "",
        blocks.block_link(body, href=item.link),
        body,
    )
    if on_read is not None:
        content = rx.hstack(
            rx.box(content, **FILL),
            rx.cond(
                item.unread,
                rx.button(
                    rx.icon("check", size=14),
                    tr("notify.mark_read"),
                    size="1",
                    variant="soft",
                    on_click=on_read(item.id),
                    data_testid="mark-read",
                ),
            ),
            align="start",
            width="100%",
        )
    return rx.card(content, size="1", width="100%", data_testid="notification")


def unread_badge(count: rx.Var) -> rx.Component:
    return rx.cond(
        count > 0,
        rx.badge(tr_plural("plural.unread", count), color_scheme="indigo"),
    )


def mark_all_button(count: rx.Var, handler) -> rx.Component:
    return rx.cond(
        count > 0,
        blocks.icon_button(
            "check-check",
            "account.notifications.mark_all_read",
            size="2",
            variant="soft",
            on_click=handler,
        ),
    )


def _centre_row(item: NotificationItem) -> rx.Component:
    return notification_row(item, on_read=NotificationsState.mark_read)


@page
def notifications_page() -> rx.Component:
    return blocks.column(
        rx.hstack(blocks.back_link("nav.my_learning", routes.MY), width="100%"),
        blocks.section(
            blocks.row(
                rx.heading(tr("account.notifications.title"), size="7"),
                unread_badge(NotificationsState.unread_count),
            ),
            blocks.list_or_empty(
                NotificationsState.items,
                _centre_row,
                empty_note("account.notifications.empty"),
                loading=~NotificationsState.loaded,
                skeleton=blocks.skeletons("64px", "64px", "64px", spacing="2"),
                spacing="2",
            ),
            mark_all_button(NotificationsState.unread_count, NotificationsState.mark_all_read),
        ),
        rx.cond(
            NotificationsState.page_count > 1,
            blocks.row(
                rx.button(
                    tr("account.pager.previous"),
                    variant="soft",
                    disabled=~NotificationsState.has_previous,
                    on_click=NotificationsState.go_to_page(NotificationsState.page - 1),
                ),
                rx.text(
                    tr("account.pager.page"),
                    " ",
                    NotificationsState.page,
                    " / ",
                    NotificationsState.page_count,
                    size="2",
                ),
                rx.button(
                    tr("account.pager.next"),
                    variant="soft",
                    disabled=~NotificationsState.has_next,
                    on_click=NotificationsState.go_to_page(NotificationsState.page + 1),
                ),
                spacing="3",
                justify="center",
                width="100%",
            ),
        ),
        spacing="5",
        max_width="760px",
        margin="0 auto",
    )
