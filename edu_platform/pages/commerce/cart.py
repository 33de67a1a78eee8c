"""/cart: the courses to buy, a coupon and the total."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.buttons import MAIN_ACTION, SECONDARY, busy_button, submit_button
from edu_platform.components.forms import form_error
from edu_platform.components.i18n import tr, tr_var
from edu_platform.components.layout import page
from edu_platform.components.page_parts import beside_on_wide
from edu_platform.pages.commerce.common import once_loaded, totals
from edu_platform.state.cart import CartState
from edu_platform.state.i18n import LangState
from edu_platform.state.orders import LineDisplay

# --- /cart ----------------------------------------------------------------------------


def cart_line(line: LineDisplay) -> rx.Component:
    return rx.card(
        blocks.responsive_row(
            rx.vstack(
                rx.link(line.title, href=routes.course_url(line.slug), weight="bold", size="3"),
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
            blocks.icon_button(
                "trash-2",
                "commerce.cart.remove",
                on_click=CartState.remove(line.course_id),
                **SECONDARY,
                size="2",
            ),
        ),
        width="100%",
        data_testid="cart-line",
    )


def coupon_form() -> rx.Component:
    applied = blocks.toolbar(
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
    )
    entry = blocks.inline_form(
        CartState.apply_coupon,
        "field-coupon_code",
        "commerce.cart.coupon_label",
        rx.input(
            id="field-coupon_code",
            name="coupon_code",
            size="2",
            width="100%",
            max_length=64,
            auto_complete="off",
            aria_invalid=rx.cond(CartState.coupon_error_key != "", "true", "false"),
        ),
        submit_button("commerce.cart.coupon_apply", loading=CartState.applying, variant="soft"),
        reset_on_submit=False,
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
    return blocks.column(rx.cond(CartState.coupon_code != "", applied, entry), error, spacing="2")


def cart_summary() -> rx.Component:
    return blocks.stacked_card(
        rx.heading(tr("commerce.cart.summary"), size="4"),
        coupon_form(),
        rx.divider(),
        totals(CartState.subtotal, CartState.discount, CartState.total, CartState.has_discount),
        form_error(
            tr_var(CartState.error_key, "commerce.", "error.", "rate_limits."),
            when=CartState.error_key != "",
        ),
        busy_button(
            tr("commerce.cart.checkout"),
            busy=CartState.checking_out,
            on_click=CartState.checkout,
            **MAIN_ACTION,
        ),
        spacing="4",
    )


def empty_cart() -> rx.Component:
    return blocks.notice(
        rx.text(tr("commerce.cart.empty_state")),
        rx.link(tr("commerce.cart.browse"), href=routes.CATALOG, weight="medium"),
        icon="shopping-cart",
        data_testid="cart-empty",
    )


@page
def cart_page() -> rx.Component:
    return blocks.page_column(
        "commerce.cart.title",
        once_loaded(
            CartState.loading,
            CartState.lines.length() == 0,
            empty_cart(),
            beside_on_wide(
                blocks.column(rx.foreach(CartState.lines, cart_line), flex="2"),
                rx.box(cart_summary(), flex="1", min_width=rx.breakpoints(md="320px")),
                gap="24px",
                second_on_top=False,
            ),
        ),
    )
