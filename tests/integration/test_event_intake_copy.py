"""Event intake stores payloads byte for byte (PostgreSQL goes through COPY's text format,
where backslashes, tabs and newlines need escaping)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from edu_platform.models import LearningEvent
from edu_platform.services import event_intake
from tests.support.factories import make_course, make_user

AWKWARD = {"note": 'back\\slash\ttab\nnewline "quoted" ü ✓ \\N', "nested": {"list": [1, None]}}


def test_awkward_payloads_round_trip(session):
    service = make_user(session, role="admin")
    course = make_course(session, teacher=service)
    learner = make_user(session)
    at = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
    result = event_intake.accept_events(
        session=session,
        caller_id=service.id,
        events=[
            {"type": "heartbeat", "course_id": course.id, "user_id": learner.id, "ts": at,
             "payload": AWKWARD, "lesson_id": None},
            {"type": "page_view", "course_id": course.id, "payload": None},
        ],
    )  # fmt: skip
    assert (result.accepted, result.errors) == (2, [])
    rows = session.scalars(select(LearningEvent).order_by(LearningEvent.id)).all()
    assert rows[0].payload == AWKWARD
    assert (rows[0].user_id, rows[0].ts, rows[0].lesson_id) == (learner.id, at, None)
    assert (rows[1].user_id, rows[1].payload) == (service.id, {})


def test_oversized_payload_is_reported_by_index(session):
    admin = make_user(session, role="admin")
    course = make_course(session, teacher=admin)
    result = event_intake.accept_events(
        session=session,
        caller_id=admin.id,
        events=[
            {"type": "heartbeat", "course_id": course.id, "payload": {"x": "y" * 5000}},
            {"type": "heartbeat", "course_id": course.id, "payload": {"x": 1}},
        ],
    )
    assert result.accepted == 1
    assert [(e.index, e.field) for e in result.errors] == [(0, "payload")]
