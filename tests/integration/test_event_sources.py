"""Each of the nine domain events is written by the service that makes the change, in the
caller's transaction (so the UI, the API, imports and jobs all emit): one outbox row
with the envelope {id, type, occurred_at, data}."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from edu_platform.models import Lesson, Module
from edu_platform.services import (
    accounts,
    authoring,
    certificates,
    enrollment,
    events,
    orders,
    payments,
    progress,
    refunds,
)
from edu_platform.settings import settings
from tests.support.cards import DECLINED_CARD, GOOD_CARD
from tests.support.certificate_data import completed_enrollment
from tests.support.factories import make_course, make_user
from tests.support.learning import build_world
from tests.support.outbox import event_payloads

PASSWORD = "Correct-horse-7-battery"


def _emitted(session: Session, kind: str) -> list[dict]:
    session.flush()
    return event_payloads(session, kind)


def test_accounts_emit_user_created_and_user_logged_in(session):
    user = accounts.register(
        session=session, email="New@Example.com", password=PASSWORD, full_name="New User"
    )
    [created] = _emitted(session, "user.created")
    assert created["data"] == {
        "user_id": user.id,
        "email": "new@example.com",
        "full_name": "New User",
        "role": "student",
    }
    assert created["type"] == "user.created" and created["occurred_at"]
    assert _emitted(session, "user.logged_in") == []

    accounts.authenticate(session=session, email="new@example.com", password=PASSWORD)
    [logged_in] = _emitted(session, "user.logged_in")
    assert logged_in["data"] == {"user_id": user.id, "method": "password"}


def test_authoring_emits_course_created_and_course_published(session):
    teacher = make_user(session, role="teacher")
    course = authoring.create_course(session=session, actor_id=teacher.id, title="Events 101")
    [created] = _emitted(session, "course.created")
    assert created["data"]["course_id"] == course.id
    assert created["data"]["teacher_id"] == teacher.id
    assert created["data"]["price"] == "0.00"
    assert _emitted(session, "course.published") == []

    module = Module(course_id=course.id, title="M", position=1)
    session.add(module)
    session.flush()
    session.add(
        Lesson(module_id=module.id, course_id=course.id, title="L", kind="text", position=1)
    )
    session.flush()
    authoring.publish_course(session=session, actor_id=teacher.id, course_id=course.id)
    authoring.publish_course(session=session, actor_id=teacher.id, course_id=course.id)
    [published] = _emitted(session, "course.published")  # once: the second changed nothing
    assert published["data"]["slug"] == course.slug


def test_learning_emits_enrollment_created_and_lesson_completed(session):
    world = build_world(session)
    student = make_user(session)
    free = make_course(session, price="0")
    row = enrollment.enroll_free(session=session, user_id=student.id, course_id=free.id)
    enrollment.enroll_free(session=session, user_id=student.id, course_id=free.id)
    [enrolled] = _emitted(session, "enrollment.created")
    assert enrolled["data"] == {
        "enrollment_id": row.id,
        "user_id": student.id,
        "course_id": free.id,
        "source": "free",
        "order_id": None,
    }

    intro = world.lessons["Intro"].id
    progress.complete_lesson(session=session, user_id=world.learner.id, lesson_id=intro)
    progress.complete_lesson(session=session, user_id=world.learner.id, lesson_id=intro)
    [done] = _emitted(session, "lesson.completed")  # once: the second was a repeat
    assert done["data"] == {
        "user_id": world.learner.id,
        "course_id": world.course.id,
        "lesson_id": intro,
    }


def test_commerce_emits_order_paid_and_order_refunded(session):
    student, admin = make_user(session), make_user(session, role="admin")
    course = make_course(session, price="1500.00")
    view, _created = orders.create_order(
        session=session, user_id=student.id, course_ids=[course.id], idempotency_key="e-1"
    )
    declined = payments.pay(session=session, user_id=student.id, order_id=view.id, **DECLINED_CARD)
    assert declined.status == "failed" and _emitted(session, "order.paid") == []
    payments.pay(session=session, user_id=student.id, order_id=view.id, **GOOD_CARD)
    [paid] = _emitted(session, "order.paid")
    assert paid["data"]["order_id"] == view.id
    assert paid["data"]["course_ids"] == [course.id]
    assert (paid["data"]["total"], paid["data"]["currency"]) == ("1500.00", "RUB")
    [enrolled] = _emitted(session, "enrollment.created")
    assert (enrolled["data"]["source"], enrolled["data"]["order_id"]) == ("order", view.id)

    refunds.refund_order(session=session, actor_id=admin.id, order_id=view.id)
    [refunded] = _emitted(session, "order.refunded")
    assert refunded["data"]["order_id"] == view.id
    assert Decimal(refunded["data"]["amount"]) == Decimal("1500.00")


def test_the_certificate_job_emits_certificate_issued_once(session, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    done = completed_enrollment(session)
    certificate = certificates.request_certificate(
        session=session, enrollment_id=done.enrollment.id
    )
    assert _emitted(session, "certificate.issued") == []  # pending: no PDF yet
    certificates.render_certificate(session=session, certificate_id=certificate.id)
    certificates.render_certificate(session=session, certificate_id=certificate.id, force=True)
    [issued] = _emitted(session, "certificate.issued")
    assert issued["data"]["serial"] == certificate.serial
    assert issued["data"]["user_id"] == done.learner.id


def test_every_event_type_has_a_source():
    assert set(events.EVENT_TYPES) == {
        "user.created",
        "user.logged_in",
        "course.created",
        "course.published",
        "order.paid",
        "order.refunded",
        "enrollment.created",
        "lesson.completed",
        "certificate.issued",
    }
