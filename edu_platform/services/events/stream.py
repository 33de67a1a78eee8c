"""The Redis stream `edu.events`: appending committed events (at least once; the sweep
retries the ones left pending)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from edu_platform.models import (
    Outbox,
    OutboxKind,
    OutboxStatus,
    utcnow,
)
from edu_platform.services.events.envelope import STREAM
from edu_platform.settings import settings

log = logging.getLogger(__name__)
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
