"""/admin/orders: the orders table, one order in a dialog, and the refund confirmation."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import admin_list as lists
from edu_platform.components import badges, blocks
from edu_platform.components.admin_layout import admin_page
from edu_platform.components.buttons import SECONDARY, dialog_buttons, row_button, submit_button
from edu_platform.components.dialogs import form_dialog, view_dialog
from edu_platform.components.forms import area_field, form_error
from edu_platform.components.i18n import tr
from edu_platform.state.admin_orders import (
    SORTS,
    STATUSES,
    AdminOrdersState,
    DetailItem,
    DetailPayment,
    DetailRefund,
    OrderRow,
)

S = AdminOrdersState
STATUS_COLORS = {
    "pending": "amber",
    "paid": "green",
    "cancelled": "gray",
    "refunded": "red",
    "succeeded": "green",
    "failed": "red",
}


def status_badge(status: rx.Var) -> rx.Component:
    return badges.status_badge(status, "admin_data.orders.status", STATUS_COLORS)


def order_row(row: OrderRow) -> rx.Component:
    return lists.list_row(
        "admin-order-row",
        lists.cell(rx.text("#", row.id, size="2", weight="medium"), wide=True, nowrap=True),
        # On a phone the number joins the buyer's cell, and its line may wrap: the row fits
        # 375 px with its button.
        lists.person_cell(
            row.email,
            row.full_name,
            lists.phone_only(
                rx.hstack(
                    rx.text("#", row.id, size="1", weight="medium"),
                    status_badge(row.status),
                    rx.text(row.total, size="1", white_space="nowrap"),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                )
            ),
        ),
        lists.cell(status_badge(row.status), wide=True),
        lists.text_cell(row.total, wide=True, nowrap=True),
        lists.text_cell(row.created, wide=True, nowrap=True),
        rx.table.cell(
            row_button("admin_data.orders.view", S.open_detail(row.id), "#" + row.id.to_string())
        ),
    )


def _line(label_key: str, value: rx.Var) -> rx.Component:
    return rx.cond(
        value != "",
        rx.hstack(
            blocks.muted(tr(label_key)),
            rx.spacer(),
            rx.text(value, size="2", weight="medium"),
            width="100%",
        ),
    )


def _item(item: DetailItem) -> rx.Component:
    return rx.hstack(
        rx.text(item.title, size="2"), rx.spacer(), rx.text(item.price, size="2"), width="100%"
    )


def _payment(payment: DetailPayment) -> rx.Component:
    return blocks.stacked_card(
        blocks.toolbar(
            status_badge(payment.status),
            rx.text(payment.amount, size="2", weight="medium"),
            rx.spacer(),
            blocks.muted(payment.created, size="1"),
        ),
        blocks.muted(
            payment.provider,
            " · ",
            payment.reference,
            size="1",
            style={"word_break": "break-all"},
        ),
        rx.cond(payment.error != "", rx.text(payment.error, size="1", color_scheme="red")),
        spacing="1",
        size="1",
    )


def _refund(refund: DetailRefund) -> rx.Component:
    return blocks.stacked_card(
        rx.hstack(
            rx.text(refund.amount, size="2", weight="medium"),
            rx.spacer(),
            blocks.muted(refund.created, size="1"),
            width="100%",
        ),
        rx.text(tr("admin_data.orders.refund_by"), " ", refund.by, size="1"),
        rx.cond(refund.reason != "", blocks.muted(refund.reason, size="1")),
        spacing="1",
        size="1",
        data_testid="admin-refund",
    )


def _section(title_key: str, rows: rx.Var, view, empty_key: str) -> rx.Component:
    return blocks.column(
        rx.heading(tr(title_key), size="3", as_="h3"),
        blocks.short_list(rows, view, empty_key),
        spacing="2",
    )


def detail_dialog() -> rx.Component:
    return view_dialog(
        (tr("admin_data.orders.order"), " #", S.detail_id),
        rx.box(status_badge(S.detail_status), padding_top="8px"),
        blocks.column(
            blocks.column(
                rx.heading(tr("admin_data.orders.items"), size="3", as_="h3"),
                rx.foreach(S.detail_items, _item),
                rx.divider(),
                _line("admin_data.orders.subtotal", S.detail_subtotal),
                _line("admin_data.orders.coupon", S.detail_coupon),
                _line("admin_data.orders.discount", S.detail_discount),
                _line("admin_data.orders.total", S.detail_total),
                _line("admin_data.orders.created", S.detail_created),
                _line("admin_data.orders.paid_at", S.detail_paid),
                _line("admin_data.orders.refunded_at", S.detail_refunded),
                spacing="2",
            ),
            _section(
                "admin_data.orders.payments",
                S.detail_payments,
                _payment,
                "admin_data.orders.no_payments",
            ),
            _section(
                "admin_data.orders.refunds",
                S.detail_refunds,
                _refund,
                "admin_data.orders.no_refunds",
            ),
            dialog_buttons(
                rx.cond(
                    S.detail_status == "paid",
                    rx.button(
                        rx.icon("undo-2", size=16),
                        tr("admin_data.orders.refund"),
                        color_scheme="red",
                        on_click=S.ask_refund,
                    ),
                ),
                rx.dialog.close(rx.button(tr("admin_data.close"), **SECONDARY)),
            ),
            spacing="4",
            padding_top="12px",
        ),
        description=(S.detail_buyer, " · ", S.detail_email),
        open=S.detail_open,
        on_open_change=S.set_detail_open,
        max_width="560px",
        data_testid="admin-order-detail",
    )


def refund_dialog() -> rx.Component:
    return form_dialog(
        title=rx.fragment(tr("admin_data.orders.refund_title"), " #", S.detail_id),
        description=rx.fragment(tr("admin_data.orders.refund_text"), " ", S.detail_total),
        fields=[
            area_field(
                "refund-reason",
                "admin_data.orders.reason",
                name="reason",
                max_length=2000,
                rows="3",
            ),
            form_error(S.refund_error),
        ],
        submit=submit_button(
            "admin_data.orders.refund_confirm", loading=S.refund_busy, color_scheme="red"
        ),
        on_submit=S.confirm_refund,
        open=S.refund_open,
        on_open_change=S.set_refund_open,
        cancel_key="admin_data.cancel",
        cancel_props={"disabled": S.refund_busy},
        alert=True,
    )


def content() -> rx.Component:
    return lists.keyed_list_page(
        S,
        "admin_data.orders",
        "admin-orders",
        ["order", "buyer", "status", "total", "created"],
        wide={"order", "status", "total", "created"},
        actions=True,
        search=(lists.hinted_filter(S, "admin-orders", "email", "admin_data.orders.email"),),
        choices=lists.keyed_filters(
            S, "admin-orders", "admin_data.orders", status=STATUSES, sort=SORTS
        ),
        row_view=order_row,
        after=(
            detail_dialog(),
            refund_dialog(),
        ),
    )


admin_orders_page = admin_page(routes.ADMIN_ORDERS, S.access, content)
