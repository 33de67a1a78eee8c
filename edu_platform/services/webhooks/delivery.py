"""Delivering domain events to webhook endpoints: sign, claim, send (no transaction open
during the HTTP call), record the outcome with retries, disable an endpoint after a
failure streak, find the due deliveries, purge old history."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from edu_platform import db, routes
from edu_platform.i18n import translate
from edu_platform.models import (
    DeliveryStatus,
    Notification,
    Outbox,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from edu_platform.services.errors import Invalid
from edu_platform.services.outbound_http import tls_context
from edu_platform.services.webhooks.targets import refuse_private_target
from edu_platform.settings import settings

RETRY_SCHEDULE: tuple[timedelta, ...] = tuple(
    timedelta(minutes=minutes) for minutes in (1, 5, 30, 120, 360)
)
MAX_ATTEMPTS = len(RETRY_SCHEDULE) + 1
TIMEOUT_SECONDS = 10.0
# A job that takes a delivery holds it this long (more than the timeout) before the sweep
# may hand it to another job.
LEASE = timedelta(minutes=2)
DISABLE_AFTER_FAILURES = 20
DISABLED_KIND = "webhook.disabled"

# --- signing and sending ------------------------------------------------------------------


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Edu-Signature value for `body` sent at `timestamp` (Unix seconds)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (tests and the README use it)."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


@dataclass(frozen=True)
class Attempt:
    delivery_id: int
    endpoint_id: int
    url: str
    secret: str
    event_id: str
    event_type: str
    body: bytes


@dataclass(frozen=True)
class Outcome:
    ok: bool
    response_code: int | None = None
    error: str | None = None


def claim(*, session: Session, delivery_id: int) -> Attempt | None:
    """Take a due, pending delivery of an active endpoint (push its `next_attempt_at` past
    the lease); None when there is nothing to send now."""
    now = utcnow()
    delivery, endpoint, outbox = (
        WebhookDelivery.__table__,
        WebhookEndpoint.__table__,
        Outbox.__table__,
    )
    active = select(endpoint.c.id).where(endpoint.c.is_active.is_(True)).scalar_subquery()
    taken = session.execute(
        update(delivery)
        .where(
            delivery.c.id == delivery_id,
            delivery.c.status == DeliveryStatus.PENDING.value,
            or_(delivery.c.next_attempt_at.is_(None), delivery.c.next_attempt_at <= now),
            delivery.c.endpoint_id.in_(active),
        )
        .values(next_attempt_at=now + LEASE)
        .returning(
            delivery.c.endpoint_id,
            delivery.c.outbox_id,
            delivery.c.event_id,
            delivery.c.event_type,
        )
    ).first()
    if taken is None:
        return None
    endpoint_id, outbox_id, event_id, event_type = taken
    url, secret, payload = session.execute(
        select(endpoint.c.url, endpoint.c.secret, outbox.c.payload)
        .select_from(endpoint)
        .join(outbox, outbox.c.id == outbox_id)
        .where(endpoint.c.id == endpoint_id)
    ).one()
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return Attempt(
        delivery_id=delivery_id,
        endpoint_id=endpoint_id,
        url=url,
        secret=secret,
        event_id=event_id,
        event_type=event_type,
        body=body,
    )


_client_lock = threading.Lock()
_clients: dict[int, httpx.Client] = {}


def _client() -> httpx.Client:
    """One HTTP client per thread (keep-alive to the same receivers)."""
    key = threading.get_ident()
    with _client_lock:
        client = _clients.get(key)
        if client is None:
            # TCP_NODELAY: the request's headers and body are separate writes; without it
            # the body can wait for the receiver's delayed ACK (40 ms per delivery).
            transport = httpx.HTTPTransport(
                verify=tls_context(), socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
            )
            client = _clients[key] = httpx.Client(
                timeout=TIMEOUT_SECONDS,
                follow_redirects=False,
                trust_env=False,
                transport=transport,
            )
        return client


def send(attempt: Attempt) -> Outcome:
    """POST the event to the endpoint; never raises."""
    try:
        refuse_private_target(attempt.url)
    except Invalid as error:
        return Outcome(False, None, error.detail)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "EduPlatform-Webhooks/1.0",
        "X-Edu-Event": attempt.event_type,
        "X-Edu-Delivery": str(attempt.delivery_id),
        "X-Edu-Timestamp": timestamp,
        "X-Edu-Signature": sign(attempt.secret, timestamp, attempt.body),
    }
    try:
        response = _client().post(attempt.url, content=attempt.body, headers=headers)
    except httpx.HTTPError as error:
        return Outcome(False, None, f"{type(error).__name__}: {error}"[:2000])
    if 200 <= response.status_code < 300:
        return Outcome(True, response.status_code)
    return Outcome(False, response.status_code, f"HTTP {response.status_code}")


def record(*, session: Session, delivery_id: int, outcome: Outcome) -> str:
    """Store an attempt's outcome; the delivery's status afterwards."""
    now = utcnow()
    if outcome.ok:
        table = WebhookDelivery.__table__
        endpoint_id = session.execute(
            update(table)
            .where(table.c.id == delivery_id)
            .values(
                status=DeliveryStatus.DELIVERED.value,
                attempts=table.c.attempts + 1,
                response_code=outcome.response_code,
                delivered_at=now,
                next_attempt_at=None,
                last_error=None,
            )
            .returning(table.c.endpoint_id)
        ).scalar_one_or_none()
        if endpoint_id is None:
            return "missing"
        endpoints = WebhookEndpoint.__table__
        session.execute(
            update(endpoints)
            .where(endpoints.c.id == endpoint_id, endpoints.c.consecutive_failures != 0)
            .values(consecutive_failures=0)
        )
        return DeliveryStatus.DELIVERED.value
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return "missing"
    delivery.attempts += 1
    delivery.response_code = outcome.response_code
    delivery.last_error = outcome.error
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED.value
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + RETRY_SCHEDULE[delivery.attempts - 1]
    session.add(delivery)
    session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == delivery.endpoint_id)
        .values(consecutive_failures=WebhookEndpoint.consecutive_failures + 1)
    )
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    session.refresh(endpoint)
    if endpoint.is_active and endpoint.consecutive_failures >= DISABLE_AFTER_FAILURES:
        _disable(session, endpoint)
    return delivery.status


def _disable(session: Session, endpoint: WebhookEndpoint) -> None:
    from edu_platform.services.mail import queue_mail

    endpoint.is_active = False
    endpoint.disabled_at = utcnow()
    session.add(endpoint)
    owner = session.get(User, endpoint.created_by) if endpoint.created_by else None
    if owner is None:
        return
    lang = owner.locale
    params = {"url": endpoint.url, "count": endpoint.consecutive_failures}
    title = translate("webhooks.disabled.title", lang, **params)[:300]
    body = translate("webhooks.disabled.body", lang, **params)
    session.add(
        Notification(
            user_id=owner.id,
            kind=DISABLED_KIND,
            title=title,
            body=body,
            link=routes.ADMIN_WEBHOOKS,
        )
    )
    link = settings.public_url.rstrip("/") + routes.ADMIN_WEBHOOKS
    queue_mail(session=session, to=owner.email, subject=title, body=f"{body}\n\n{link}\n")


def deliver(delivery_id: int) -> str:
    """One attempt at a delivery (what the job runs): claim, POST outside any
    transaction, record. "skipped" when it was not due or already taken."""
    attempt = db.run_sync(claim, delivery_id=delivery_id)
    if attempt is None:
        return "skipped"
    outcome = send(attempt)
    return db.run_sync(record, delivery_id=delivery_id, outcome=outcome)


def due_attempts(
    *, session: Session, limit: int = 1000, now: datetime | None = None
) -> list[tuple[int, int]]:
    """(delivery id, attempts so far) of the pending deliveries of active endpoints whose
    time has come (for the sweep, which queues each attempt once)."""
    now = now or utcnow()
    rows = session.execute(
        select(WebhookDelivery.id, WebhookDelivery.attempts)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING.value,
            WebhookDelivery.next_attempt_at <= now,
            WebhookEndpoint.is_active.is_(True),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    )
    return [(int(delivery_id), int(attempts)) for delivery_id, attempts in rows]


KEEP_HISTORY = timedelta(days=30)


def purge_history(*, session: Session, older_than: timedelta = KEEP_HISTORY) -> int:
    """Delete events (with their deliveries) older than `older_than` that are on the stream
    and have no delivery still pending; how many events."""
    outbox, delivery = Outbox.__table__, WebhookDelivery.__table__
    pending = (
        select(delivery.c.id)
        .where(
            delivery.c.outbox_id == outbox.c.id,
            delivery.c.status == DeliveryStatus.PENDING.value,
        )
        .exists()
    )
    old = select(outbox.c.id).where(
        outbox.c.kind == "webhook",
        outbox.c.status == "sent",
        outbox.c.created_at < utcnow() - older_than,
        ~pending,
    )
    ids = list(session.scalars(old.limit(10_000)))
    if not ids:
        return 0
    session.execute(delete(delivery).where(delivery.c.outbox_id.in_(ids)))
    session.execute(delete(outbox).where(outbox.c.id.in_(ids)))
    return len(ids)
