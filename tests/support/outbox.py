"""What the code under test wrote to the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import Outbox


def event_payloads(session: Session, event_type: str) -> list[dict[str, Any]]:
    """The envelopes of the domain events of `event_type` in the outbox, oldest first."""
    return [
        row.payload
        for row in session.scalars(
            select(Outbox)
            .where(Outbox.kind == "webhook", Outbox.subject == event_type)
            .order_by(Outbox.id)
        )
    ]
