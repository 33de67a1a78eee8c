"""/admin/orders: every order filtered by status and buyer email; one order's items,
payments and refunds in a dialog; a full refund after a confirmation."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from edu_platform import db
from edu_platform.i18n import format_datetime, payment_reason
from edu_platform.services import admin_orders, refunds
from edu_platform.services.errors import DomainError, Forbidden
from edu_platform.services.records import record_from
from edu_platform.state.admin import DENIED
from edu_platform.state.admin_lists import (
    ListPager,
    text_input,
)

STATUSES = admin_orders.STATUSES
SORTS = tuple(admin_orders.SORTS)


@dataclass
class OrderRow:
    id: int
    email: str
    full_name: str
    status: str
    items: int
    total: str
    created: str


@dataclass
class DetailItem:
    course_id: int
    title: str
    price: str


@dataclass
class DetailPayment:
    id: int
    provider: str
    reference: str
    status: str
    amount: str
    created: str
    error: str


@dataclass
class DetailRefund:
    id: int
    amount: str
    reason: str
    by: str
    created: str


class AdminOrdersState(ListPager, rx.State):
    rows: list[OrderRow] = []
    status: str = "all"
    email: str = ""
    sort: str = "newest"
    # The order open in the dialog (0: none).
    detail_id: int = 0
    detail_open: bool = False
    detail_status: str = ""
    detail_buyer: str = ""
    detail_email: str = ""
    detail_subtotal: str = ""
    detail_discount: str = ""
    detail_total: str = ""
    detail_coupon: str = ""
    detail_created: str = ""
    detail_paid: str = ""
    detail_refunded: str = ""
    detail_items: list[DetailItem] = []
    detail_payments: list[DetailPayment] = []
    detail_refunds: list[DetailRefund] = []
    refund_open: bool = False
    refund_busy: bool = False
    refund_error: str = ""

    def _text_filters(self) -> dict[str, int]:
        return {"email": 200}

    def _select_filters(self) -> dict[str, tuple[tuple[str, ...], str]]:
        return {"status": (STATUSES, "all"), "sort": (SORTS, "newest")}

    def _clear_rows(self) -> None:
        super()._clear_rows()
        self.detail_id, self.detail_open, self.refund_open = 0, False, False

    async def _fetch(self, user_id: int) -> None:
        lang = await self._lang()
        items = await self._read_page(admin_orders.list_orders, user_id, **self._filter_values())
        self.rows = [
            record_from(
                OrderRow,
                row,
                items=row.items_count,
                total=await self._money(row.total, row.currency),
                created=format_datetime(row.created_at, lang),
            )
            for row in items
        ]

    # --- one order -------------------------------------------------------------------

    async def _load_detail(self, actor_id: int, order_id: int) -> None:
        lang = await self._lang()
        detail = await db.run(admin_orders.order_detail, actor_id=actor_id, order_id=order_id)
        order, currency = detail.order, detail.order.currency
        self.detail_id, self.detail_status = order.id, order.status
        self.detail_buyer, self.detail_email = detail.full_name, detail.email
        self.detail_subtotal = await self._money(order.subtotal, currency)
        self.detail_discount = await self._money(order.discount, currency)
        self.detail_total = await self._money(order.total, currency)
        self.detail_coupon = order.coupon_code
        self.detail_created = format_datetime(order.created_at, lang)
        self.detail_paid = format_datetime(order.paid_at, lang)
        self.detail_refunded = format_datetime(detail.refunded_at, lang)
        self.detail_items = [
            DetailItem(item.course_id, item.title, await self._money(item.price, currency))
            for item in order.items
        ]
        self.detail_payments = [
            DetailPayment(
                p.id,
                p.provider,
                p.provider_ref,
                p.status,
                await self._money(p.amount, p.currency),
                format_datetime(p.created_at, lang),
                payment_reason(p.error, lang) if p.error else "",
            )
            for p in detail.payments
        ]
        self.detail_refunds = [
            DetailRefund(
                r.id,
                await self._money(r.amount, currency),
                r.reason,
                r.created_by_name,
                format_datetime(r.created_at, lang),
            )
            for r in detail.refunds
        ]

    @rx.event
    async def open_detail(self, order_id: int):
        actor_id = await self._actor()
        if actor_id is None or isinstance(order_id, bool) or not isinstance(order_id, int):
            return None
        try:
            await self._load_detail(actor_id, order_id)
        except Forbidden:
            self._deny(DENIED)
            return None
        except DomainError as error:
            return rx.toast.error(await self._error_text(error))
        self.detail_open = True
        return None

    @rx.event
    def set_detail_open(self, is_open: bool):
        self.detail_open = is_open is True and self.detail_id > 0

    @rx.event
    def ask_refund(self):
        """Close the order dialog and ask for confirmation (one dialog at a time)."""
        if self.detail_id > 0 and self.detail_status == "paid":
            self.detail_open, self.refund_open, self.refund_error = False, True, ""

    @rx.event
    def set_refund_open(self, is_open: bool):
        if is_open is not True and not self.refund_busy:
            self.refund_open = False
            self.detail_open = self.detail_id > 0

    @rx.event
    async def confirm_refund(self, form_data: dict):
        if self.detail_id <= 0 or self.refund_busy:
            return
        self.refund_busy = True
        yield
        try:
            outcome = await self._call(
                refunds.refund_order,
                order_id=self.detail_id,
                reason=text_input(form_data, "reason", refunds.MAX_REASON_LENGTH),
            )
        finally:
            self.refund_busy = False
        if not outcome.ok:
            if outcome.feedback is None or outcome.error is None:
                self.refund_open = False
            else:
                self.refund_error = await self._error_text(outcome.error)
            return
        self.refund_open = False
        actor_id = await self._actor()
        if actor_id is None:
            return
        await self._load_detail(actor_id, self.detail_id)
        self.detail_open = True
        await self._refresh()
        yield await self._toast("admin_data.orders.refunded")
