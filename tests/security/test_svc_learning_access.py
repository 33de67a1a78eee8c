"""Issue 9, item 13: event intake refuses courses the caller is not enrolled in (admins,
i.e. service callers, excepted), and preview lessons of unpublished courses are not
served (player service and the lesson file routes)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from edu_platform.models import LearningEvent, LessonAttachment
from edu_platform.services import event_intake, player, progress
from edu_platform.services.errors import DomainError
from edu_platform.settings import settings
from tests.support.api import api_app, auth
from tests.support.learning import World, build_world

# --- event intake ---------------------------------------------------------------------------


def test_intake_refuses_events_for_courses_the_caller_is_not_enrolled_in(session):
    world = build_world(session)
    event = {"type": "heartbeat", "course_id": world.course.id}
    outsider = event_intake.accept_events(
        session=session, caller_id=world.outsider.id, events=[event, dict(event)]
    )
    assert outsider.accepted == 0
    assert [(e.index, e.field) for e in outsider.errors] == [(0, "course_id"), (1, "course_id")]
    learner = event_intake.accept_events(
        session=session, caller_id=world.learner.id, events=[event]
    )
    assert (learner.accepted, learner.errors) == (1, [])
    # An admin (integration / service caller) may report for anyone, on any course.
    service = event_intake.accept_events(
        session=session,
        caller_id=world.admin.id,
        events=[{**event, "user_id": world.outsider.id}],
    )
    assert (service.accepted, service.errors) == (1, [])


def test_a_learner_whose_access_ended_cannot_send_events(session):
    world = build_world(session)
    world.enrollment.status = "cancelled"
    session.add(world.enrollment)
    session.flush()
    result = event_intake.accept_events(
        session=session,
        caller_id=world.learner.id,
        events=[{"type": "heartbeat", "course_id": world.course.id}],
    )
    assert result.accepted == 0 and result.errors[0].field == "course_id"


def test_events_api_reports_foreign_courses_by_index(committed_session):
    world = build_world(committed_session)
    committed_session.commit()
    with TestClient(api_app()) as client:
        response = client.post(
            "/api/v1/events",
            json={
                "events": [
                    {"type": "heartbeat", "course_id": world.course.id},
                    {"type": "lesson_opened", "course_id": world.course.id},
                ]
            },
            headers=auth(world.outsider),
        )
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["accepted"] == 0
    assert [(e["index"], e["field"]) for e in body["errors"]] == [
        (0, "course_id"),
        (1, "course_id"),
    ]
    stored = committed_session.scalar(select(func.count(LearningEvent.id)))
    assert stored == 0


# --- previews of unpublished courses ----------------------------------------------------------


def _unpublish(session, world: World) -> None:
    world.course.is_published = False
    session.add(world.course)
    session.flush()


def test_preview_lessons_of_unpublished_courses_are_not_served(session):
    world = build_world(session)
    intro = world.lessons["Intro"].id
    assert progress.get_lesson(session=session, user_id=None, lesson_id=intro).id == intro
    _unpublish(session, world)
    for viewer in (None, world.outsider.id):
        with pytest.raises(DomainError) as refused:
            progress.get_lesson(session=session, user_id=viewer, lesson_id=intro)
        assert refused.value.status in (401, 403, 404)
    # Its teacher, admins and already-enrolled learners still open it.
    for viewer in (world.course.teacher_id, world.admin.id, world.learner.id):
        assert progress.get_lesson(session=session, user_id=viewer, lesson_id=intro).id == intro


def test_lesson_file_routes_refuse_previews_of_unpublished_courses(
    committed_session, tmp_path, monkeypatch
):
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "intro.pdf").write_bytes(b"%PDF-1.4 intro")
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    world = build_world(committed_session)
    attachment = LessonAttachment(
        lesson_id=world.lessons["Intro"].id,
        filename="intro.pdf",
        stored_path="attachments/intro.pdf",
        content_type="application/pdf",
        size_bytes=14,
    )
    committed_session.add(attachment)
    committed_session.commit()
    path = f"/api/v1/lessons/{world.lessons['Intro'].id}/attachments/{attachment.id}"
    with TestClient(api_app()) as client:
        assert client.get(path).status_code == 200
        _unpublish(committed_session, world)
        committed_session.commit()
        assert client.get(path).status_code in (401, 403, 404)
        assert client.get(path, headers=auth(world.outsider)).status_code in (403, 404)
        assert client.get(path, headers=auth(world.learner)).status_code == 200
    with pytest.raises(DomainError):
        player.attachment_file(
            session=committed_session,
            user_id=None,
            lesson_id=world.lessons["Intro"].id,
            attachment_id=attachment.id,
        )
