"""What a domain event is: its types, its envelope `{id, type, occurred_at, data}` with
the data made JSON-safe, and the stream it goes to."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from edu_platform.services.errors import Invalid

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


def _envelope(event_type: str, data: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "occurred_at": now.isoformat(),
        "data": _jsonable(data),
    }
