"""Commerce API: enrolments, orders, payment through the provider, its webhook, refunds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from functools import partial
from typing import Annotated, TypeVar

from fastapi import APIRouter, Body, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from edu_platform import db
from edu_platform.api.deps import AdminId, CallerId, client_ip, run_as
from edu_platform.api.params import BodyId, Id, PageOut, PageParams, QueryId
from edu_platform.services import enrollment, enrollment_admin, orders, payments, refunds
from edu_platform.services.enrollment import EnrollmentView
from edu_platform.services.errors import Invalid
from edu_platform.services.orders import OrderView
from edu_platform.services.paging import Page
from edu_platform.services.payment_webhook import MAX_WEBHOOK_BYTES, SIGNATURE_HEADER

T = TypeVar("T")

router = APIRouter(tags=["commerce"])


# --- shapes (API.md) ------------------------------------------------------------------


class EnrollmentBody(BaseModel):
    course_id: BodyId
    # Admins only: enrol this user (any course, paid or not) instead of themselves.
    user_id: BodyId | None = None


class OrderBody(BaseModel):
    course_ids: list[BodyId] = Field(min_length=1, max_length=orders.MAX_ITEMS)
    coupon_code: str | None = Field(default=None, max_length=64)


class OrderItemOut(BaseModel):
    course_id: int
    title: str
    price: str


class OrderOut(BaseModel):
    id: int
    status: str
    items: list[OrderItemOut]
    subtotal: str
    discount: str
    total: str
    currency: str
    created_at: datetime


class PayBody(BaseModel):
    # Card providers (the sandbox) need all three; redirect providers (YooKassa) none.
    card_number: str = Field(default="", max_length=40)
    exp: str = Field(default="", max_length=10)
    cvc: str = Field(default="", max_length=8)


class RefundBody(BaseModel):
    reason: str = Field(default="", max_length=2000)


def order_out(view: OrderView) -> OrderOut:
    return OrderOut(
        id=view.id,
        status=view.status,
        items=[
            OrderItemOut(course_id=item.course_id, title=item.title, price=f"{item.price:.2f}")
            for item in view.items
        ],
        subtotal=f"{view.subtotal:.2f}",
        discount=f"{view.discount:.2f}",
        total=f"{view.total:.2f}",
        currency=view.currency,
        created_at=view.created_at,
    )


# --- enrolments -----------------------------------------------------------------------


def _enroll(*, session, user_id: int, course_id: int) -> tuple[enrollment.EnrollmentView, bool]:
    existed = enrollment.has_access(session=session, user_id=user_id, course_id=course_id)
    row = enrollment.enroll_free(session=session, user_id=user_id, course_id=course_id)
    return enrollment.to_view(row), not existed


@router.post("/api/v1/enrollments", response_model=EnrollmentView, status_code=201)
def enroll(body: EnrollmentBody, caller_id: CallerId, response: Response) -> EnrollmentView:
    """Enrol in a free course: 201 new, 200 when already enrolled, 402 for a paid course.
    An admin may send `user_id` to enrol someone else in any course (403 for others)."""
    if body.user_id is not None and body.user_id != caller_id:
        view, created = run_as(
            caller_id,
            enrollment_admin.enroll_user,
            user_id=body.user_id,
            course_id=body.course_id,
        )
    else:
        view, created = run_as(caller_id, _enroll, actor_arg="user_id", course_id=body.course_id)
    if not created:
        response.status_code = 200
    return view


@router.get("/api/v1/enrollments", response_model=PageOut[EnrollmentView])
def list_enrollments(
    caller_id: CallerId, paging: PageParams, course_id: QueryId = None, user_id: QueryId = None
) -> Page[EnrollmentView]:
    return db.run_sync(
        enrollment.list_enrollments,
        actor_id=caller_id,
        course_id=course_id,
        user_id=user_id,
        **paging.as_kwargs(),
    )


# --- orders ---------------------------------------------------------------------------


@router.post("/api/v1/orders", response_model=OrderOut, status_code=201)
def create_order(
    body: OrderBody,
    caller_id: CallerId,
    response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> OrderOut:
    """A pending order; the same Idempotency-Key answers with the same order again."""
    if not (idempotency_key or "").strip():
        raise Invalid(
            "the Idempotency-Key header is required",
            message_key="commerce.order.key_required",
            field="Idempotency-Key",
        )
    view, created = run_as(
        caller_id,
        orders.create_order,
        actor_arg="user_id",
        course_ids=body.course_ids,
        coupon_code=body.coupon_code,
        idempotency_key=idempotency_key,
    )
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return order_out(view)


@router.get("/api/v1/orders", response_model=PageOut[OrderOut])
def list_orders(
    caller_id: CallerId, paging: PageParams, user_id: QueryId = None, status: str | None = None
) -> PageOut[OrderOut]:
    """Own orders, newest first; admins see all (filters user_id, status)."""
    result = db.run_sync(
        orders.list_orders,
        actor_id=caller_id,
        user_id=user_id,
        status=status,
        **paging.as_kwargs(),
    )
    return PageOut[OrderOut].of(result.map(order_out))


@router.get("/api/v1/orders/{order_id}", response_model=OrderOut)
def get_order(order_id: Id, caller_id: CallerId) -> OrderOut:
    return order_out(db.run_sync(orders.get_order, actor_id=caller_id, order_id=order_id))


@router.post("/api/v1/orders/{order_id}/pay", response_model=OrderOut)
def pay_order(
    order_id: Id,
    caller_id: CallerId,
    # No body at all is {} (YooKassa, or an order a coupon made free, needs no card).
    body: Annotated[PayBody, Body(default_factory=PayBody)],
):
    """Pay through the configured provider: 200 with the paid order, 402 when declined,
    202 with `confirmation_url` when the provider (YooKassa) takes the payment on its page."""
    result = run_as(
        caller_id,
        payments.pay,
        actor_arg="user_id",
        order_id=order_id,
        card_number=body.card_number,
        exp=body.exp,
        cvc=body.cvc,
    )
    if result.confirmation_url:
        # A redirect provider: the buyer pays on its page, the order stays pending.
        return JSONResponse(
            {
                "detail": "pay on the provider's page",
                "code": "redirect",
                "confirmation_url": result.confirmation_url,
                "payment_id": result.payment_id,
                "order": order_out(result.order).model_dump(mode="json"),
            },
            status_code=202,
        )
    if not result.succeeded:
        # The failed payment row is committed; the order stays pending.
        return JSONResponse(
            {
                "detail": "the payment was declined",
                "code": result.reason or "payment_failed",
                "field": "card_number",
                "payment_id": result.payment_id,
                "order": order_out(result.order).model_dump(mode="json"),
            },
            status_code=402,
        )
    return order_out(result.order)


@router.post("/api/v1/orders/{order_id}/refund", response_model=OrderOut)
def refund_order(order_id: Id, caller_id: AdminId, body: RefundBody | None = None) -> OrderOut:
    """Full refund (admins): the order's courses stop being accessible."""
    view = run_as(
        caller_id, refunds.refund_order, order_id=order_id, reason=body.reason if body else ""
    )
    return order_out(view)


# --- provider webhook -----------------------------------------------------------------


class WebhookOut(BaseModel):
    status: str
    order_id: int
    order_status: str
    changed: bool


async def _provider_call(request: Request, apply: Callable[..., T]) -> T | JSONResponse:
    """`apply(raw_body=...)` on a payment provider's raw body in a worker thread, or the
    413 answer when the body is larger than MAX_WEBHOOK_BYTES."""
    raw_body = await request.body()
    if len(raw_body) > MAX_WEBHOOK_BYTES:
        return JSONResponse({"detail": "body too large", "code": "too_large"}, status_code=413)
    return await run_in_threadpool(apply, raw_body=raw_body)


@router.post("/api/v1/payments/webhook", response_model=WebhookOut)
async def payment_webhook(request: Request) -> WebhookOut | JSONResponse:
    """A provider's signed event: HMAC-SHA256 of the raw body in X-Signature."""
    signature = request.headers.get(SIGNATURE_HEADER)
    handle = partial(db.run_sync, payments.handle_payment_webhook, signature=signature)
    outcome = await _provider_call(request, handle)
    if isinstance(outcome, JSONResponse):
        return outcome
    return WebhookOut(
        status="ok",
        order_id=outcome.order_id,
        order_status=outcome.order_status,
        changed=outcome.changed,
    )


class NotificationOut(BaseModel):
    status: str
    event: str
    changed: bool
    order_id: int | None
    order_status: str | None


@router.post("/api/v1/payments/yookassa", response_model=NotificationOut)
async def yookassa_notification(request: Request) -> NotificationOut | JSONResponse:
    """A YooKassa notification (unsigned): applied only as its API confirms it."""
    handle = partial(payments.handle_yookassa_notification, ip=client_ip(request))
    outcome = await _provider_call(request, handle)
    if isinstance(outcome, JSONResponse):
        return outcome
    return NotificationOut(status="ok", **asdict(outcome))
