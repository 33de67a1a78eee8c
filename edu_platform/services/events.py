"""Domain events for integrations: `emit(session, type, data)` in the business transaction.

An event is one `outbox` row (kind "webhook": type in `subject`, the envelope
`{id, type, occurred_at, data}` in `payload`) plus one `webhook_delivery` row per active
endpoint subscribed to its type, all written with the change that caused it: a rolled-back
change emits nothing. Once the transaction commits, the deliveries are enqueued
(jobs/webhooks.py) and, when Redis is configured, the events are appended to the Redis
stream `edu.events` (fields `id`, `type`, `data`; capped with `MAXLEN ~`). An event whose
append failed stays `pending` and the periodic sweep appends it later (at least once:
consumers dedupe by `id`).

Writes are plain Core INSERTs (no ORM flush, no audit rows): well under a millisecond
(bench/events.py). Imports use `emit_many`, and only when an endpoint subscribes.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session
from sqlmodel.sql.sqltypes import UTCDateTime

from edu_platform import cache
from edu_platform.db import call_after_commit
from edu_platform.models import (
    DeliveryStatus,
    Outbox,
    OutboxKind,
    OutboxStatus,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from edu_platform.services.errors import Invalid
from edu_platform.settings import settings

log = logging.getLogger(__name__)

STREAM = "edu.events"


class EventType(StrEnum):
    USER_CREATED = "user.created"
    USER_LOGGED_IN = "user.logged_in"
    COURSE_CREATED = "course.created"
    COURSE_PUBLISHED = "course.published"
    ORDER_PAID = "order.paid"
    ORDER_REFUNDED = "order.refunded"
    ENROLLMENT_CREATED = "enrollment.created"
    LESSON_COMPLETED = "lesson.completed"
    CERTIFICATE_ISSUED = "certificate.issued"


EVENT_TYPES: tuple[str, ...] = tuple(member.value for member in EventType)

_SUBSCRIBERS = "edu_platform.events.subscribers"
_PENDING = "edu_platform.events.pending"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _check_type(event_type: str) -> str:
    if event_type not in EVENT_TYPES:
        raise Invalid(f"unknown event type {event_type}", field="type")
    return event_type


def forget_subscribers(session: Session) -> None:
    """Drop the session's cached subscriptions (after an endpoint changed)."""
    session.info.pop(_SUBSCRIBERS, None)


def subscribers(session: Session, event_type: str) -> list[int]:
    """Ids of the active endpoints subscribed to `event_type` (read once per transaction)."""
    transaction = session.get_transaction()
    cached = session.info.get(_SUBSCRIBERS)
    if cached is None or cached[0] is not transaction:
        table = WebhookEndpoint.__table__
        rows = session.execute(
            select(table.c.id, table.c.events).where(table.c.is_active.is_(True))
        ).all()
        by_type: dict[str, list[int]] = {kind: [] for kind in EVENT_TYPES}
        for endpoint_id, kinds in rows:
            for kind in kinds or ():
                if kind in by_type:
                    by_type[kind].append(endpoint_id)
        cached = session.info[_SUBSCRIBERS] = (session.get_transaction(), by_type)
    return cached[1].get(event_type, [])


def is_subscribed(session: Session, event_type: str) -> bool:
    return bool(subscribers(session, _check_type(event_type)))


def _envelope(event_type: str, data: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "occurred_at": now.isoformat(),
        "data": _jsonable(data),
    }


# One statement on PostgreSQL: the outbox row and a delivery per subscribed endpoint;
# answers the outbox id and the delivery ids (NULL when nobody subscribes).
_EMIT_POSTGRES = text(
    """
    WITH event AS (
        INSERT INTO outbox (kind, recipient, subject, body, payload, status, attempts,
                            created_at, sent_at)
        VALUES (:kind, :recipient, :subject, '', CAST(:payload AS json), :status, 0,
                :created_at, :sent_at)
        RETURNING id
    ), delivery AS (
        INSERT INTO webhook_delivery (endpoint_id, outbox_id, event_id, event_type, status,
                                      attempts, created_at, next_attempt_at)
        SELECT endpoint.id, event.id, :event_id, :subject, 'pending', 0, :created_at,
               :created_at
        FROM event CROSS JOIN webhook_endpoint AS endpoint
        WHERE endpoint.is_active
          AND CAST(endpoint.events AS jsonb) @> jsonb_build_array(CAST(:subject AS text))
        RETURNING id
    )
    SELECT event.id, (SELECT array_agg(delivery.id ORDER BY delivery.id) FROM delivery)
    FROM event
    """
).bindparams(
    bindparam("created_at", type_=UTCDateTime()), bindparam("sent_at", type_=UTCDateTime())
)
# SQLite (in-process, no round trips): the delivery rows from the endpoints' JSON lists.
_DELIVERIES_SQLITE = text(
    """
    INSERT INTO webhook_delivery (endpoint_id, outbox_id, event_id, event_type, status,
                                  attempts, created_at, next_attempt_at)
    SELECT endpoint.id, :outbox_id, :event_id, :subject, 'pending', 0, :created_at, :created_at
    FROM webhook_endpoint AS endpoint
    WHERE endpoint.is_active
      AND EXISTS (SELECT 1 FROM json_each(endpoint.events) WHERE json_each.value = :subject)
    RETURNING id
    """
).bindparams(bindparam("created_at", type_=UTCDateTime()))


def emit(session: Session, event_type: str, data: Mapping[str, Any]) -> str:
    """Write one event in the session's transaction (with its deliveries); its id."""
    _check_type(event_type)
    now = utcnow()
    envelope = _envelope(event_type, data, now)
    stream = bool(settings.redis_url)
    status = OutboxStatus.PENDING.value if stream else OutboxStatus.SENT.value
    if session.get_bind().dialect.name == "postgresql":
        payload = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))
        outbox_id, delivery_ids = session.execute(
            _EMIT_POSTGRES,
            {
                "kind": OutboxKind.WEBHOOK.value,
                "recipient": STREAM,
                "subject": event_type,
                "payload": payload,
                "status": status,
                "created_at": now,
                "sent_at": None if stream else now,
                "event_id": envelope["id"],
            },
        ).one()
        delivery_ids = delivery_ids or []
    else:
        outbox = Outbox.__table__
        outbox_id = session.execute(
            insert(outbox).returning(outbox.c.id),
            {
                "kind": OutboxKind.WEBHOOK.value,
                "recipient": STREAM,
                "subject": event_type,
                "body": "",
                "payload": envelope,
                "status": status,
                "attempts": 0,
                "created_at": now,
                "sent_at": None if stream else now,
            },
        ).scalar_one()
        delivery_ids = list(
            session.scalars(
                _DELIVERIES_SQLITE,
                {
                    "outbox_id": outbox_id,
                    "event_id": envelope["id"],
                    "subject": event_type,
                    "created_at": now,
                },
            )
        )
    if delivery_ids or stream:
        pending = _pending(session)
        pending["deliveries"].extend(delivery_ids)
        if stream:
            pending["stream"].append(outbox_id)
    return envelope["id"]


def emit_many(session: Session, event_type: str, items: Iterable[Mapping[str, Any]]) -> list[str]:
    """Write one event per item of `items` (bulk INSERTs); their ids."""
    _check_type(event_type)
    now = utcnow()
    stream = bool(settings.redis_url)
    envelopes = [_envelope(event_type, data, now) for data in items]
    if not envelopes:
        return []
    status = OutboxStatus.PENDING.value if stream else OutboxStatus.SENT.value
    rows = [
        {
            "kind": OutboxKind.WEBHOOK.value,
            "recipient": STREAM,
            "subject": event_type,
            "body": "",
            "payload": envelope,
            "status": status,
            "attempts": 0,
            "created_at": now,
            "sent_at": None if stream else now,
        }
        for envelope in envelopes
    ]
    endpoint_ids = subscribers(session, event_type)
    outbox = Outbox.__table__
    if not stream and not endpoint_ids:
        session.execute(insert(outbox), rows)
        return [envelope["id"] for envelope in envelopes]
    if len(rows) == 1:
        outbox_ids = [session.execute(insert(outbox).returning(outbox.c.id), rows[0]).scalar_one()]
    else:
        outbox_ids = list(
            session.scalars(
                insert(outbox).returning(outbox.c.id, sort_by_parameter_order=True), rows
            )
        )
    pending = _pending(session)
    if stream:
        pending["stream"].extend(outbox_ids)
    if endpoint_ids:
        deliveries = [
            {
                "endpoint_id": endpoint_id,
                "outbox_id": outbox_id,
                "event_id": envelope["id"],
                "event_type": event_type,
                "status": DeliveryStatus.PENDING.value,
                "attempts": 0,
                "created_at": now,
                "next_attempt_at": now,
            }
            for outbox_id, envelope in zip(outbox_ids, envelopes, strict=True)
            for endpoint_id in endpoint_ids
        ]
        table = WebhookDelivery.__table__
        if len(deliveries) == 1:
            delivery_ids = [
                session.execute(insert(table).returning(table.c.id), deliveries[0]).scalar_one()
            ]
        else:
            delivery_ids = session.scalars(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), deliveries
            )
        pending["deliveries"].extend(delivery_ids)
    return [envelope["id"] for envelope in envelopes]


def _pending(session: Session) -> dict[str, list]:
    """What to do once this transaction commits (forgotten with it on rollback)."""
    transaction = session.get_transaction()
    held = session.info.get(_PENDING)
    if held is None or held[0] is not transaction:
        held = session.info[_PENDING] = (transaction, {"stream": [], "deliveries": []})
        call_after_commit(session, _after_commit, session, held[1])
    return held[1]


# By name: jobs.webhooks imports the services (no import circle).
DELIVER_JOB = "edu_platform.jobs.webhooks.deliver_webhook"


def enqueue_deliveries(delivery_ids: Iterable[int]) -> None:
    """One delivery job per id (RQ, or the in-process pool)."""
    from edu_platform import jobs

    for delivery_id in delivery_ids:
        jobs.enqueue(DELIVER_JOB, delivery_id)


def _after_commit(session: Session, pending: dict[str, list]) -> None:
    session.info.pop(_PENDING, None)
    if pending["deliveries"]:
        enqueue_deliveries(pending["deliveries"])
    if pending["stream"]:
        from edu_platform import db

        db.run_sync(publish, outbox_ids=pending["stream"])


# --- the Redis stream -------------------------------------------------------------------


def stream_fields(envelope: Mapping[str, Any]) -> dict[str, str]:
    return {
        "id": envelope["id"],
        "type": envelope["type"],
        "data": json.dumps(envelope["data"], ensure_ascii=False, separators=(",", ":")),
    }


def publish(*, session: Session, outbox_ids: list[int]) -> int:
    """XADD the pending events among `outbox_ids` to the stream and mark them sent.

    Only rows that exist and are still pending are appended (an event of a rolled-back
    savepoint is not). A Redis failure leaves them pending for the sweep; how many
    were appended.
    """
    from edu_platform.jobs import redis_connection

    connection = redis_connection()
    if connection is None or not outbox_ids:
        return 0
    rows = session.execute(
        select(Outbox.id, Outbox.payload)
        .where(
            Outbox.id.in_(outbox_ids),
            Outbox.kind == OutboxKind.WEBHOOK.value,
            Outbox.status == OutboxStatus.PENDING.value,
        )
        .order_by(Outbox.id)
    ).all()
    if not rows:
        return 0
    try:
        pipe = connection.pipeline(transaction=False)
        for _outbox_id, envelope in rows:
            pipe.xadd(
                STREAM,
                stream_fields(envelope),
                maxlen=settings.events_stream_maxlen,
                approximate=True,
            )
        pipe.execute()
    except Exception:
        log.exception("could not append %d events to %s; the sweep retries", len(rows), STREAM)
        return 0
    session.execute(
        update(Outbox)
        .where(Outbox.id.in_([outbox_id for outbox_id, _ in rows]))
        .values(status=OutboxStatus.SENT.value, sent_at=utcnow())
    )
    return len(rows)


def unpublished_ids(*, session: Session, older_than: timedelta, limit: int = 1000) -> list[int]:
    """Events still not on the stream `older_than` after they were written (the sweep's)."""
    return list(
        session.scalars(
            select(Outbox.id)
            .where(
                Outbox.kind == OutboxKind.WEBHOOK.value,
                Outbox.status == OutboxStatus.PENDING.value,
                Outbox.created_at < utcnow() - older_than,
            )
            .order_by(Outbox.id)
            .limit(limit)
        )
    )


# --- the events of each area (one place for their data shapes) ----------------------------


def user_created(session: Session, user: Any) -> str:
    return emit(
        session,
        EventType.USER_CREATED,
        {"user_id": user.id, "email": user.email, "full_name": user.full_name, "role": user.role},
    )


def user_logged_in(session: Session, user: Any, method: str) -> str:
    return emit(session, EventType.USER_LOGGED_IN, {"user_id": user.id, "method": method})


def _course_data(course: Any) -> dict[str, Any]:
    return {
        "course_id": course.id,
        "slug": course.slug,
        "title": course.title,
        "teacher_id": course.teacher_id,
        "price": course.price,
        "currency": course.currency,
    }


def course_created(session: Session, course: Any) -> str:
    cache.catalog_changed(session)
    return emit(session, EventType.COURSE_CREATED, _course_data(course))


def course_published(session: Session, course: Any) -> str:
    cache.catalog_changed(session)  # the catalog shows it at once (after commit)
    return emit(session, EventType.COURSE_PUBLISHED, _course_data(course))


def order_paid(session: Session, order_id: int) -> str:
    from edu_platform.models import Order, OrderItem

    order = session.get(Order, order_id, populate_existing=True)
    course_ids = list(
        session.scalars(
            select(OrderItem.course_id).where(OrderItem.order_id == order_id).order_by(OrderItem.id)
        )
    )
    return emit(
        session,
        EventType.ORDER_PAID,
        {
            "order_id": order.id,
            "user_id": order.user_id,
            "course_ids": course_ids,
            "subtotal": order.subtotal,
            "discount": order.discount,
            "total": order.total,
            "currency": order.currency,
            "paid_at": order.paid_at,
        },
    )


def order_refunded(session: Session, order: Any) -> str:
    return emit(
        session,
        EventType.ORDER_REFUNDED,
        {
            "order_id": order.id,
            "user_id": order.user_id,
            "amount": order.total,
            "currency": order.currency,
            "refunded_at": order.refunded_at,
        },
    )


def enrollment_created(session: Session, enrollment: Any) -> str:
    return emit(
        session,
        EventType.ENROLLMENT_CREATED,
        {
            "enrollment_id": enrollment.id,
            "user_id": enrollment.user_id,
            "course_id": enrollment.course_id,
            "source": enrollment.source,
            "order_id": enrollment.order_id,
        },
    )


def lesson_completed(session: Session, *, user_id: int, course_id: int, lesson_id: int) -> str:
    return emit(
        session,
        EventType.LESSON_COMPLETED,
        {"user_id": user_id, "course_id": course_id, "lesson_id": lesson_id},
    )


def certificate_issued(session: Session, certificate: Any) -> str:
    return emit(
        session,
        EventType.CERTIFICATE_ISSUED,
        {
            "serial": certificate.serial,
            "user_id": certificate.user_id,
            "course_id": certificate.course_id,
            "issued_at": certificate.issued_at,
        },
    )
