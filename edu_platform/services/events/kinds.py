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


def user_data(user: Any) -> dict[str, Any]:
    return {"user_id": user.id, "email": user.email, "full_name": user.full_name, "role": user.role}


def course_data(course: Any) -> dict[str, Any]:
    return {
        "course_id": course.id,
        "slug": course.slug,
        "title": course.title,
        "teacher_id": course.teacher_id,
        "price": course.price,
        "currency": course.currency,
    }


def enrollment_data(enrollment: Any) -> dict[str, Any]:
    return {
        "enrollment_id": enrollment.id,
        "user_id": enrollment.user_id,
        "course_id": enrollment.course_id,
        "source": enrollment.source,
        "order_id": enrollment.order_id,
    }


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
    return emit(session, EventType.ENROLLMENT_CREATED, enrollment_data(enrollment))


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
