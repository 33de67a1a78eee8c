"""YooKassa (API v3): a real payment provider behind the interface of services/payments/.

- Paying creates a payment (POST /payments, basic auth shopId:secretKey, an
  Idempotence-Key header) with a redirect confirmation; the buyer is sent to its
  `confirmation_url` and comes back to the checkout page.
- YooKassa's notifications are not signed. A notification is only a hint: its object
  is fetched again from the API (GET /payments/{id} or /refunds/{id}) and only what the
  API answers is applied, through the same code the signed webhook uses. A forged
  notification for an unknown or unpaid payment changes nothing. An optional allow-list
  (settings.yookassa_allowed_ips) also refuses senders outside YooKassa's networks.
- Refunds: POST /refunds for the payment, before the order is refunded locally.

Every HTTP exchange happens through `http_transport` (None: the network), so tests point
`settings.yookassa_api_url` at a local stand-in (tests/support/yookassa_fake.py).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx
from sqlalchemy.orm import Session

from edu_platform.models import Order, Payment
from edu_platform.services.coupons import money
from edu_platform.services.errors import DomainError, Forbidden, Invalid, NotFound
from edu_platform.services.outbound_http import tls_context
from edu_platform.settings import settings

log = logging.getLogger(__name__)

NAME = "yookassa"
TIMEOUT_SECONDS = 15.0
MAX_NOTIFICATION_BYTES = 64 * 1024
PAYMENT_EVENTS = ("payment.succeeded", "payment.canceled")
REFUND_EVENTS = ("refund.succeeded",)

# Tests may swap this for an httpx transport; None sends real requests.
http_transport: httpx.BaseTransport | None = None


class ProviderError(
    DomainError,
    status=502,
    code="payment_provider_error",
    default_key="yookassa.error.unavailable",
):
    """YooKassa could not be reached or refused the request."""


# --- the HTTP API ---------------------------------------------------------------------


def _client() -> httpx.Client:
    if not settings.yookassa_shop_id or not settings.yookassa_secret_key:
        raise ProviderError("YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY must be set")
    return httpx.Client(
        base_url=settings.yookassa_api_url.rstrip("/"),
        auth=(settings.yookassa_shop_id, settings.yookassa_secret_key),
        timeout=TIMEOUT_SECONDS,
        transport=http_transport,
        verify=tls_context(),
        headers={"Accept": "application/json"},
    )


def _call(method: str, path: str, *, body: dict | None = None, key: str | None = None) -> dict:
    headers = {"Idempotence-Key": key} if key else {}
    try:
        with _client() as client:
            response = client.request(method, path, json=body, headers=headers)
    except httpx.HTTPError as error:
        log.warning("yookassa %s %s failed: %s", method, path, error)
        raise ProviderError(f"YooKassa is unreachable: {error}") from error
    if response.status_code == 404:
        raise NotFound(f"YooKassa knows no {path}", message_key="yookassa.error.unknown")
    if response.status_code >= 400:
        log.warning("yookassa %s %s: %s %s", method, path, response.status_code, response.text)
        raise ProviderError(f"YooKassa answered {response.status_code}")
    try:
        payload = response.json()
    except ValueError as error:
        raise ProviderError("YooKassa answered with something other than JSON") from error
    if not isinstance(payload, dict):
        raise ProviderError("YooKassa answered with something other than an object")
    return payload


def _amount(value: Decimal, currency: str) -> dict[str, str]:
    return {"value": f"{money(value):.2f}", "currency": currency}


def create_payment(
    *, amount: Decimal, currency: str, description: str, return_url: str, metadata: dict, key: str
) -> dict:
    return _call(
        "POST",
        "/payments",
        body={
            "amount": _amount(amount, currency),
            "capture": True,
            "confirmation": {"type": "redirect", "return_url": return_url},
            "description": description[:128],
            "metadata": metadata,
        },
        key=key,
    )


def get_payment(payment_id: str) -> dict:
    return _call("GET", f"/payments/{_safe_id(payment_id)}")


def create_refund(*, payment_id: str, amount: Decimal, currency: str, key: str) -> dict:
    return _call(
        "POST",
        "/refunds",
        body={"payment_id": payment_id, "amount": _amount(amount, currency)},
        key=key,
    )


def get_refund(refund_id: str) -> dict:
    return _call("GET", f"/refunds/{_safe_id(refund_id)}")


def _safe_id(value: str) -> str:
    """YooKassa ids are UUID-like: anything else never reaches the URL."""
    text = str(value or "")
    if not 1 <= len(text) <= 64 or not all(c.isalnum() or c in "-_" for c in text):
        raise Invalid("not a YooKassa id", message_key="commerce.webhook.invalid", field="id")
    return text


# --- the provider -----------------------------------------------------------------------


@dataclass(frozen=True)
class VerifiedPayment:
    """A payment as the API (not the notification) describes it."""

    id: str
    status: str  # pending | waiting_for_capture | succeeded | canceled
    amount: Decimal
    currency: str
    order_id: int | None  # from our metadata
    reason: str | None  # cancellation_details.reason
    confirmation_url: str | None


@dataclass(frozen=True)
class VerifiedRefund:
    id: str
    status: str  # pending | succeeded | canceled
    payment_id: str
    amount: Decimal
    currency: str


def _money_of(obj: dict) -> tuple[Decimal, str]:
    amount = obj.get("amount") if isinstance(obj.get("amount"), dict) else {}
    try:
        value = money(str(amount.get("value")))
    except (InvalidOperation, ValueError) as error:
        raise ProviderError("YooKassa sent an amount that is not a number") from error
    return value, str(amount.get("currency") or "")[:3]


def verified_payment(payment_id: str) -> VerifiedPayment:
    obj = get_payment(payment_id)
    value, currency = _money_of(obj)
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    raw_order = str(metadata.get("order_id", ""))
    details = obj.get("cancellation_details")
    confirmation = obj.get("confirmation") if isinstance(obj.get("confirmation"), dict) else {}
    return VerifiedPayment(
        id=str(obj.get("id", "")),
        status=str(obj.get("status", "")),
        amount=value,
        currency=currency,
        order_id=int(raw_order) if raw_order.isdigit() else None,
        reason=str(details.get("reason"))[:500] if isinstance(details, dict) else None,
        confirmation_url=confirmation.get("confirmation_url"),
    )


def verified_refund(refund_id: str) -> VerifiedRefund:
    obj = get_refund(refund_id)
    value, currency = _money_of(obj)
    return VerifiedRefund(
        id=str(obj.get("id", "")),
        status=str(obj.get("status", "")),
        payment_id=str(obj.get("payment_id", "")),
        amount=value,
        currency=currency,
    )


class YooKassaProvider:
    """Redirect payments: no card form here, the buyer pays on YooKassa's page."""

    name = NAME
    takes_card = False

    def new_reference(self) -> str:
        # Replaced by YooKassa's payment id once it is created; doubles as Idempotence-Key.
        return "ykx_" + secrets.token_hex(16)

    def start(self, *, session: Session, order: Order, payment: Payment, return_url: str) -> str:
        """Create the payment at YooKassa; the URL to send the buyer to."""
        created = create_payment(
            amount=payment.amount,
            currency=payment.currency,
            description=f"Order {order.id}",
            return_url=return_url,
            metadata={"order_id": str(order.id), "payment_id": str(payment.id)},
            key=payment.provider_ref,
        )
        url = (created.get("confirmation") or {}).get("confirmation_url")
        if not created.get("id") or not url:
            raise ProviderError("YooKassa returned no payment id or confirmation URL")
        payment.provider_ref = _safe_id(created["id"])
        session.add(payment)
        session.flush()
        return str(url)

    def pending_confirmation_url(self, payment: Payment) -> str | None:
        """The confirmation URL of a payment still waiting for the buyer, if any."""
        if payment.provider_ref.startswith("ykx_"):
            return None
        try:
            found = verified_payment(payment.provider_ref)
        except DomainError:
            return None
        return found.confirmation_url if found.status == "pending" else None

    def refund(self, *, payment: Payment, amount: Decimal, key: str) -> None:
        """Refund at YooKassa; ProviderError unless it accepted the refund."""
        result = create_refund(
            payment_id=payment.provider_ref, amount=amount, currency=payment.currency, key=key
        )
        if result.get("status") not in ("pending", "succeeded"):
            raise ProviderError(f"YooKassa refused the refund: {result.get('status')}")


# --- notifications ------------------------------------------------------------------------


@dataclass(frozen=True)
class Notification:
    event: str
    object_id: str


def check_sender(ip: str | None) -> None:
    """Forbidden when an allow-list is set and the sender is not on it."""
    allowed = [part.strip() for part in settings.yookassa_allowed_ips.split(",") if part.strip()]
    if not allowed:
        return
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        address = None
    if address is not None:
        for entry in allowed:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return
            except ValueError:
                continue
    log.warning("yookassa notification refused: sender %s is not allowed", ip)
    raise Forbidden("notification sender is not allowed", field="ip")


def parse_notification(raw_body: bytes) -> Notification:
    def bad(detail: str) -> Invalid:
        return Invalid(detail, message_key="commerce.webhook.invalid", field="body")

    if len(raw_body) > MAX_NOTIFICATION_BYTES:
        raise bad("body too large")
    try:
        payload: Any = json.loads(raw_body)
    except (ValueError, UnicodeDecodeError) as error:
        raise bad("body is not JSON") from error
    if not isinstance(payload, dict) or payload.get("type") != "notification":
        raise bad("not a YooKassa notification")
    event = payload.get("event")
    if event not in PAYMENT_EVENTS + REFUND_EVENTS:
        raise bad(f"unknown event {event!r}")
    obj = payload.get("object")
    if not isinstance(obj, dict):
        raise bad("object is required")
    return Notification(event=event, object_id=_safe_id(obj.get("id")))
