"""Webhook endpoints (admin) and the delivery of domain events to them.

Endpoints: an admin registers a URL and the event types it wants; the secret is made
here and shown once (create returns it, nothing else does). In production a URL whose
host resolves to a loopback, private, link-local or otherwise non-public address is
refused (at registration and again before every attempt) unless WEBHOOK_ALLOW_PRIVATE=1.

Delivery (`deliver`, run by jobs/webhooks.py): POST `{id, type, occurred_at, data}` with
X-Edu-Event, X-Edu-Delivery, X-Edu-Timestamp and
X-Edu-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>. A 2xx is
delivered; anything else, or no answer within 10 s, is retried after 1, 5, 30, 120 and
360 minutes (`next_attempt_at`, picked up by the periodic sweep), then failed. Each
failed attempt adds one to the endpoint's failure streak; at 20 in a row the endpoint is
disabled and its owner notified (notification + mail). No transaction is open during
the HTTP call.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from edu_platform import db, routes
from edu_platform.db import call_after_commit
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
from edu_platform.services import events
from edu_platform.services.accounts import require_admin
from edu_platform.services.errors import Invalid, NotFound
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
MAX_URL_LENGTH = 1000
DISABLED_KIND = "webhook.disabled"


# --- views ------------------------------------------------------------------------------


@dataclass
class EndpointView:
    id: int
    url: str
    events: list[str]
    description: str
    is_active: bool
    created_at: datetime
    consecutive_failures: int
    disabled_at: datetime | None


@dataclass
class CreatedEndpoint:
    endpoint: EndpointView
    secret: str


@dataclass
class DeliveryView:
    id: int
    event_id: str
    type: str
    status: str
    attempts: int
    response_code: int | None
    created_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str | None


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int


def _endpoint_view(row: WebhookEndpoint) -> EndpointView:
    return EndpointView(
        id=row.id,
        url=row.url,
        events=list(row.events or []),
        description=row.description,
        is_active=row.is_active,
        created_at=row.created_at,
        consecutive_failures=row.consecutive_failures,
        disabled_at=row.disabled_at,
    )


def _delivery_view(row: WebhookDelivery) -> DeliveryView:
    return DeliveryView(
        id=row.id,
        event_id=row.event_id,
        type=row.event_type,
        status=row.status,
        attempts=row.attempts,
        response_code=row.response_code,
        created_at=row.created_at,
        delivered_at=row.delivered_at,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
    )


# --- validation -------------------------------------------------------------------------


def _public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def private_targets_allowed() -> bool:
    return settings.environment != "production" or settings.webhook_allow_private


def refuse_private_target(url: str) -> None:
    """Invalid(field='url') when the URL's host resolves to a non-public address
    (production without WEBHOOK_ALLOW_PRIVATE) or does not resolve at all."""
    if private_targets_allowed():
        return
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Invalid(f"url: the host cannot be resolved ({error})", field="url") from error
    if not infos or not all(_public_address(info[4][0]) for info in infos):
        raise Invalid(
            "url: the host resolves to a private or loopback address",
            message_key="webhooks.error.private_url",
            field="url",
        )


def check_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise Invalid("url is required", message_key="webhooks.error.url", field="url")
    if len(url) > MAX_URL_LENGTH:
        raise Invalid("url is too long", message_key="webhooks.error.url", field="url")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username:
        raise Invalid(
            "url must be an http(s) URL with a host", message_key="webhooks.error.url", field="url"
        )
    try:
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError as error:
        raise Invalid(
            "url has a bad port", message_key="webhooks.error.url", field="url"
        ) from error
    refuse_private_target(url)
    return url


def check_events(kinds: list[str] | None) -> list[str]:
    chosen = []
    for kind in kinds or []:
        if kind not in events.EVENT_TYPES:
            raise Invalid(
                f"events: unknown event type {kind}",
                message_key="webhooks.error.events",
                field="events",
            )
        if kind not in chosen:
            chosen.append(kind)
    if not chosen:
        raise Invalid(
            "events: choose at least one event type",
            message_key="webhooks.error.events",
            field="events",
        )
    return chosen


def _description(value: str | None) -> str:
    value = (value or "").strip()
    if len(value) > 500:
        raise Invalid("description is too long", field="description")
    return value


# --- endpoints (admin) ------------------------------------------------------------------


def _get_endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    row = session.get(WebhookEndpoint, endpoint_id)
    if row is None:
        raise NotFound(f"webhook {endpoint_id} does not exist")
    return row


def create_endpoint(
    *,
    session: Session,
    actor_id: int | None,
    url: str,
    events: list[str],
    description: str = "",
) -> CreatedEndpoint:
    """A new active endpoint and its secret (the only time the secret is returned)."""
    require_admin(session=session, user_id=actor_id)
    row = WebhookEndpoint(
        url=check_url(url),
        events=check_events(events),
        description=_description(description),
        secret="whsec_" + secrets.token_urlsafe(32),
        created_by=actor_id,
    )
    session.add(row)
    session.flush()
    _forget_subscribers(session)
    return CreatedEndpoint(_endpoint_view(row), row.secret)


def list_endpoints(
    *, session: Session, actor_id: int | None, page: int = 1, per_page: int = 20
) -> Page:
    require_admin(session=session, user_id=actor_id)
    page, per_page = max(1, page), min(max(1, per_page), 100)
    total = session.scalar(select(func.count(WebhookEndpoint.id)))
    rows = session.scalars(
        select(WebhookEndpoint)
        .order_by(WebhookEndpoint.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page([_endpoint_view(row) for row in rows], total, page, per_page)


def get_endpoint(*, session: Session, actor_id: int | None, endpoint_id: int) -> EndpointView:
    require_admin(session=session, user_id=actor_id)
    return _endpoint_view(_get_endpoint(session, endpoint_id))


def update_endpoint(
    *,
    session: Session,
    actor_id: int | None,
    endpoint_id: int,
    url: str | None = None,
    events: list[str] | None = None,
    is_active: bool | None = None,
    description: str | None = None,
) -> EndpointView:
    """Change the URL, the events, the description or whether it is active; turning an
    endpoint back on clears its failure streak."""
    require_admin(session=session, user_id=actor_id)
    row = _get_endpoint(session, endpoint_id)
    if url is not None:
        row.url = check_url(url)
    if events is not None:
        row.events = check_events(events)
    if description is not None:
        row.description = _description(description)
    if is_active is not None and is_active != row.is_active:
        row.is_active = is_active
        if is_active:
            row.consecutive_failures = 0
            row.disabled_at = None
        else:
            row.disabled_at = utcnow()
    session.add(row)
    session.flush()
    _forget_subscribers(session)
    return _endpoint_view(row)


def delete_endpoint(*, session: Session, actor_id: int | None, endpoint_id: int) -> None:
    """Remove the endpoint with its deliveries."""
    require_admin(session=session, user_id=actor_id)
    row = _get_endpoint(session, endpoint_id)
    session.delete(row)
    session.flush()
    _forget_subscribers(session)


def _forget_subscribers(session: Session) -> None:
    events.forget_subscribers(session)


def list_deliveries(
    *,
    session: Session,
    actor_id: int | None,
    endpoint_id: int,
    page: int = 1,
    per_page: int = 20,
    status: str = "",
) -> Page:
    """The endpoint's deliveries, newest first."""
    require_admin(session=session, user_id=actor_id)
    _get_endpoint(session, endpoint_id)
    page, per_page = max(1, page), min(max(1, per_page), 100)
    query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if status:
        if status not in {member.value for member in DeliveryStatus}:
            raise Invalid(f"unknown status {status}", field="status")
        query = query.where(WebhookDelivery.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(
        query.order_by(WebhookDelivery.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return Page([_delivery_view(row) for row in rows], total, page, per_page)


def redeliver(
    *, session: Session, actor_id: int | None, endpoint_id: int, delivery_id: int
) -> DeliveryView:
    """Send the delivery once more, now (whatever its status); the job runs after commit."""
    require_admin(session=session, user_id=actor_id)
    row = session.get(WebhookDelivery, delivery_id)
    if row is None or row.endpoint_id != endpoint_id:
        raise NotFound(f"delivery {delivery_id} of webhook {endpoint_id} does not exist")
    row.status = DeliveryStatus.PENDING.value
    row.next_attempt_at = utcnow()
    # One more attempt: a failure of it ends the delivery again (failed) when the
    # retries were used up.
    row.attempts = min(row.attempts, MAX_ATTEMPTS - 1)
    session.add(row)
    session.flush()
    call_after_commit(session, _enqueue_one, row.id)
    return _delivery_view(row)


def _enqueue_one(delivery_id: int) -> None:
    events.enqueue_deliveries([delivery_id])


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
                socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
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


def due_ids(*, session: Session, limit: int = 1000, now: datetime | None = None) -> list[int]:
    """Pending deliveries of active endpoints whose time has come (for the sweep)."""
    now = now or utcnow()
    return list(
        session.scalars(
            select(WebhookDelivery.id)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(
                WebhookDelivery.status == DeliveryStatus.PENDING.value,
                WebhookDelivery.next_attempt_at <= now,
                WebhookEndpoint.is_active.is_(True),
            )
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
        )
    )


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
