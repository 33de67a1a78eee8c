"""POST /api/v1/courses and PATCH /api/v1/courses/{id}: roles, ownership, validation,
publishing, and what the course detail answers with."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from edu_platform.models import Category, Course, Lesson, Module
from tests.support.api import auth
from tests.support.factories import make_cast


@pytest.fixture
def people(committed_session):
    users = make_cast(committed_session)
    committed_session.add(Category(slug="science", name="Science"))
    committed_session.commit()
    return {name: auth(user) | {"id": user.id} for name, user in users.items()}


def headers(person: dict) -> dict:
    return {"Authorization": person["Authorization"]}


def _create(client, person, **body):
    return client.post(
        "/api/v1/courses", json={"title": "Физика вокруг нас", **body}, headers=headers(person)
    )


def _update(client, person, course_id: int, body: dict):
    """The answer to `person`'s PATCH of the course with `body`."""
    return client.patch(f"/api/v1/courses/{course_id}", json=body, headers=headers(person))


def _add_lesson(session, course_id: int) -> None:
    module = Module(course_id=course_id, title="Intro")
    session.add(module)
    session.flush()
    session.add(Lesson(module_id=module.id, course_id=course_id, title="First"))
    session.commit()


def test_teacher_creates_a_draft_with_the_detail_shape(client, people, committed_session):
    category_id = committed_session.scalar(select(Category.id))
    response = _create(
        client,
        people["teacher"],
        summary="Законы Ньютона",
        price="1990.00",
        level="intermediate",
        language="ru",
        category_id=category_id,
    )
    assert response.status_code == 201
    body = response.json()
    assert {
        key: body[key]
        for key in (
            "slug",
            "title",
            "price",
            "currency",
            "level",
            "is_published",
            "is_free",
            "modules",
        )
    } == {
        "slug": "fizika-vokrug-nas",
        "title": "Физика вокруг нас",
        "price": "1990.00",
        "currency": "RUB",
        "level": "intermediate",
        "is_published": False,
        "is_free": False,
        "modules": [],
    }
    assert body["teacher"] == {"id": people["teacher"]["id"], "full_name": "Tina Teacher"}
    assert body["category"] == {"id": category_id, "name": "Science"}
    committed_session.rollback()  # a fresh snapshot: the route committed in its own transaction
    row = committed_session.get(Course, body["id"])
    assert (row.teacher_id, row.is_published) == (people["teacher"]["id"], False)


def test_anonymous_gets_401_and_a_student_403(client, people, committed_session):
    assert client.post("/api/v1/courses", json={"title": "X"}).status_code == 401
    response = _create(client, people["student"])
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert committed_session.scalar(select(Course.id)) is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"price": "-5"}, "price"),
        ({"level": "guru"}, "level"),
        ({"language": "de"}, "language"),
        ({"currency": "RUBLES"}, "currency"),
        ({"currency": "UNG"}, "currency"),
        ({"currency": "GBP"}, "currency"),
        ({"slug": "Not A Slug"}, "slug"),
        ({"category_id": 424242}, "category_id"),
    ],
)
def test_bad_create_body_is_422_naming_the_field(client, people, body, field):
    response = _create(client, people["teacher"], **body)
    assert response.status_code == 422
    assert response.json()["field"] == field


@pytest.mark.parametrize("currency", ["UNG0", "UNG", "GBP", "", "rub1"])
def test_currency_outside_the_list_is_422_naming_currency(client, people, currency):
    response = _create(client, people["teacher"], currency=currency)
    assert (response.status_code, response.json()["field"]) == (422, "currency")
    course_id = _create(client, people["teacher"]).json()["id"]
    patched = _update(client, people["teacher"], course_id, {"currency": currency})
    assert (patched.status_code, patched.json()["field"]) == (422, "currency")


@pytest.mark.parametrize("currency", ["RUB", "USD", "EUR", "usd"])
def test_currency_from_the_list_is_accepted(client, people, currency):
    response = _create(client, people["teacher"], currency=currency)
    assert (response.status_code, response.json()["currency"]) == (201, currency.upper())


def test_taken_slug_is_409(client, people):
    assert _create(client, people["teacher"], slug="physics").status_code == 201
    response = _create(client, people["teacher"], slug="physics")
    assert (response.status_code, response.json()["field"]) == (409, "slug")


def test_patch_edits_and_publishes_own_course(client, people, committed_session):
    course_id = _create(client, people["teacher"]).json()["id"]
    refused = _update(client, people["teacher"], course_id, {"is_published": True})
    assert (refused.status_code, refused.json()["field"]) == (422, "is_published")

    _add_lesson(committed_session, course_id)
    edits = {"title": "Оптика", "price": "0", "is_published": True, "end_date": "2026-12-31"}
    response = _update(client, people["teacher"], course_id, edits)
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["is_free"], body["is_published"], body["end_date"]) == (
        "Оптика",
        True,
        True,
        "2026-12-31",
    )
    assert [m["title"] for m in body["modules"]] == ["Intro"]
    listed = client.get("/api/v1/courses", params={"q": "оптика"}).json()
    assert [item["id"] for item in listed["items"]] == [course_id]

    _update(client, people["teacher"], course_id, {"is_published": False})
    assert client.get("/api/v1/courses", params={"q": "оптика"}).json()["items"] == []


def test_patch_by_another_teacher_is_403_and_by_an_admin_works(client, people, committed_session):
    course_id = _create(client, people["teacher"]).json()["id"]
    for person in ("other", "student"):
        response = _update(client, people[person], course_id, {"title": "Hijacked"})
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    # A course that does not exist is still a 404.
    assert _update(client, people["other"], course_id + 1000, {"title": "x"}).status_code == 404
    assert client.patch(f"/api/v1/courses/{course_id}", json={"title": "x"}).status_code == 401
    response = _update(client, people["admin"], course_id, {"title": "Admin's title"})
    assert response.status_code == 200
    committed_session.rollback()
    assert committed_session.get(Course, course_id).title == "Admin's title"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"price": "-1"}, "price"),
        ({"start_date": "2026-09-10", "end_date": "2026-09-01"}, "end_date"),
        ({"points_per_visit": -1}, "points_per_visit"),
        ({"level": "guru"}, "level"),
    ],
)
def test_bad_patch_is_422_naming_the_field(client, people, body, field):
    course_id = _create(client, people["teacher"]).json()["id"]
    response = _update(client, people["teacher"], course_id, body)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_patch_of_a_missing_course_is_404(client, people):
    response = _update(client, people["admin"], 999999, {"title": "x"})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
