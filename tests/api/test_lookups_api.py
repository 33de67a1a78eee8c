"""GET /api/v1/users/{id} and GET /api/v1/enrollments/{id}: who may read which record."""

from __future__ import annotations

import pytest

from edu_platform.models import Enrollment
from tests.support.api import auth
from tests.support.factories import make_course, make_user

TOO_BIG = 2**64


@pytest.fixture
def world(committed_session):
    s = committed_session
    teacher = make_user(s, role="teacher", name="Tina")
    data = {
        "admin": make_user(s, role="admin"),
        "teacher": teacher,
        "other_teacher": make_user(s, role="teacher"),
        "student": make_user(s, name="Sam"),
        "other": make_user(s),
    }
    course = make_course(s, price="0", teacher=teacher)
    enrolment = Enrollment(user_id=data["student"].id, course_id=course.id, progress_percent=40)
    s.add(enrolment)
    s.commit()
    data["enrollment"] = enrolment
    return data


def test_a_user_is_read_by_an_admin_and_by_themself_only(client, world):
    student = world["student"]
    for reader in ("admin", "student"):
        response = client.get(f"/api/v1/users/{student.id}", headers=auth(world[reader]))
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"id", "email", "full_name", "role", "is_active", "created_at"}
        assert (body["id"], body["email"], body["role"]) == (student.id, student.email, "student")
    for reader in ("other", "teacher"):
        response = client.get(f"/api/v1/users/{student.id}", headers=auth(world[reader]))
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert client.get(f"/api/v1/users/{student.id}").status_code == 401
    missing = client.get("/api/v1/users/999999", headers=auth(world["admin"]))
    assert missing.status_code == 404
    assert client.get(f"/api/v1/users/{TOO_BIG}", headers=auth(world["admin"])).status_code == 422


def test_an_enrolment_is_read_by_its_learner_the_teacher_and_admins(client, world):
    enrolment = world["enrollment"]
    url = f"/api/v1/enrollments/{enrolment.id}"
    for reader in ("student", "teacher", "admin"):
        response = client.get(url, headers=auth(world[reader]))
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["id"], body["user_id"], body["course_id"], body["progress_percent"]) == (
            enrolment.id,
            world["student"].id,
            enrolment.course_id,
            40,
        )
        assert body["status"] == "active"
    for reader in ("other", "other_teacher"):
        response = client.get(url, headers=auth(world[reader]))
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert client.get(url).status_code == 401
    assert (
        client.get(f"/api/v1/enrollments/{TOO_BIG}", headers=auth(world["admin"])).status_code
        == 422
    )
    assert client.get("/api/v1/enrollments/0", headers=auth(world["admin"])).status_code == 422
