"""What the money pages share: status badge, amounts, the order summary, a skeleton."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import badges, blocks
from edu_platform.components.i18n import tr
from edu_platform.state.i18n import LangState
from edu_platform.state.orders import LineDisplay, OrderDisplay

STATUS_COLORS = {"pending": "amber", "paid": "green", "cancelled": "gray", "refunded": "crimson"}


# --- shared pieces --------------------------------------------------------------------


def status_badge(status) -> rx.Component:
    return badges.status_badge(status, "commerce.orders.status", STATUS_COLORS, size="2")


def amount_row(label_key: str, amount, *, strong: bool = False, test_id: str = "") -> rx.Component:
    size = "4" if strong else "2"
    weight = "bold" if strong else "regular"
    return rx.hstack(
        rx.text(tr(label_key), size=size, weight=weight),
        rx.spacer(),
        rx.text(amount, size=size, weight=weight, data_testid=test_id or None),
        width="100%",
        align="center",
    )


def totals(subtotal, discount, total, has_discount) -> rx.Component:
    return blocks.column(
        amount_row("commerce.summary.subtotal", subtotal[LangState.lang]),
        rx.cond(
            has_discount,
            amount_row("commerce.summary.discount", discount[LangState.lang], test_id="discount"),
            rx.fragment(),
        ),
        rx.divider(),
        amount_row("commerce.summary.total", total[LangState.lang], strong=True, test_id="total"),
        spacing="2",
    )


def order_line(line: LineDisplay) -> rx.Component:
    return rx.hstack(
        rx.link(line.title, href=routes.course_url(line.slug), weight="medium", size="2"),
        rx.spacer(),
        rx.text(line.price[LangState.lang], size="2", white_space="nowrap"),
        width="100%",
        align="start",
        spacing="3",
    )


def order_summary(order: OrderDisplay) -> rx.Component:
    return blocks.column(
        rx.foreach(order.lines, order_line),
        rx.divider(),
        totals(order.subtotal, order.discount, order.total, order.has_discount),
    )


def loading_block() -> rx.Component:
    return blocks.skeletons("72px", "72px")


def once_loaded(loading: rx.Var, missing: rx.Var, missing_view: rx.Component, body: rx.Component):
    """The money page's placeholder while `loading`, then `missing_view` where there is
    nothing to show (an empty cart, an unknown order), else the `body`."""
    return rx.cond(loading, loading_block(), rx.cond(missing, missing_view, body))
