"""/checkout/[order_id]: the order summary and the configured provider's card form, or,
with a redirect provider (YooKassa), a button that sends the buyer to its payment page."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import payment_reason_key
from edu_platform.services import orders, payments
from edu_platform.services.errors import DomainError, NotFound
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import VisitorState
from edu_platform.state.cart import CartState
from edu_platform.state.navigation import full_page_load
from edu_platform.state.orders import OrderDisplay, order_display

CARD_FIELDS = ("card_number", "exp", "cvc")


class CheckoutState(VisitorState, rx.State):
    order: OrderDisplay = OrderDisplay()
    loaded: bool = False
    missing: bool = False
    field_errors: dict[str, str] = {}
    form_error_key: str = ""
    submitting: bool = False
    # True when the provider takes the payment on its own page (no card form here).
    redirect_provider: bool = False
    # True when a coupon covers the whole price: one button, no card.
    nothing_to_pay: bool = False

    @rx.var
    def is_paid(self) -> bool:
        return self.order.status == "paid"

    @rx.var
    def is_pending(self) -> bool:
        return self.order.status == "pending"

    def _requested_id(self) -> int | None:
        raw = str(self.order_id)  # the [order_id] route parameter (TOOLCHAIN.md, 5)
        return int(raw) if raw.isdigit() and len(raw) < 12 else None

    def _here(self) -> str:
        requested = self._requested_id()
        return routes.checkout_url(requested) if requested else routes.CART

    @rx.event
    async def load(self):
        self.loaded = False
        self.missing = False
        self.field_errors = {}
        self.form_error_key = ""
        self.submitting = False
        self.redirect_provider = not payments.get_provider().takes_card
        self.nothing_to_pay = False
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(self._here())
        requested = self._requested_id()
        try:
            if requested is None:
                raise NotFound("no such order")
            if self.redirect_provider:
                # Back from the provider's page: ask it rather than wait for its notification.
                await asyncio.to_thread(
                    payments.refresh_order_payments, user_id=user_id, order_id=requested
                )
            view = await db.run(orders.get_order, actor_id=user_id, order_id=requested)
            if view.user_id != user_id:
                raise NotFound("not your order")
        except DomainError:
            self.order = OrderDisplay()
            self.missing = True
            self.loaded = True
            return
        self.order = order_display(view)
        self.nothing_to_pay = view.total == 0
        if view.status == "pending" and view.payment_error:
            # The last attempt failed (a declined card, a cancelled provider payment).
            self.form_error_key = payment_reason_key(view.payment_error)
        self.loaded = True
        if self.is_paid:
            return CartState.load_count  # back from the provider's page: the badge too
        return None

    @rx.event
    async def pay(self, form_data: dict):
        if self.submitting:
            return
        user_id = await self._current_user_id()
        if user_id is None:
            yield login_redirect(self._here())
            return
        card: dict[str, Any] = {name: str(form_data.get(name, ""))[:40] for name in CARD_FIELDS}
        self.field_errors = {}
        self.form_error_key = ""
        if not self.redirect_provider and not self.nothing_to_pay:
            # Every malformed card field at once, each under its own (the provider, asked
            # next, stops at the first); a free order and a redirect provider take no card.
            malformed = payments.card_format_errors(**card)
            if malformed:
                self.field_errors = {
                    error.field or "card_number": await self._error_text(error)
                    for error in malformed
                }
                return
        self.submitting = True
        yield
        outcome = await self._run_as(user_id, payments.pay, order_id=self.order.id, **card)
        if (error := outcome.error) is not None:
            self.submitting = False
            if error.field in CARD_FIELDS:
                self.field_errors = {error.field: outcome.message}
            else:
                self.form_error_key = error.message_key
            if error.message_key == "commerce.order.already_paid":
                view = await db.run(orders.get_order, actor_id=user_id, order_id=self.order.id)
                self.order = order_display(view)
            return
        result = outcome.value
        self.order = order_display(result.order)
        if result.confirmation_url:
            # Stays "submitting" while the browser leaves for the provider's page.
            yield full_page_load(result.confirmation_url)
            return
        if not result.succeeded:
            self.form_error_key = payment_reason_key(result.reason)
        self.submitting = False
        if result.succeeded:
            yield CartState.load_count  # the header's badge: the paid courses left the cart
