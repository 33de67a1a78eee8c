"""/my/orders: the learner's orders (one of the learner's tabs) and their receipts."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.dialogs import view_dialog
from edu_platform.components.i18n import tr
from edu_platform.components.layout import page
from edu_platform.components.learner_nav import learner_page
from edu_platform.pages.commerce.common import loading_block, order_summary, status_badge
from edu_platform.state.i18n import LangState
from edu_platform.state.orders import OrderDisplay, OrdersState

# --- /my/orders -----------------------------------------------------------------------


def order_card(order: OrderDisplay) -> rx.Component:
    return rx.card(
        blocks.responsive_row(
            rx.vstack(
                blocks.row(
                    rx.text(tr("commerce.checkout.order_no"), order.id, weight="bold"),
                    status_badge(order.status),
                ),
                blocks.muted(order.created[LangState.lang]),
                rx.el.ul(
                    rx.foreach(
                        order.lines,
                        lambda line: rx.el.li(
                            rx.icon("book-open", size=14, color=rx.color("accent", 10)),
                            rx.text(line.title, size="2", weight="medium"),
                            style={"display": "flex", "gap": "6px", "align_items": "center"},
                        ),
                    ),
                    aria_label=tr("commerce.orders.items"),
                    style={"margin": "0", "padding": "0", "list_style": "none"},
                    data_testid="order-courses",
                ),
                rx.cond(
                    order.has_payment_error & (order.status == "pending"),
                    rx.text(
                        tr("orders.last_payment_failed"),
                        " ",
                        order.payment_error[LangState.lang],
                        size="2",
                        color_scheme="red",
                        data_testid="order-payment-error",
                    ),
                ),
                spacing="1",
                align="start",
                flex="1",
            ),
            rx.text(order.total[LangState.lang], weight="bold", size="4", white_space="nowrap"),
            rx.hstack(
                rx.cond(
                    order.status == "pending",
                    link_button(tr("commerce.orders.pay_now"), href=order.checkout_url, size="2"),
                    rx.fragment(),
                ),
                rx.button(
                    tr("commerce.orders.receipt"),
                    on_click=OrdersState.open_receipt(order.id),
                    variant="soft",
                    size="2",
                ),
                spacing="2",
            ),
        ),
        width="100%",
        data_testid="order-card",
    )


def _receipt_fact(label_key: str, value: rx.Var) -> rx.Component:
    return rx.hstack(blocks.muted(tr(label_key)), rx.text(value, size="2"), spacing="2")


def receipt_dialog() -> rx.Component:
    receipt = OrdersState.receipt
    return view_dialog(
        (tr("commerce.orders.receipt_title"), receipt.id),
        blocks.column(
            _receipt_fact("commerce.orders.date", receipt.created[LangState.lang]),
            rx.cond(
                receipt.paid[LangState.lang] != "",
                _receipt_fact("commerce.orders.paid_at", receipt.paid[LangState.lang]),
                rx.fragment(),
            ),
            status_badge(receipt.status),
            rx.divider(),
            order_summary(receipt),
            rx.cond(
                receipt.coupon_code != "",
                rx.text(tr("commerce.orders.coupon"), ": ", receipt.coupon_code, size="2"),
                rx.fragment(),
            ),
            rx.dialog.close(rx.button(tr("commerce.orders.close"), variant="soft", width="100%")),
        ),
        open=OrdersState.receipt_open,
        on_open_change=OrdersState.set_receipt_open,
        max_width="520px",
    )


@page
def my_orders_page() -> rx.Component:
    return learner_page(
        "orders",
        rx.heading(tr("commerce.orders.title"), size="5", as_="h2"),
        blocks.list_or_empty(
            OrdersState.orders,
            order_card,
            blocks.notice(tr("commerce.orders.empty")),
            loading=OrdersState.loading,
            skeleton=loading_block(),
        ),
        receipt_dialog(),
    )
