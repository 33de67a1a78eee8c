"""The header's cart link with the number of courses in the cart (signed-in users only)."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.i18n import tr
from edu_platform.state.auth import AuthState
from edu_platform.state.cart import CartState


def cart_link() -> rx.Component:
    """The count is loaded by every page's load (state/page_load.py), so the badge is
    current after each navigation."""
    return rx.box(
        rx.cond(
            AuthState.signed_in,
            rx.link(
                blocks.row(
                    rx.icon("shopping-cart", size=18),
                    rx.cond(
                        CartState.count > 0,
                        rx.badge(CartState.count, radius="full", variant="solid", size="1"),
                        rx.fragment(),
                    ),
                    spacing="1",
                ),
                href=routes.CART,
                aria_label=tr("commerce.cart.link"),
                title=tr("commerce.cart.link"),
                color_scheme="gray",
                high_contrast=True,
                data_testid="cart-link",
            ),
            rx.fragment(),
        ),
    )
