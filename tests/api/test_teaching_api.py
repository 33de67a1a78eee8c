"""GET /api/v1/courses/{id}/learners: JSON and CSV for the course's teacher or an admin;
404 for other teachers and students, 401 for anonymous callers."""

from __future__ import annotations

import csv
import io

import pytest

from edu_platform.services import sessions
from tests.support.api import auth
from tests.support.factories import make_course, make_enrollment, make_user

CAST = {  # part: (email, name, role)
    "teacher": ("teacher@learners.api", "Tess Teacher", "teacher"),
    "other": ("other@learners.api", "Otto Other", "teacher"),
    "admin": ("admin@learners.api", "Ada Admin", "admin"),
    "anna": ("anna@learners.api", "Анна Иванова", "student"),
    "bob": ("bob@learners.api", "Bob Brown", "student"),
}


@pytest.fixture
def people(committed_session):
    s = committed_session
    users = {
        part: make_user(s, email=email, name=name, role=role)
        for part, (email, name, role) in CAST.items()
    }
    course = make_course(
        s,
        teacher=users["teacher"],
        slug="api-learners",
        title="API course",
        price="0",
        lessons_count=4,
    )
    in_course = {"session": s, "course_id": course.id}
    make_enrollment(
        **in_course, user_id=users["anna"].id, progress_percent=50, completed_lessons=2, points=15
    )
    make_enrollment(**in_course, user_id=users["bob"].id, progress_percent=25, completed_lessons=1)
    s.commit()
    return {"course_id": course.id, **users}


def url(people) -> str:
    return f"/api/v1/courses/{people['course_id']}/learners"


def test_teacher_gets_the_learners_as_a_json_page(client, people):
    response = client.get(url(people), headers=auth(people["teacher"]), params={"sort": "progress"})

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["page"], body["per_page"]) == (2, 1, 20)
    assert [item["email"] for item in body["items"]] == ["anna@learners.api", "bob@learners.api"]
    anna = body["items"][0]
    assert (anna["progress_percent"], anna["completed_lessons"], anna["lessons_total"]) == (
        50,
        2,
        4,
    )
    assert (anna["points"], anna["attendance"], anna["best_score"], anna["passed"]) == (
        15,
        0,
        None,
        False,
    )


def test_admin_searches_and_pages_the_learners(client, people):
    response = client.get(
        url(people), headers=auth(people["admin"]), params={"q": "brown", "per_page": 1}
    )

    assert response.status_code == 200
    body = response.json()
    assert [item["full_name"] for item in body["items"]] == ["Bob Brown"]
    assert (body["total"], body["per_page"]) == (1, 1)


def test_csv_download_lists_every_learner_with_a_header(client, people):
    response = client.get(url(people), headers=auth(people["teacher"]), params={"format": "csv"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="course-{people["course_id"]}-learners.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["full_name"], row["progress_percent"], row["points"]) for row in rows] == [
        ("Bob Brown", "25", "0"),
        ("Анна Иванова", "50", "15"),
    ]


def test_browser_session_cookie_downloads_the_csv(client, people, committed_session):
    ticket = sessions.create_ticket(session=committed_session, user_id=people["teacher"].id)
    token = sessions.redeem_ticket(session=committed_session, ticket=ticket)
    committed_session.commit()
    client.cookies.set(sessions.SESSION_COOKIE, token)

    response = client.get(url(people), params={"format": "csv"})

    assert response.status_code == 200
    assert "anna@learners.api" in response.text


@pytest.mark.parametrize("who", ["other", "anna"])
def test_other_teachers_and_students_get_403_without_data(client, people, who):
    for fmt in ("json", "csv"):
        response = client.get(url(people), headers=auth(people[who]), params={"format": fmt})
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        assert "anna@learners.api" not in response.text


def test_anonymous_caller_gets_401(client, people):
    response = client.get(url(people), params={"format": "csv"})
    assert response.status_code == 401


def test_unknown_sort_is_422_naming_the_field(client, people):
    response = client.get(url(people), headers=auth(people["teacher"]), params={"sort": "x"})
    assert response.status_code == 422
    assert response.json()["field"] == "sort"
