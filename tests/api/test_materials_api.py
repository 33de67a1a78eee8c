"""User-written materials: a student writes one over the API (free, published at once),
another user finds it in the catalog with the `kind=material` filter and learns it
without a certificate; strangers cannot edit it; an admin hides it for good."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.models import Certificate, Enrollment
from tests.support.api import auth
from tests.support.factories import make_course, make_user


@pytest.fixture
def people(committed_session):
    s = committed_session
    teacher = make_user(s, role="teacher", name="Tina Teacher")
    data = {
        "admin": make_user(s, role="admin", name="Ada Admin"),
        "teacher": teacher,
        "author": make_user(s, name="Alex Author"),
        "reader": make_user(s, name="Rita Reader"),
        "course": make_course(s, price="0.00", title="Regular course", teacher=teacher),
    }
    s.commit()
    return data


def _write_material(client, author) -> dict:
    created = client.post(
        "/api/v1/courses",
        json={
            "kind": "material",
            "title": "Шпаргалка по Git",
            "summary": "Команды на каждый день",
            "price": "990.00",
        },
        headers=auth(author),
    )
    assert created.status_code == 201, created.text
    material = created.json()
    module = client.post(
        f"/api/v1/courses/{material['id']}/modules", json={"title": "Git"}, headers=auth(author)
    )
    assert module.status_code == 201, module.text
    lesson = client.post(
        f"/api/v1/modules/{module.json()['id']}/lessons",
        json={"title": "commit", "kind": "text", "body": "`git commit -m`"},
        headers=auth(author),
    )
    assert lesson.status_code == 201, lesson.text
    return {**material, "lesson_id": lesson.json()["id"]}


def test_a_student_writes_a_material_another_user_finds_it_with_the_filter(client, people):
    material = _write_material(client, people["author"])
    assert material["kind"] == "material" and material["is_published"] is True
    assert material["price"] == "0.00" and material["is_free"] is True
    assert material["teacher"]["full_name"] == "Alex Author"

    reader = auth(people["reader"])
    both = client.get("/api/v1/courses", headers=reader).json()
    assert {item["title"]: item["kind"] for item in both["items"]} == {
        "Regular course": "course",
        "Шпаргалка по Git": "material",
    }
    assert {f["value"]: f["count"] for f in both["facets"]["kinds"]} == {
        "course": 1,
        "material": 1,
    }
    named_both = client.get("/api/v1/courses", params={"kind": "both"}, headers=reader).json()
    assert named_both["items"] == both["items"]
    only = client.get("/api/v1/courses", params={"kind": "material"}, headers=reader).json()
    assert [item["title"] for item in only["items"]] == ["Шпаргалка по Git"]
    courses = client.get("/api/v1/courses", params={"kind": "course"}).json()
    assert [item["title"] for item in courses["items"]] == ["Regular course"]
    found = client.get("/api/v1/courses", params={"kind": "material", "q": "шпаргалки"}).json()
    assert [item["title"] for item in found["items"]] == ["Шпаргалка по Git"]
    assert client.get("/api/v1/courses", params={"kind": "book"}).status_code == 422

    # The reader learns it to the end: completed, and no certificate.
    enrolled = client.post(
        "/api/v1/enrollments", json={"course_id": material["id"]}, headers=reader
    )
    assert enrolled.status_code in (200, 201), enrolled.text
    done = client.post(f"/api/v1/lessons/{material['lesson_id']}/complete", headers=reader)
    assert done.status_code == 200 and done.json()["percent"] == 100
    with Session(db.get_engine()) as session:
        status = session.scalar(
            select(Enrollment.status).where(Enrollment.course_id == material["id"])
        )
        assert status == "completed"
        assert session.scalar(select(func.count(Certificate.id))) == 0


def test_only_its_author_edits_it_it_stays_free_and_an_admin_hides_it(client, people):
    material = _write_material(client, people["author"])
    path = f"/api/v1/courses/{material['id']}"
    assert (
        client.patch(path, json={"title": "Mine"}, headers=auth(people["reader"])).status_code
        == 403
    )
    assert (
        client.patch(path, json={"title": "x"}, headers=auth(people["teacher"])).status_code == 403
    )
    assert (
        client.post("/api/v1/courses", json={"kind": "material", "title": "x"}).status_code == 401
    )
    # A student still cannot create a (paid) course.
    plain = client.post("/api/v1/courses", json={"title": "Paid"}, headers=auth(people["author"]))
    assert plain.status_code == 403

    edited = client.patch(
        path, json={"title": "Git cheatsheet", "price": "500.00"}, headers=auth(people["author"])
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["title"] == "Git cheatsheet" and edited.json()["price"] == "0.00"

    hidden = client.patch(path, json={"is_published": False}, headers=auth(people["admin"]))
    assert hidden.status_code == 200 and hidden.json()["is_published"] is False
    listing = client.get("/api/v1/courses", params={"kind": "material"}).json()
    assert listing["total"] == 0
    again = client.patch(path, json={"is_published": True}, headers=auth(people["author"]))
    assert again.status_code == 403
    shown = client.patch(path, json={"is_published": True}, headers=auth(people["admin"]))
    assert shown.status_code == 200 and shown.json()["is_published"] is True
    assert client.get("/api/v1/courses", params={"kind": "material"}).json()["total"] == 1
