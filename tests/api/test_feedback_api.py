"""GET /api/v1/courses/{id}/feedback: the course's teacher and admins only."""

from __future__ import annotations

import pytest

from edu_platform.models import User
from edu_platform.services import feedback
from tests.support.api import auth
from tests.support.learning import World, build_world


@pytest.fixture
def world(committed_session) -> World:
    built = build_world(committed_session)
    built.enrollment.status = "completed"
    committed_session.add(built.enrollment)
    committed_session.flush()
    feedback.submit_feedback(
        session=committed_session,
        user_id=built.learner.id,
        course_id=built.course.id,
        rating=4,
        improve="More practice tasks",
    )
    committed_session.commit()
    return built


def _url(world: World) -> str:
    return f"/api/v1/courses/{world.course.id}/feedback"


def test_the_teacher_gets_the_feedback_list(client, world, committed_session):
    teacher = committed_session.get(User, world.course.teacher_id)
    response = client.get(_url(world), headers=auth(teacher))
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["page"], body["per_page"], body["average_rating"]) == (
        1,
        1,
        20,
        4.0,
    )
    [item] = body["items"]
    assert (item["user_id"], item["learner_name"], item["rating"], item["improve"]) == (
        world.learner.id,
        "Learner",
        4,
        "More practice tasks",
    )
    assert item["created_at"].endswith(("+00:00", "Z"))


def test_an_admin_gets_it_too(client, world):
    response = client.get(_url(world), headers=auth(world.admin))
    assert (response.status_code, response.json()["total"]) == (200, 1)


def test_a_learner_gets_403_and_no_feedback(client, world):
    response = client.get(_url(world), headers=auth(world.learner))
    assert response.status_code == 403
    assert "More practice tasks" not in response.text


def test_anonymous_gets_401_and_unknown_course_404(client, world):
    assert client.get(_url(world)).status_code == 401
    missing = client.get("/api/v1/courses/987654/feedback", headers=auth(world.admin))
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
