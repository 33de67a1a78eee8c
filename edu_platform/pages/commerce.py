"""Money pages: the cart (/cart), payment (/checkout/[order_id]) and orders (/my/orders)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components.forms import labelled_field
from edu_platform.components.i18n import tr, tr_var
from edu_platform.components.layout import page
from edu_platform.state.cart import CartState
from edu_platform.state.checkout import CheckoutState
from edu_platform.state.i18n import LangState
from edu_platform.state.orders import LineDisplay, OrderDisplay, OrdersState

STATUS_COLORS = {"pending": "amber", "paid": "green", "cancelled": "gray", "refunded": "crimson"}
TWO_COLUMNS = rx.breakpoints(initial="column", md="row")


# --- shared pieces --------------------------------------------------------------------


def status_badge(status) -> rx.Component:
    return rx.match(
        status,
        *[
            (name, rx.badge(tr(f"commerce.orders.status.{name}"), color_scheme=color, size="2"))
            for name, color in STATUS_COLORS.items()
        ],
        rx.badge(status),
    )


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
    return rx.vstack(
        amount_row("commerce.summary.subtotal", subtotal[LangState.lang]),
        rx.cond(
            has_discount,
            amount_row("commerce.summary.discount", discount[LangState.lang], test_id="discount"),
            rx.fragment(),
        ),
        rx.divider(),
        amount_row("commerce.summary.total", total[LangState.lang], strong=True, test_id="total"),
        spacing="2",
        width="100%",
    )


def order_line(line: LineDisplay) -> rx.Component:
    return rx.hstack(
        rx.link(line.title, href="/course/" + line.slug, weight="medium", size="2"),
        rx.spacer(),
        rx.text(line.price[LangState.lang], size="2", white_space="nowrap"),
        width="100%",
        align="start",
        spacing="3",
    )


def order_summary(order: OrderDisplay) -> rx.Component:
    return rx.vstack(
        rx.foreach(order.lines, order_line),
        rx.divider(),
        totals(order.subtotal, order.discount, order.total, order.has_discount),
        spacing="3",
        width="100%",
    )


# --- /cart ----------------------------------------------------------------------------


def cart_line(line: LineDisplay) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.link(line.title, href="/course/" + line.slug, weight="bold", size="3"),
                rx.cond(
                    line.has_discount,
                    rx.hstack(
                        rx.text(tr("commerce.summary.discount"), size="2", color_scheme="green"),
                        rx.text(line.discount[LangState.lang], size="2", color_scheme="green"),
                        spacing="1",
                    ),
                    rx.fragment(),
                ),
                spacing="1",
                align="start",
                flex="1",
            ),
            rx.text(line.price[LangState.lang], weight="bold", size="3", white_space="nowrap"),
            rx.button(
                rx.icon("trash-2", size=16),
                tr("commerce.cart.remove"),
                on_click=CartState.remove(line.course_id),
                variant="soft",
                color_scheme="gray",
                size="2",
            ),
            direction=rx.breakpoints(initial="column", sm="row"),
            align=rx.breakpoints(initial="start", sm="center"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="cart-line",
    )


def coupon_form() -> rx.Component:
    applied = rx.hstack(
        rx.icon("badge-check", size=18, color=rx.color("green", 10)),
        rx.text(tr("commerce.cart.coupon_applied"), size="2", color_scheme="green", role="status"),
        rx.badge(CartState.coupon_code, color_scheme="green", variant="surface"),
        rx.spacer(),
        rx.button(
            tr("commerce.cart.coupon_clear"),
            on_click=CartState.clear_coupon,
            variant="ghost",
            size="1",
        ),
        width="100%",
        align="center",
        wrap="wrap",
    )
    entry = rx.form(
        rx.vstack(
            rx.el.label(
                rx.text(tr("commerce.cart.coupon_label"), size="2", weight="medium"),
                html_for="field-coupon_code",
            ),
            rx.hstack(
                rx.input(
                    id="field-coupon_code",
                    name="coupon_code",
                    size="2",
                    width="100%",
                    max_length=64,
                    auto_complete="off",
                    aria_invalid=rx.cond(CartState.coupon_error_key != "", "true", "false"),
                ),
                rx.button(
                    tr("commerce.cart.coupon_apply"),
                    type="submit",
                    variant="soft",
                    loading=CartState.applying,
                ),
                width="100%",
            ),
            spacing="1",
            width="100%",
        ),
        method="post",
        on_submit=CartState.apply_coupon,
        reset_on_submit=False,
        width="100%",
    )
    error = rx.cond(
        CartState.coupon_error_key != "",
        rx.text(
            tr_var(CartState.coupon_error_key, "commerce.", "error.", "rate_limits."),
            size="2",
            color_scheme="red",
            role="alert",
        ),
        rx.fragment(),
    )
    return rx.vstack(
        rx.cond(CartState.coupon_code != "", applied, entry), error, spacing="2", width="100%"
    )


def cart_summary() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(tr("commerce.cart.summary"), size="4"),
            coupon_form(),
            rx.divider(),
            totals(CartState.subtotal, CartState.discount, CartState.total, CartState.has_discount),
            rx.cond(
                CartState.error_key != "",
                rx.callout(
                    tr_var(CartState.error_key, "commerce.", "error.", "rate_limits."),
                    icon="triangle-alert",
                    color_scheme="red",
                    role="alert",
                    width="100%",
                ),
                rx.fragment(),
            ),
            rx.button(
                tr("commerce.cart.checkout"),
                on_click=CartState.checkout,
                loading=CartState.checking_out,
                disabled=CartState.checking_out,
                size="3",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def empty_cart() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(tr("commerce.cart.empty_state")),
            rx.link(tr("commerce.cart.browse"), href=routes.CATALOG, weight="medium"),
            spacing="2",
        ),
        icon="shopping-cart",
        width="100%",
        data_testid="cart-empty",
    )


def loading_block() -> rx.Component:
    return rx.vstack(
        rx.skeleton(height="72px", width="100%"),
        rx.skeleton(height="72px", width="100%"),
        spacing="3",
        width="100%",
    )


@page
def cart_page() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("commerce.cart.title"), size="7"),
        rx.cond(
            CartState.loading,
            loading_block(),
            rx.cond(
                CartState.lines.length() == 0,
                empty_cart(),
                rx.flex(
                    rx.vstack(
                        rx.foreach(CartState.lines, cart_line),
                        spacing="3",
                        width="100%",
                        flex="2",
                    ),
                    rx.box(cart_summary(), flex="1", min_width=rx.breakpoints(md="320px")),
                    direction=TWO_COLUMNS,
                    spacing="5",
                    width="100%",
                    align="start",
                ),
            ),
        ),
        spacing="5",
        width="100%",
    )


# --- /checkout/[order_id] -------------------------------------------------------------


def payment_error() -> rx.Component:
    """Why the last payment attempt failed (either provider's messages)."""
    return rx.cond(
        CheckoutState.form_error_key != "",
        rx.callout(
            tr_var(CheckoutState.form_error_key, "commerce.", "error.", "yookassa."),
            icon="triangle-alert",
            color_scheme="red",
            role="alert",
            width="100%",
            data_testid="payment-error",
        ),
        rx.fragment(),
    )


def card_form() -> rx.Component:
    errors = CheckoutState.field_errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(tr("commerce.checkout.card_title"), size="4"),
                rx.callout(tr("commerce.checkout.sandbox_hint"), icon="info", size="1"),
                labelled_field(
                    "card_number", "commerce.checkout.card_number", errors, autocomplete="cc-number"
                ),
                rx.grid(
                    labelled_field("exp", "commerce.checkout.exp", errors, autocomplete="cc-exp"),
                    labelled_field("cvc", "commerce.checkout.cvc", errors, autocomplete="cc-csc"),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
                payment_error(),
                rx.button(
                    tr("commerce.checkout.pay"),
                    " ",
                    CheckoutState.order.total[LangState.lang],
                    type="submit",
                    size="3",
                    width="100%",
                    loading=CheckoutState.submitting,
                    disabled=CheckoutState.submitting,
                ),
                spacing="3",
                width="100%",
            ),
            method="post",
            on_submit=CheckoutState.pay,
            reset_on_submit=False,
            width="100%",
        ),
        width="100%",
    )


def redirect_form() -> rx.Component:
    """A provider that takes the payment on its own page (YooKassa): one button."""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.text(tr("yookassa.pay_note"), size="2"),
                payment_error(),
                rx.button(
                    tr("yookassa.pay_button"),
                    " ",
                    CheckoutState.order.total[LangState.lang],
                    type="submit",
                    size="3",
                    width="100%",
                    loading=CheckoutState.submitting,
                    disabled=CheckoutState.submitting,
                    data_testid="pay-redirect",
                ),
                spacing="3",
                width="100%",
            ),
            method="post",
            on_submit=CheckoutState.pay,
            width="100%",
        ),
        width="100%",
    )


def payment_received() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.heading(tr("commerce.checkout.paid_title"), size="5"),
            rx.text(tr("commerce.checkout.paid_text")),
            rx.button(
                rx.link(tr("commerce.checkout.go_my"), href=routes.MY, underline="none"),
                as_child=True,
                size="3",
            ),
            spacing="3",
        ),
        icon="circle-check",
        color_scheme="green",
        width="100%",
        role="status",
        data_testid="payment-received",
    )


def checkout_body() -> rx.Component:
    summary = rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(tr("commerce.checkout.order_no"), CheckoutState.order.id, size="4"),
                rx.spacer(),
                status_badge(CheckoutState.order.status),
                width="100%",
                align="center",
            ),
            order_summary(CheckoutState.order),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )
    action = rx.cond(
        CheckoutState.is_paid,
        payment_received(),
        rx.cond(
            CheckoutState.is_pending,
            rx.cond(CheckoutState.redirect_provider, redirect_form(), card_form()),
            rx.callout(tr("commerce.checkout.closed"), icon="info", width="100%"),
        ),
    )
    return rx.flex(
        rx.box(action, flex="1", width="100%"),
        rx.box(summary, flex="1", width="100%"),
        direction=TWO_COLUMNS,
        spacing="5",
        width="100%",
        align="start",
    )


@page
def checkout_page() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("commerce.checkout.title"), size="7"),
        rx.cond(
            ~CheckoutState.loaded,
            loading_block(),
            rx.cond(
                CheckoutState.missing,
                rx.callout(
                    rx.vstack(
                        rx.text(tr("commerce.order.not_found")),
                        rx.link(tr("commerce.checkout.back_to_cart"), href=routes.CART),
                    ),
                    icon="info",
                    width="100%",
                ),
                checkout_body(),
            ),
        ),
        spacing="5",
        width="100%",
        max_width="960px",
    )


# --- /my/orders -----------------------------------------------------------------------


def order_card(order: OrderDisplay) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.text(tr("commerce.checkout.order_no"), order.id, weight="bold"),
                    status_badge(order.status),
                    spacing="2",
                    align="center",
                ),
                rx.text(order.created[LangState.lang], size="2", color_scheme="gray"),
                rx.text(tr("commerce.orders.items"), ": ", order.lines.length(), size="2"),
                spacing="1",
                align="start",
                flex="1",
            ),
            rx.text(order.total[LangState.lang], weight="bold", size="4", white_space="nowrap"),
            rx.hstack(
                rx.cond(
                    order.status == "pending",
                    rx.button(
                        rx.link(
                            tr("commerce.orders.pay_now"),
                            href="/checkout/" + order.id.to_string(),
                            underline="none",
                        ),
                        as_child=True,
                        size="2",
                    ),
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
            direction=rx.breakpoints(initial="column", sm="row"),
            align=rx.breakpoints(initial="start", sm="center"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="order-card",
    )


def receipt_dialog() -> rx.Component:
    receipt = OrdersState.receipt
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("commerce.orders.receipt_title"), receipt.id),
            rx.vstack(
                rx.hstack(
                    rx.text(tr("commerce.orders.date"), size="2", color_scheme="gray"),
                    rx.text(receipt.created[LangState.lang], size="2"),
                    spacing="2",
                ),
                rx.cond(
                    receipt.paid[LangState.lang] != "",
                    rx.hstack(
                        rx.text(tr("commerce.orders.paid_at"), size="2", color_scheme="gray"),
                        rx.text(receipt.paid[LangState.lang], size="2"),
                        spacing="2",
                    ),
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
                rx.dialog.close(
                    rx.button(tr("commerce.orders.close"), variant="soft", width="100%")
                ),
                spacing="3",
                width="100%",
            ),
            max_width="520px",
        ),
        open=OrdersState.receipt_open,
        on_open_change=OrdersState.set_receipt_open,
    )


@page
def my_orders_page() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("commerce.orders.title"), size="7"),
        rx.cond(
            OrdersState.loading,
            loading_block(),
            rx.cond(
                OrdersState.orders.length() == 0,
                rx.callout(tr("commerce.orders.empty"), icon="info", width="100%"),
                rx.vstack(rx.foreach(OrdersState.orders, order_card), spacing="3", width="100%"),
            ),
        ),
        receipt_dialog(),
        spacing="5",
        width="100%",
        max_width="960px",
    )
