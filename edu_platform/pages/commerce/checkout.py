"""/checkout/[order_id]: pay for an order; after payment, start the course."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import link_button
from edu_platform.components.buttons import MAIN_ACTION, busy_button
from edu_platform.components.forms import form_error, labelled_field
from edu_platform.components.i18n import tr, tr_var
from edu_platform.components.layout import page
from edu_platform.components.page_parts import beside_on_wide
from edu_platform.pages.commerce.common import (
    once_loaded,
    order_summary,
    status_badge,
)
from edu_platform.state.checkout import CheckoutState
from edu_platform.state.i18n import LangState
from edu_platform.state.orders import LineDisplay

# --- /checkout/[order_id] -------------------------------------------------------------


def payment_error() -> rx.Component:
    """Why the last payment attempt failed (either provider's messages)."""
    return form_error(
        tr_var(CheckoutState.form_error_key, "commerce.", "error.", "yookassa.", "payment.reason."),
        when=CheckoutState.form_error_key != "",
        data_testid="payment-error",
    )


def _pay_button(label_key: str, *, with_total: bool = True, **props) -> rx.Component:
    total = (" ", CheckoutState.order.total[LangState.lang]) if with_total else ()
    return busy_button(
        tr(label_key),
        *total,
        busy=CheckoutState.submitting,
        type="submit",
        **(MAIN_ACTION | props),
    )


def _payment_card(
    pay_key: str,
    *fields: rx.Component,
    pay_props: dict | None = None,
    with_total: bool = True,
    **form_props,
) -> rx.Component:
    """The payment form in a card: `fields`, the payment's error, then the Pay button."""
    return rx.card(
        blocks.post_form(
            CheckoutState.pay,
            *fields,
            payment_error(),
            _pay_button(pay_key, with_total=with_total, **(pay_props or {})),
            **form_props,
        ),
        width="100%",
    )


def card_form() -> rx.Component:
    errors = CheckoutState.field_errors
    return _payment_card(
        "commerce.checkout.pay",
        rx.heading(tr("commerce.checkout.card_title"), size="4"),
        rx.callout(tr("commerce.checkout.sandbox_hint"), icon="info", size="1"),
        labelled_field(
            "card_number", "commerce.checkout.card_number", errors, autocomplete="cc-number"
        ),
        blocks.tiles(
            labelled_field("exp", "commerce.checkout.exp", errors, autocomplete="cc-exp"),
            labelled_field("cvc", "commerce.checkout.cvc", errors, autocomplete="cc-csc"),
            columns="2",
            spacing="3",
        ),
        reset_on_submit=False,
    )


def redirect_form() -> rx.Component:
    """A provider that takes the payment on its own page (YooKassa): one button."""
    return _payment_card(
        "yookassa.pay_button",
        rx.text(tr("yookassa.pay_note"), size="2"),
        pay_props={"data_testid": "pay-redirect"},
    )


def free_form() -> rx.Component:
    """An order a coupon made free: confirmed with one button, no card."""
    return _payment_card(
        "commerce.checkout.free_button",
        rx.text(tr("commerce.checkout.free_note"), size="2"),
        pay_props={"data_testid": "pay-free"},
        with_total=False,
    )


def _start_line(line: LineDisplay) -> rx.Component:
    return blocks.toolbar(
        rx.icon("book-open", size=18, color=rx.color("green", 11), flex_shrink="0"),
        rx.text(line.title, weight="medium", size="2", flex="1", min_width="0"),
        link_button(
            tr("learner_nav.start_course"),
            rx.icon("arrow-right", size=16),
            href=line.learn_url,
            size="2",
        ),
        data_testid="start-course",
    )


def payment_received() -> rx.Component:
    """After payment: each course of the order with its "Start course" button."""
    return blocks.notice(
        rx.heading(tr("commerce.checkout.paid_title"), size="5"),
        rx.text(tr("commerce.checkout.paid_text")),
        blocks.column(rx.foreach(CheckoutState.order.lines, _start_line), spacing="2"),
        rx.link(tr("commerce.checkout.go_my"), href=routes.MY, size="2"),
        tone="success",
        icon="circle-check",
        data_testid="payment-received",
    )


def checkout_body() -> rx.Component:
    summary = blocks.stacked_card(
        rx.hstack(
            rx.heading(tr("commerce.checkout.order_no"), CheckoutState.order.id, size="4"),
            rx.spacer(),
            status_badge(CheckoutState.order.status),
            width="100%",
            align="center",
        ),
        order_summary(CheckoutState.order),
        spacing="4",
    )
    action = rx.cond(
        CheckoutState.is_paid,
        payment_received(),
        rx.cond(
            CheckoutState.is_pending,
            rx.cond(
                CheckoutState.nothing_to_pay,
                free_form(),
                rx.cond(CheckoutState.redirect_provider, redirect_form(), card_form()),
            ),
            blocks.notice(tr("commerce.checkout.closed")),
        ),
    )
    return beside_on_wide(
        rx.box(action, flex="1", width="100%"),
        rx.box(summary, flex="1", width="100%"),
        gap="24px",
        second_on_top=False,
    )


@page
def checkout_page() -> rx.Component:
    return blocks.page_column(
        "commerce.checkout.title",
        once_loaded(
            ~CheckoutState.loaded,
            CheckoutState.missing,
            blocks.notice(
                rx.text(tr("commerce.order.not_found")),
                rx.link(tr("commerce.checkout.back_to_cart"), href=routes.CART),
            ),
            checkout_body(),
        ),
        max_width="960px",
    )
