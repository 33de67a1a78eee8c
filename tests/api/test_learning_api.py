"""The learning API over HTTP: progress, lesson completion, private lesson files, events.

The course is tests/support/learning.py's (committed: the routes open their own
transactions); private files live under a temporary settings.data_dir.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from edu_platform.models import LearningEvent, LessonAttachment, LessonProgress, utcnow
from edu_platform.services import learning_events, sessions
from tests.support.api import auth
from tests.support.factories import make_course, make_lesson
from tests.support.learning import World, build_world, stub_certificate_requests

VIDEO_BYTES = bytes(range(256)) * 4  # 1,024 bytes


@pytest.fixture(autouse=True)
def quiet_side_effects(monkeypatch) -> None:
    """Events stay out of the process-wide buffer; certificates are another area's."""
    monkeypatch.setattr(learning_events, "record", lambda **event: None)
    stub_certificate_requests(monkeypatch)


@pytest.fixture
def data_dir(data_dir, tmp_path):
    root = data_dir
    (root / "videos").mkdir(parents=True)
    (root / "videos" / "watch.mp4").write_bytes(VIDEO_BYTES)
    (root / "attachments").mkdir()
    (root / "attachments" / "a1b2c3.pdf").write_bytes(b"%PDF-1.4 notes")
    (tmp_path / "secret.txt").write_text("outside the data dir")
    return root


@pytest.fixture
def world(committed_session) -> World:
    built = build_world(committed_session)
    committed_session.commit()
    return built


def _attach(session, world: World, stored_path: str, filename: str = "Конспект урока.pdf"):
    attachment = LessonAttachment(
        lesson_id=world.lessons["Exercise"].id,
        filename=filename,
        stored_path=stored_path,
        content_type="application/pdf",
        size_bytes=14,
    )
    session.add(attachment)
    session.commit()
    return attachment


# --- progress and completion --------------------------------------------------------------


def test_progress_has_the_contract_shape(client, world):
    response = client.get(f"/api/v1/progress/{world.course.id}", headers=auth(world.learner))
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("course_id", "lessons_done", "lessons_total")} == {
        "course_id": world.course.id,
        "lessons_done": 0,
        "lessons_total": 4,
    }
    assert (body["percent"], body["next_lesson_id"]) == (0, world.lessons["Intro"].id)


def test_completing_a_lesson_moves_progress_and_stores_it(client, world, committed_session):
    response = client.post(
        f"/api/v1/lessons/{world.lessons['Intro'].id}/complete", headers=auth(world.learner)
    )
    assert response.status_code == 200
    assert (response.json()["lessons_done"], response.json()["percent"]) == (1, 25)
    assert response.json()["next_lesson_id"] == world.lessons["Watch"].id
    committed_session.expire_all()
    done = committed_session.scalars(
        select(LessonProgress.lesson_id).where(LessonProgress.completed_at.is_not(None))
    ).all()
    assert done == [world.lessons["Intro"].id]
    again = client.get(f"/api/v1/progress/{world.course.id}", headers=auth(world.learner))
    assert again.json()["lessons_done"] == 1


def test_a_user_who_is_not_enrolled_gets_403(client, world, committed_session):
    progress = client.get(f"/api/v1/progress/{world.course.id}", headers=auth(world.outsider))
    complete = client.post(
        f"/api/v1/lessons/{world.lessons['Exercise'].id}/complete", headers=auth(world.outsider)
    )
    assert (progress.status_code, progress.json()["code"]) == (403, "forbidden")
    assert complete.status_code == 403
    assert committed_session.scalars(select(LessonProgress)).all() == []


@pytest.mark.parametrize("who", ["learner", "outsider", "admin"])
def test_the_progress_of_a_course_that_does_not_exist_is_404(client, world, who):
    response = client.get("/api/v1/progress/999999", headers=auth(getattr(world, who)))
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_the_progress_of_a_draft_is_404_to_those_who_cannot_see_it(
    client, world, committed_session
):
    draft = make_course(committed_session, slug="draft-progress", published=False)
    committed_session.commit()
    hidden = client.get(f"/api/v1/progress/{draft.id}", headers=auth(world.outsider))
    assert hidden.status_code == 404
    # An admin sees the draft: not enrolled in it, so 403.
    seen = client.get(f"/api/v1/progress/{draft.id}", headers=auth(world.admin))
    assert seen.status_code == 403


def test_anonymous_callers_get_401(client, world):
    progress = client.get(f"/api/v1/progress/{world.course.id}")
    complete = client.post(f"/api/v1/lessons/{world.lessons['Intro'].id}/complete")
    assert (progress.status_code, complete.status_code) == (401, 401)
    assert progress.json()["code"] == "unauthorized"


# --- private video ------------------------------------------------------------------------


def _video_url(world: World, title: str = "Watch") -> str:
    return f"/api/v1/lessons/{world.lessons[title].id}/video"


def test_enrolled_learner_gets_a_byte_range_of_the_private_video(client, world, data_dir):
    response = client.get(
        _video_url(world), headers={**auth(world.learner), "Range": "bytes=100-199"}
    )
    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes 100-199/{len(VIDEO_BYTES)}"
    assert response.content == VIDEO_BYTES[100:200]
    whole = client.get(_video_url(world), headers=auth(world.learner))
    assert (whole.status_code, whole.content) == (200, VIDEO_BYTES)
    assert whole.headers["accept-ranges"] == "bytes"


def test_a_range_beyond_the_file_gets_416(client, world, data_dir):
    response = client.get(
        _video_url(world), headers={**auth(world.learner), "Range": "bytes=5000-6000"}
    )
    assert response.status_code == 416
    assert VIDEO_BYTES[:16] not in response.content


def test_the_video_is_served_with_the_browser_session_cookie(
    client, world, data_dir, committed_session
):
    ticket = sessions.create_ticket(
        session=committed_session, user_id=world.learner.id, user_agent="pytest", ip="10.0.0.1"
    )
    token = sessions.redeem_ticket(session=committed_session, ticket=ticket)
    committed_session.commit()
    client.cookies.set(sessions.SESSION_COOKIE, token)
    response = client.get(_video_url(world), headers={"Range": "bytes=0-9"})
    assert (response.status_code, response.content) == (206, VIDEO_BYTES[:10])


def test_the_video_is_refused_to_outsiders_and_anonymous_visitors(client, world, data_dir):
    outsider = client.get(_video_url(world), headers=auth(world.outsider))
    anonymous = client.get(_video_url(world))
    # API.md: 401 no token, 403 a caller who may not.
    assert (outsider.status_code, anonymous.status_code) == (403, 401)
    assert VIDEO_BYTES[:16] not in outsider.content + anonymous.content


def test_the_courses_teacher_and_admins_get_its_files_without_enrolling(
    client, world, data_dir, committed_session
):
    from edu_platform.models import Course, User

    teacher = committed_session.get(User, world.course.teacher_id)
    attachment = _attach(committed_session, world, "attachments/a1b2c3.pdf")
    files = (
        _video_url(world),
        f"/api/v1/lessons/{world.lessons['Exercise'].id}/attachments/{attachment.id}",
    )
    for person in (teacher, world.admin):
        for url in files:
            assert client.get(url, headers=auth(person)).status_code == 200, url
    # A teacher demoted to student loses them with the role.
    teacher.role = "student"
    committed_session.commit()
    assert committed_session.get(Course, world.course.id).teacher_id == teacher.id
    assert client.get(files[1], headers=auth(teacher)).status_code == 403


def test_a_preview_video_is_served_to_any_visitor(client, world, data_dir, committed_session):
    intro = world.lessons["Intro"]
    intro.kind, intro.video_path = "video", "videos/watch.mp4"
    committed_session.add(intro)
    committed_session.commit()
    for headers in ({}, auth(world.outsider)):
        response = client.get(_video_url(world, "Intro"), headers={**headers, "Range": "bytes=0-3"})
        assert (response.status_code, response.content) == (206, VIDEO_BYTES[:4])


@pytest.mark.parametrize(
    "stored_path", ["../secret.txt", "videos/../../secret.txt", "/etc/hostname", ""]
)
def test_a_stored_video_path_outside_the_data_dir_is_not_served(
    client, world, data_dir, committed_session, stored_path
):
    watch = world.lessons["Watch"]
    watch.video_path = stored_path
    committed_session.add(watch)
    committed_session.commit()
    response = client.get(_video_url(world), headers=auth(world.learner))
    assert response.status_code == 404
    assert b"outside the data dir" not in response.content


# --- attachments --------------------------------------------------------------------------


def test_an_attachment_downloads_under_its_own_name(client, world, data_dir, committed_session):
    attachment = _attach(committed_session, world, "attachments/a1b2c3.pdf")
    url = f"/api/v1/lessons/{world.lessons['Exercise'].id}/attachments/{attachment.id}"
    response = client.get(url, headers=auth(world.learner))
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 notes"
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%D0%9A%D0%BE%D0%BD%D1%81%D0%BF%D0%B5%D0%BA%D1%82" in disposition
    refused = client.get(url, headers=auth(world.outsider))
    assert refused.status_code == 403 and refused.content != b"%PDF-1.4 notes"


def test_an_attachment_of_another_lesson_is_not_found(client, world, data_dir, committed_session):
    attachment = _attach(committed_session, world, "attachments/a1b2c3.pdf")
    url = f"/api/v1/lessons/{world.lessons['Intro'].id}/attachments/{attachment.id}"
    response = client.get(url, headers=auth(world.learner))
    assert response.status_code == 404


def test_an_attachment_path_outside_the_data_dir_is_not_served(
    client, world, data_dir, committed_session
):
    attachment = _attach(committed_session, world, "../secret.txt", filename="secret.txt")
    url = f"/api/v1/lessons/{world.lessons['Exercise'].id}/attachments/{attachment.id}"
    response = client.get(url, headers=auth(world.learner))
    assert response.status_code == 404
    assert b"outside the data dir" not in response.content


# --- events -------------------------------------------------------------------------------


def test_events_are_accepted_with_errors_by_index(client, world, committed_session):
    ts = (utcnow() - timedelta(minutes=1)).isoformat()
    response = client.post(
        "/api/v1/events",
        json={
            "events": [
                {"type": "page_view", "course_id": world.course.id, "ts": ts},
                {"type": "tele port", "course_id": world.course.id},  # not a word
                {"type": "heartbeat", "course_id": world.course.id, "ts": "2030-01-01T10:00:00"},
                {"type": "heartbeat", "course_id": world.course.id, "user_id": world.admin.id},
                {"type": "heartbeat", "course_id": world.course.id, "ts": "0001-01-01T00:00:00Z"},
                # In UTC before year 1: refused by index too (converting it overflowed).
                {
                    "type": "heartbeat",
                    "course_id": world.course.id,
                    "ts": "0001-01-01T00:30:00+01:00",
                },
            ]
        },
        headers=auth(world.learner),
    )
    assert response.status_code == 202
    body = response.json()
    assert body["accepted"] == 1
    assert [(e["index"], e["field"]) for e in body["errors"]] == [
        (1, "type"),
        (2, "ts"),
        (3, "user_id"),
        (4, "ts"),  # before 1900: no report or metric would ever count it
        (5, "ts"),
    ]
    stored = committed_session.execute(select(LearningEvent.user_id, LearningEvent.type)).all()
    assert stored == [(world.learner.id, "page_view")]


def test_an_integration_names_its_own_event_types_and_a_time_without_zone_is_utc(
    client, world, committed_session
):
    """API.md names no list of types: an integration's own words are kept (no metric reads
    the type), and a timestamp without a zone is UTC, the metrics' days."""
    course = world.course.id
    response = client.post(
        "/api/v1/events",
        json=[
            {"type": "lesson_view", "course_id": course, "ts": "2026-12-01T10:00:00"},
            {"type": "video.play", "course_id": course, "ts": "2026-12-01T10:00:00+03:00"},
            {"type": "x" * 51, "course_id": course},
            {"type": "quiz:answer", "course_id": course, "ts": "2030-01-01T10:00:00"},
            {"type": "quiz:answer-2", "course_id": course, "ts": "2026-12-01T11:00:00Z"},
            {"type": "y" * 50, "course_id": course, "ts": "2026-12-01T12:00:00Z"},
        ],
        headers=auth(world.learner),
    )
    assert response.status_code == 202, response.text
    assert response.json()["accepted"] == 4
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(2, "type"), (3, "ts")]
    stored = committed_session.execute(
        select(LearningEvent.type, LearningEvent.ts).order_by(LearningEvent.id)
    ).all()
    assert [tuple(row) for row in stored] == [
        ("lesson_view", datetime(2026, 12, 1, 10, tzinfo=UTC)),
        ("video.play", datetime(2026, 12, 1, 7, tzinfo=UTC)),
        ("quiz:answer-2", datetime(2026, 12, 1, 11, tzinfo=UTC)),
        ("y" * 50, datetime(2026, 12, 1, 12, tzinfo=UTC)),
    ]


def test_an_event_names_a_lesson_of_its_course_and_an_existing_user(
    client, world, committed_session
):
    other = make_course(committed_session)
    committed_session.flush()
    elsewhere = make_lesson(committed_session, other)
    committed_session.commit()
    lesson = world.lessons["Intro"].id
    event = {"type": "heartbeat", "course_id": world.course.id}
    response = client.post(
        "/api/v1/events",
        json={
            "events": [
                {**event, "lesson_id": lesson},
                {**event, "lesson_id": elsewhere.id},  # another course's lesson
                {**event, "lesson_id": 99_999_999},
                {**event, "lesson_id": lesson, "user_id": world.learner.id},
                {**event, "lesson_id": lesson, "user_id": 99_999_999},  # no such user
            ]
        },
        headers=auth(world.admin),
    )
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["accepted"] == 2
    assert [(e["index"], e["field"]) for e in body["errors"]] == [
        (1, "lesson_id"),
        (2, "lesson_id"),
        (4, "user_id"),
    ]
    stored = committed_session.scalars(select(LearningEvent.lesson_id)).all()
    assert stored == [lesson, lesson]


def test_events_of_the_wrong_shape_are_reported_by_index_and_the_rest_kept(
    client, world, committed_session
):
    course = world.course.id
    response = client.post(
        "/api/v1/events",
        json={
            "events": [
                {"type": "heartbeat", "course_id": "x"},
                {"type": "heartbeat", "course_id": course},
                "not an event",
                {"type": "<b>x</b>", "course_id": course},
                {"course_id": course},
                {"type": "page_view", "course_id": course, "ts": "yesterday"},
                {"type": "page_view", "course_id": course, "lesson_id": None},
            ]
        },
        headers=auth(world.learner),
    )
    assert response.status_code == 202
    body = response.json()
    assert body["accepted"] == 2
    assert [(e["index"], e["field"]) for e in body["errors"]] == [
        (0, "course_id"),
        (2, "event"),
        (3, "type"),
        (4, "type"),
        (5, "ts"),
    ]
    assert all(e["message"] for e in body["errors"])
    stored = committed_session.execute(
        select(LearningEvent.type).order_by(LearningEvent.id)
    ).scalars()
    assert list(stored) == ["heartbeat", "page_view"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": "many"}, "events"),
        ({"events": None}, "events"),
        ({"batch": []}, "events"),
        ("events", "body"),
        (7, "body"),
    ],
    ids=["string", "null", "no-events", "not-an-object", "a-number"],
)
def test_a_body_that_is_not_a_batch_is_refused_whole(client, world, committed_session, body, field):
    response = client.post("/api/v1/events", json=body, headers=auth(world.learner))
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("invalid", field)
    assert committed_session.scalars(select(LearningEvent)).all() == []


def test_a_bare_array_of_events_is_a_batch_too(client, world, committed_session):
    events = [
        {"type": "page_view", "course_id": world.course.id},
        {"type": "", "course_id": world.course.id},
    ]
    response = client.post("/api/v1/events", json=events, headers=auth(world.learner))
    assert response.status_code == 202, response.text
    assert response.json()["accepted"] == 1
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(1, "type")]
    too_many = [{"type": "heartbeat", "course_id": world.course.id}] * 5001
    refused = client.post("/api/v1/events", json=too_many, headers=auth(world.learner))
    assert (refused.status_code, refused.json()["field"]) == (422, "events")
    empty = client.post("/api/v1/events", json=[], headers=auth(world.learner))
    assert (empty.status_code, empty.json()) == (202, {"accepted": 0, "errors": []})


def test_a_batch_over_5000_events_is_refused_whole(client, world, committed_session):
    events = [{"type": "heartbeat", "course_id": world.course.id}] * 5001
    response = client.post("/api/v1/events", json={"events": events}, headers=auth(world.learner))
    assert response.status_code == 422
    assert response.json()["field"] == "events"
    assert committed_session.scalars(select(LearningEvent)).all() == []


def test_a_batch_of_5000_events_is_stored(client, world, committed_session):
    events = [{"type": "heartbeat", "course_id": world.course.id}] * 5000
    response = client.post("/api/v1/events", json={"events": events}, headers=auth(world.learner))
    assert (response.status_code, response.json()) == (202, {"accepted": 5000, "errors": []})
    count = len(committed_session.scalars(select(LearningEvent.id)).all())
    assert count == 5000


def test_events_need_a_signed_in_caller(client, world, committed_session):
    response = client.post(
        "/api/v1/events", json={"events": [{"type": "heartbeat", "course_id": world.course.id}]}
    )
    assert response.status_code == 401
    assert committed_session.scalars(select(LearningEvent)).all() == []
