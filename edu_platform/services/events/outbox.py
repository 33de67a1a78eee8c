"""Writing events: the outbox row and one delivery per subscribed endpoint in the business
transaction (`emit`, `emit_many`), and what happens once it commits (deliveries
enqueued by job name, the stream appended)."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.orm import Session
from sqlmodel.sql.sqltypes import UTCDateTime

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
from edu_platform.services.events.envelope import (
    _PENDING,
    _SUBSCRIBERS,
    EVENT_TYPES,
    STREAM,
    _check_type,
    _envelope,
)
from edu_platform.services.events.stream import publish
from edu_platform.settings import settings


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


def _outbox_row(
    event_type: str, envelope: dict[str, Any], stream: bool, now: datetime
) -> dict[str, Any]:
    """The outbox row of one event: pending until appended to the Redis stream, or sent
    at once where there is no stream."""
    return {
        "kind": OutboxKind.WEBHOOK.value,
        "recipient": STREAM,
        "subject": event_type,
        "body": "",
        "payload": envelope,
        "status": OutboxStatus.PENDING.value if stream else OutboxStatus.SENT.value,
        "attempts": 0,
        "created_at": now,
        "sent_at": None if stream else now,
    }


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
            insert(outbox).returning(outbox.c.id), _outbox_row(event_type, envelope, stream, now)
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
    rows = [_outbox_row(event_type, envelope, stream, now) for envelope in envelopes]
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
# At most this many delivery attempts wait on the webhook queue: an import commits every
# 2,000 rows, and a million-row import with a `user.created` endpoint must not put a
# million jobs (or futures) in the queue; what does not fit waits, due, for the sweep.
QUEUED_BUDGET = 1000


def enqueue_deliveries(delivery_ids: Iterable[int]) -> None:
    """One delivery job per id (RQ, or the in-process pool)."""
    from edu_platform import jobs

    for delivery_id in delivery_ids:
        jobs.enqueue(DELIVER_JOB, delivery_id, queue=jobs.WEBHOOK_QUEUE)


# An attempt (a delivery and its attempt number) is queued once: the sweep, every 10 s,
# does not queue it again while its job still waits behind others. The mark lasts as long
# as a claim's lease, so a job lost before it ran is queued again after that.
QUEUED_MARK = timedelta(minutes=2)
_queued_here: dict[str, float] = {}  # the embedded shape's marks: key -> when
_queued_lock = threading.Lock()
_clock = time.monotonic  # replaced by tests of the marks' expiry
log = logging.getLogger(__name__)


def _first_marks(keys: list[str]) -> list[bool]:
    """For each key, True when this call marked it (no mark within QUEUED_MARK): Redis
    `SET NX EX` across processes, a dict in the embedded shape. Redis failing: all True
    (a duplicate job only finds its attempt claimed; a lost one would not be sent)."""
    from edu_platform import jobs

    ttl = int(QUEUED_MARK.total_seconds())
    connection = jobs.redis_connection()
    if connection is not None:
        try:
            pipe = connection.pipeline(transaction=False)
            for key in keys:
                pipe.set(f"edu:webhook:queued:{key}", 1, nx=True, ex=ttl)
            return [bool(done) for done in pipe.execute()]
        except Exception:
            log.warning("could not mark webhook attempts as queued", exc_info=True)
            return [True] * len(keys)
    now = _clock()
    with _queued_lock:
        for key, at in list(_queued_here.items()):
            if now - at >= ttl:
                del _queued_here[key]
        first = [key not in _queued_here for key in keys]
        for key in keys:
            _queued_here.setdefault(key, now)
    return first


def forget_queued_marks() -> None:
    """Drop the embedded shape's marks (tests: delivery ids repeat across databases)."""
    with _queued_lock:
        _queued_here.clear()


def delivery_room() -> int:
    """How many more delivery attempts the webhook queue takes now (QUEUED_BUDGET)."""
    from edu_platform import jobs

    return max(0, QUEUED_BUDGET - jobs.backlog(jobs.WEBHOOK_QUEUE))


def enqueue_attempts(attempts: Iterable[tuple[int, int]]) -> int:
    """Queue each (delivery id, attempt number) that is not queued already; how many."""
    pairs = list(attempts)
    if not pairs:
        return 0
    first = _first_marks([f"{delivery_id}:{number}" for delivery_id, number in pairs])
    ids = [delivery_id for (delivery_id, _), fresh in zip(pairs, first, strict=True) if fresh]
    enqueue_deliveries(ids)
    return len(ids)


def _after_commit(session: Session, pending: dict[str, list]) -> None:
    session.info.pop(_PENDING, None)
    if pending["deliveries"]:
        # What fits in the queue's budget goes at once; the rest is due already and the
        # sweep queues it as the queue drains (nor does it keep sending after a disable).
        first = pending["deliveries"][: delivery_room()]
        enqueue_attempts((delivery_id, 0) for delivery_id in first)
    if pending["stream"]:
        from edu_platform import db

        db.run_sync(publish, outbox_ids=pending["stream"])
