"""A request body past the route's limit is a 413 `too_large` before it is parsed
(edu_platform/api/body_limit.py): 2 MB for JSON, more for a batch of learning events, and
an import upload past 2 MB reaches its own route (held to MAX_IMPORT_MB there)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from starlette.exceptions import HTTPException

from edu_platform.api.body_limit import MAX_BODY_BYTES, MAX_EVENTS_BODY_BYTES, BodyLimitMiddleware
from edu_platform.models import BlogPost, LearningEvent
from tests.support.api import auth
from tests.support.factories import make_course, make_enrollment, make_user

JSON = {"Content-Type": "application/json"}


def _chunks(total: int, size: int = 256 * 1024):
    """`total` bytes sent without a Content-Length (chunked)."""
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        sent += piece
        yield b" " * piece


def _post(title: str, body: str) -> bytes:
    return json.dumps({"title": title, "body": body, "tags": [], "is_published": True}).encode()


def test_a_json_body_over_2_mb_is_413_whether_declared_or_streamed(client, committed_session):
    admin = make_user(committed_session, role="admin", commit=True)
    headers = {**auth(admin), **JSON}
    declared = client.post(
        "/api/v1/posts", content=_post("Big", "x" * MAX_BODY_BYTES), headers=headers
    )
    streamed = client.post("/api/v1/posts", content=_chunks(MAX_BODY_BYTES + 1), headers=headers)
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["code"] == "too_large"
    assert committed_session.scalar(select(func.count(BlogPost.id))) == 0


def test_a_body_under_the_limit_is_read_and_validated(client, committed_session):
    admin = make_user(committed_session, role="admin", commit=True)
    almost = _post("Long", "x" * (MAX_BODY_BYTES - 1024))
    assert len(almost) < MAX_BODY_BYTES
    response = client.post("/api/v1/posts", content=almost, headers={**auth(admin), **JSON})
    # Read, then refused by the field's own rule (100,000 characters).
    assert (response.status_code, response.json()["field"]) == (422, "body")


def test_a_batch_of_events_may_be_larger_up_to_its_own_limit(client, committed_session):
    learner = make_user(committed_session)
    course = make_course(committed_session, price="0.00")
    make_enrollment(committed_session, user_id=learner.id, course_id=course.id)
    committed_session.commit()
    event = {"type": "heartbeat", "course_id": course.id, "payload": {"note": "n" * 600}}
    batch = json.dumps({"events": [event] * 5000}).encode()
    assert MAX_BODY_BYTES < len(batch) < MAX_EVENTS_BODY_BYTES
    headers = {**auth(learner), **JSON}
    response = client.post("/api/v1/events", content=batch, headers=headers)
    assert (response.status_code, response.json()["accepted"]) == (202, 5000)

    over = client.post(
        "/api/v1/events", content=_chunks(MAX_EVENTS_BODY_BYTES + 1), headers=headers
    )
    assert (over.status_code, over.json()["code"]) == (413, "too_large")
    assert committed_session.scalar(select(func.count(LearningEvent.id))) == 5000


async def _echo_length(scope, receive, send):
    """A stand-in for the Reflex backend mounted inside the API app: reads the whole body
    and answers its length."""
    size, more = 0, True
    while more:
        message = await receive()
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(size).encode()})


def test_paths_outside_the_api_keep_their_own_limits():
    # Reflex's /_upload (lesson videos up to MAX_UPLOAD_MB) is served through this app.
    from starlette.testclient import TestClient

    outside = TestClient(BodyLimitMiddleware(_echo_length))
    size = MAX_BODY_BYTES + 1024
    response = outside.post("/_upload", content=b"x" * size)
    assert (response.status_code, response.text) == (200, str(size))
    streamed = outside.post("/_upload", content=_chunks(size))
    assert (streamed.status_code, streamed.text) == (200, str(size))
    inside = outside.post("/api/v1/posts", content=b"x" * size)
    assert inside.status_code == 413


async def _answer_then_read(scope, receive, send):
    """Starts its answer first, then reads the body: what a streaming response listening
    for a disconnect does with receive()."""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    size, more = 0, True
    while more:
        message = await receive()
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    await send({"type": "http.response.body", "body": str(size).encode()})


def test_once_the_answer_has_started_receive_is_no_longer_counted():
    # Raising inside receive() after the start would cut off an answer already under way.
    from starlette.testclient import TestClient

    started_first = TestClient(BodyLimitMiddleware(_answer_then_read))
    size = MAX_BODY_BYTES + 1024
    response = started_first.post("/api/v1/posts", content=_chunks(size))
    assert (response.status_code, response.text) == (200, str(size))
    # The same body read before the answer starts is refused (the API's handler of
    # HTTPException turns this into the JSON 413; this bare app has none).
    with pytest.raises(HTTPException) as refused:
        TestClient(BodyLimitMiddleware(_echo_length)).post("/api/v1/posts", content=_chunks(size))
    assert refused.value.status_code == 413


def test_a_request_declaring_more_than_the_limit_is_refused_before_the_route_runs(
    client, committed_session
):
    # Even a route that reads no body (a GET): answered at once in the API's error shape,
    # never cut off after an answer started.
    response = client.request(
        "GET",
        "/api/v1/courses",
        content=b"x" * (MAX_BODY_BYTES + 1),
    )
    assert (response.status_code, response.json()["code"]) == (413, "too_large")


def test_an_import_upload_over_2_mb_is_held_by_its_own_route(
    client, committed_session, data_dir, monkeypatch
):
    from edu_platform.settings import settings

    admin = make_user(committed_session, role="admin", commit=True)
    monkeypatch.setattr(settings, "max_import_mb", 4)
    header = b"email,full_name,role\n"
    rows = b"".join(b"u%d@example.com,U %d,student\n" % (i, i) for i in range(100_000))
    assert 2 * 1024 * 1024 < len(header + rows) < 4 * 1024 * 1024
    accepted = client.post(
        "/api/v1/imports",
        data={"kind": "users"},
        files={"file": ("users.csv", header + rows, "text/csv")},
        headers=auth(admin),
    )
    assert accepted.status_code == 202, accepted.text
    too_large = client.post(
        "/api/v1/imports",
        data={"kind": "users"},
        files={"file": ("users.csv", header + rows * 2, "text/csv")},
        headers=auth(admin),
    )
    assert (too_large.status_code, too_large.json()["field"]) == (413, "file")
