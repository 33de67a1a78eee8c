"""/my/orders (the learner's orders and receipts) and the display records of money pages.

Amounts and dates are formatted for both UI languages up front (`{"ru": …, "en": …}`),
so switching the language re-renders them without a round trip.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import LANGUAGES, datetime_labels, payment_reason, price_labels
from edu_platform.services import orders
from edu_platform.services.orders import OrderItemView, OrderView
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import VisitorState

MY_ORDERS_LIMIT = 100


@dataclass
class LineDisplay:
    course_id: int = 0
    title: str = ""
    slug: str = ""
    learn_url: str = ""  # where "Start course" leads once the course is paid for
    price: dict[str, str] = field(default_factory=dict)
    discount: dict[str, str] = field(default_factory=dict)
    has_discount: bool = False


@dataclass
class OrderDisplay:
    id: int = 0
    status: str = ""
    lines: list[LineDisplay] = field(default_factory=list)  # not `items`: ObjectVar has .items()
    subtotal: dict[str, str] = field(default_factory=dict)
    discount: dict[str, str] = field(default_factory=dict)
    total: dict[str, str] = field(default_factory=dict)
    has_discount: bool = False
    coupon_code: str = ""
    created: dict[str, str] = field(default_factory=dict)
    paid: dict[str, str] = field(default_factory=dict)
    checkout_url: str = ""
    # Why the latest payment attempt failed, as a sentence per language (empty if it did not).
    payment_error: dict[str, str] = field(default_factory=dict)
    has_payment_error: bool = False


def line_display(item: OrderItemView, currency: str) -> LineDisplay:
    return LineDisplay(
        course_id=item.course_id,
        title=item.title,
        slug=item.slug,
        learn_url=routes.learn_url(item.slug) if item.slug else "",
        price=price_labels(item.price, currency),
        discount=price_labels(item.discount, currency, minus=True),
        has_discount=item.discount > 0,
    )


def order_display(view: OrderView) -> OrderDisplay:
    return OrderDisplay(
        id=view.id,
        status=view.status,
        lines=[line_display(item, view.currency) for item in view.items],
        subtotal=price_labels(view.subtotal, view.currency),
        discount=price_labels(view.discount, view.currency, minus=True),
        total=price_labels(view.total, view.currency),
        has_discount=view.discount > 0,
        coupon_code=view.coupon_code,
        created=datetime_labels(view.created_at),
        paid=datetime_labels(view.paid_at),
        checkout_url=routes.checkout_url(view.id),
        payment_error={
            lang: payment_reason(view.payment_error, lang) if view.payment_error else ""
            for lang in LANGUAGES
        },
        has_payment_error=bool(view.payment_error),
    )


class OrdersState(VisitorState, rx.State):
    orders: list[OrderDisplay] = []
    loading: bool = True
    receipt: OrderDisplay = OrderDisplay()
    receipt_open: bool = False

    @rx.event
    async def load(self):
        self.loading = True
        self.receipt_open = False
        user_id = await self._current_user_id()
        if user_id is None:
            return login_redirect(routes.MY_ORDERS)
        page = await db.run(
            orders.list_orders, actor_id=user_id, user_id=user_id, per_page=MY_ORDERS_LIMIT
        )
        self.orders = [order_display(view) for view in page.items]
        self.loading = False

    @rx.event
    def open_receipt(self, order_id: int):
        """Show the receipt of one of the orders already on the page (never another's)."""
        for order in self.orders:
            if order.id == order_id:
                self.receipt = order
                self.receipt_open = True
                return

    @rx.event
    def set_receipt_open(self, is_open: bool):
        self.receipt_open = bool(is_open)
