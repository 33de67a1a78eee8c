"""The events of each area, one place for their data shapes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform import cache
from edu_platform.services.events.envelope import EventType
from edu_platform.services.events.outbox import emit

# --- the events of each area (one place for their data shapes) ----------------------------


# The data of an event takes a model row or any row with the same attribute names (the
# imports' bulk-selected rows).


def _attributes(row: Any, *names: str) -> dict[str, Any]:
    """The named attributes of a row under their own names (event data keeps them)."""
    return {name: getattr(row, name) for name in names}


def user_data(user: Any) -> dict[str, Any]:
    return {"user_id": user.id} | _attributes(user, "email", "full_name", "role")


def course_data(course: Any) -> dict[str, Any]:
    names = ("slug", "title", "teacher_id", "price", "currency")
    return {"course_id": course.id} | _attributes(course, *names)


def enrollment_data(enrollment: Any) -> dict[str, Any]:
    names = ("user_id", "course_id", "source", "order_id")
    return {"enrollment_id": enrollment.id} | _attributes(enrollment, *names)


def user_created(session: Session, user: Any) -> str:
    return emit(session, EventType.USER_CREATED, user_data(user))


def user_logged_in(session: Session, user: Any, method: str) -> str:
    return emit(session, EventType.USER_LOGGED_IN, {"user_id": user.id, "method": method})


def course_created(session: Session, course: Any) -> str:
    cache.catalog_changed(session)
    return emit(session, EventType.COURSE_CREATED, course_data(course))


def course_published(session: Session, course: Any) -> str:
    cache.catalog_changed(session)  # the catalog shows it at once (after commit)
    return emit(session, EventType.COURSE_PUBLISHED, course_data(course))


def order_paid(session: Session, order_id: int) -> str:
    from edu_platform.models import Order, OrderItem

    order = session.get(Order, order_id, populate_existing=True)
    course_ids = list(
        session.scalars(
            select(OrderItem.course_id).where(OrderItem.order_id == order_id).order_by(OrderItem.id)
        )
    )
    data = {"order_id": order.id, "user_id": order.user_id, "course_ids": course_ids}
    data |= _attributes(order, "subtotal", "discount", "total", "currency", "paid_at")
    return emit(session, EventType.ORDER_PAID, data)


def order_refunded(session: Session, order: Any) -> str:
    data = {"order_id": order.id, "user_id": order.user_id, "amount": order.total}
    data |= _attributes(order, "currency", "refunded_at")
    return emit(session, EventType.ORDER_REFUNDED, data)


def enrollment_created(session: Session, enrollment: Any) -> str:
    return emit(session, EventType.ENROLLMENT_CREATED, enrollment_data(enrollment))


def lesson_completed(session: Session, *, user_id: int, course_id: int, lesson_id: int) -> str:
    return emit(
        session,
        EventType.LESSON_COMPLETED,
        {"user_id": user_id, "course_id": course_id, "lesson_id": lesson_id},
    )


def certificate_issued(session: Session, certificate: Any) -> str:
    data = _attributes(certificate, "serial", "user_id", "course_id", "issued_at")
    return emit(session, EventType.CERTIFICATE_ISSUED, data)
