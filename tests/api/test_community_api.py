"""Notifications and conversations over the API: shapes, paging, mark read, and who may
write to whom (a learner and the teacher of their course, admins; strangers 403)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from edu_platform.models import Enrollment, User
from edu_platform.services import notifications, rate_limit
from tests.support.api import api_app, auth
from tests.support.factories import make_course, make_user


@pytest.fixture
def client(clean_db) -> TestClient:
    rate_limit.reset_local()
    with TestClient(api_app()) as test_client:
        yield test_client


@pytest.fixture
def people(committed_session) -> dict[str, User]:
    session = committed_session
    teacher = make_user(session, role="teacher", name="Tina Teacher")
    learner = make_user(session, name="Lev Learner")
    stranger = make_user(session, name="Stan Stranger")
    other_teacher = make_user(session, role="teacher", name="Otto Other")
    admin = make_user(session, role="admin", name="Ada Admin")
    course = make_course(session, price="0", teacher=teacher)
    session.add(Enrollment(user_id=learner.id, course_id=course.id))
    session.commit()
    return {
        "teacher": teacher,
        "learner": learner,
        "stranger": stranger,
        "other_teacher": other_teacher,
        "admin": admin,
    }


def test_notifications_list_filter_and_mark_read(client, people, committed_session):
    learner = people["learner"]
    for number in range(3):
        notifications.notify(
            committed_session,
            user_id=learner.id,
            kind="announcement",
            title=f"Note {number}",
            link="/my",
        )
    committed_session.commit()
    response = client.get("/api/v1/notifications?per_page=2", headers=auth(learner))
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["page"], body["per_page"], body["unread"]) == (3, 1, 2, 3)
    first = body["items"][0]
    assert set(first) == {"id", "kind", "title", "body", "link", "created_at", "read_at"}
    assert (first["kind"], first["title"], first["read_at"]) == ("announcement", "Note 2", None)

    marked = client.post(
        "/api/v1/notifications/read", json={"ids": [first["id"]]}, headers=auth(learner)
    )
    assert (marked.status_code, marked.json()) == (200, {"unread": 2})
    unread = client.get("/api/v1/notifications?unread=true", headers=auth(learner)).json()
    assert [item["title"] for item in unread["items"]] == ["Note 1", "Note 0"]
    # Another user's ids change nothing of theirs.
    foreign = client.post(
        "/api/v1/notifications/read", json={"ids": [first["id"]]}, headers=auth(people["admin"])
    )
    assert foreign.json() == {"unread": 0}
    done = client.post("/api/v1/notifications/read", json={"all": True}, headers=auth(learner))
    assert done.json() == {"unread": 0}
    bad = client.post("/api/v1/notifications/read", json={}, headers=auth(learner))
    assert bad.status_code == 422
    assert client.get("/api/v1/notifications").status_code == 401


def test_a_learner_writes_to_the_teacher_and_both_read_the_thread(client, people):
    learner, teacher = people["learner"], people["teacher"]
    created = client.post(
        "/api/v1/conversations",
        json={"user_id": teacher.id, "body": "When is the next session?"},
        headers=auth(learner),
    )
    assert created.status_code == 201
    conversation = created.json()
    assert conversation["other_user"] == {"id": teacher.id, "full_name": "Tina Teacher"}
    assert conversation["last_message"]["body"] == "When is the next session?"
    again = client.post(
        "/api/v1/conversations",
        json={"user_id": teacher.id, "body": "Also: slides?"},
        headers=auth(learner),
    )
    # API.md: "201 conversation (or the existing one)", the second message added to it.
    assert (again.status_code, again.json()["id"]) == (201, conversation["id"])
    assert again.json()["last_message"]["body"] == "Also: slides?"

    listed = client.get("/api/v1/conversations", headers=auth(teacher)).json()
    [item] = listed["items"]
    assert (item["id"], item["unread"], item["other_user"]["full_name"]) == (
        conversation["id"],
        2,
        "Lev Learner",
    )
    url = f"/api/v1/conversations/{conversation['id']}/messages"
    reply = client.post(url, json={"body": "Friday at 10"}, headers=auth(teacher))
    assert reply.status_code == 201
    assert set(reply.json()) == {"id", "sender_id", "body", "sent_at", "read_at"}
    thread = client.get(url, headers=auth(teacher)).json()
    assert [message["body"] for message in thread["items"]] == [
        "Friday at 10",
        "Also: slides?",
        "When is the next session?",
    ]
    assert (
        client.get("/api/v1/conversations", headers=auth(teacher)).json()["items"][0]["unread"] == 0
    )
    notes = client.get("/api/v1/notifications", headers=auth(learner)).json()["items"]
    assert [note["kind"] for note in notes] == ["new_message"]


@pytest.mark.parametrize(
    ("sender", "recipient", "status"),
    [
        ("stranger", "teacher", 403),
        ("teacher", "stranger", 403),
        ("learner", "other_teacher", 403),
        ("learner", "stranger", 403),
        ("learner", "learner", 403),
        ("teacher", "learner", 201),
        ("stranger", "admin", 201),
        ("admin", "stranger", 201),
    ],
)
def test_who_may_start_a_conversation(client, people, sender, recipient, status):
    response = client.post(
        "/api/v1/conversations",
        json={"user_id": people[recipient].id, "body": "hi"},
        headers=auth(people[sender]),
    )
    assert response.status_code == status, response.text
    if status == 403:
        assert response.json()["code"] == "forbidden"


def test_strangers_cannot_read_or_post_in_a_conversation(client, people):
    conversation = client.post(
        "/api/v1/conversations",
        json={"user_id": people["teacher"].id, "body": "private"},
        headers=auth(people["learner"]),
    ).json()
    url = f"/api/v1/conversations/{conversation['id']}/messages"
    for outsider in ("stranger", "other_teacher", "admin"):
        assert client.get(url, headers=auth(people[outsider])).status_code == 403
        posted = client.post(url, json={"body": "me too"}, headers=auth(people[outsider]))
        assert posted.status_code == 403
    assert "private" not in client.get(url, headers=auth(people["stranger"])).text
    assert (
        client.get(
            "/api/v1/conversations/987654/messages", headers=auth(people["learner"])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("body", ["", "x" * 5001])
def test_a_message_body_is_1_to_5000_characters(client, people, body):
    response = client.post(
        "/api/v1/conversations",
        json={"user_id": people["teacher"].id, "body": body},
        headers=auth(people["learner"]),
    )
    assert response.status_code == 422
    assert "body" in response.text


@pytest.mark.parametrize("body", ["   ", "\x00\x01 "])
def test_blank_body_is_refused_naming_the_field(client, people, body):
    response = client.post(
        "/api/v1/conversations",
        json={"user_id": people["teacher"].id, "body": body},
        headers=auth(people["learner"]),
    )
    assert (response.status_code, response.json().get("field")) == (422, "body")


def test_control_characters_are_dropped_from_a_body(client, people):
    response = client.post(
        "/api/v1/conversations",
        json={"user_id": people["teacher"].id, "body": "a\x00b\nc"},
        headers=auth(people["learner"]),
    )
    assert (response.status_code, response.json()["last_message"]["body"]) == (201, "ab\nc")


def test_sending_is_rate_limited(client, people):
    learner = people["learner"]
    conversation = client.post(
        "/api/v1/conversations",
        json={"user_id": people["teacher"].id, "body": "1"},
        headers=auth(learner),
    ).json()
    url = f"/api/v1/conversations/{conversation['id']}/messages"
    statuses = [
        client.post(url, json={"body": f"m{n}"}, headers=auth(learner)).status_code
        for n in range(rate_limit.MESSAGE.limit)
    ]
    assert statuses[:-1] == [201] * (rate_limit.MESSAGE.limit - 1)
    assert statuses[-1] == 429


def test_notifications_come_in_the_callers_language_of_the_moment(
    client, people, committed_session
):
    """Written while the learner read English, listed after they chose Russian."""
    learner = committed_session.get(User, people["learner"].id)
    learner.locale = "en"
    committed_session.flush()
    ready = SimpleNamespace(user_id=learner.id, course_title="Python", serial="EDU-1")
    notifications.certificate_ready(committed_session, ready)
    learner.locale = "ru"
    committed_session.commit()
    item = client.get("/api/v1/notifications", headers=auth(learner)).json()["items"][0]
    assert (item["kind"], item["title"], item["body"]) == (
        "certificate_ready",
        "Сертификат по курсу «Python» готов",
        "Номер сертификата: EDU-1",
    )
