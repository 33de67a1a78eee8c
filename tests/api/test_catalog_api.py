"""The public catalog API over HTTP: course list with facets, detail, reviews, categories.

Data is committed (clean_db) so the routes' own transactions see it; the catalog is
tests/support/catalog_data.py.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session

from edu_platform.models import Category, Review, User, utcnow
from tests.support.api import auth
from tests.support.catalog_data import Catalog, add_syllabus, build_catalog
from tests.support.factories import make_course_session

CARD_FIELDS = {
    "id",
    "slug",
    "title",
    "summary",
    "price",
    "currency",
    "level",
    "language",
    "category",
    "teacher",
    "rating_avg",
    "rating_count",
    "enrollment_count",
    "banner_url",
    "is_free",
    "kind",
}


@pytest.fixture
def catalog(committed_session: Session) -> Catalog:
    data = build_catalog(committed_session)
    committed_session.commit()
    return data


# --- GET /api/v1/courses --------------------------------------------------------------


def test_course_list_items_have_the_card_shape(client, catalog):
    response = client.get("/api/v1/courses", params={"q": "dashboards"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"items", "total", "page", "per_page", "sort", "facets"}
    assert (body["total"], body["page"], body["per_page"], body["sort"]) == (
        1,
        1,
        20,
        "relevance",
    )
    [card] = body["items"]
    assert set(card) == CARD_FIELDS
    course = catalog.courses["dash_en"]
    assert card == {
        "id": course.id,
        "slug": "dash-en",
        "title": "Data Dashboards",
        "summary": "Charts and reports in Python",
        "price": "12900.00",
        "currency": "RUB",
        "level": "advanced",
        "language": "en",
        "category": {"id": catalog.categories["data"].id, "name": "Data"},
        "teacher": {"id": catalog.teachers["boris"].id, "full_name": "Boris Smith"},
        "rating_avg": 3.9,
        "rating_count": 10,
        "enrollment_count": 80,
        "banner_url": "",
        "is_free": False,
        "kind": "course",
    }


def test_free_course_price_is_a_zero_decimal_string(client, catalog):
    [card] = client.get("/api/v1/courses", params={"free": "true"}).json()["items"]
    assert (card["slug"], card["price"], card["is_free"]) == ("python-ru", "0.00", True)
    assert Decimal(card["price"]) == 0


def test_course_list_searches_filters_and_sorts(client, catalog):
    body = client.get(
        "/api/v1/courses",
        params={"q": "python", "free": "false", "sort": "price_desc"},
    ).json()
    assert [item["slug"] for item in body["items"]] == ["dash-en", "web-en"]
    assert body["sort"] == "price_desc"
    body = client.get(
        "/api/v1/courses",
        params={"category": "data", "price_min": "1000", "price_max": "2000"},
    ).json()
    assert [item["slug"] for item in body["items"]] == ["data-ru"]


def test_the_category_filter_takes_the_slug_or_the_id_of_the_card(client, catalog):
    data = catalog.categories["data"]
    by_slug = client.get("/api/v1/courses", params={"category": "data"}).json()
    by_id = client.get("/api/v1/courses", params={"category": str(data.id)}).json()
    assert [item["slug"] for item in by_id["items"]] == [item["slug"] for item in by_slug["items"]]
    assert by_id["total"] == 2
    assert all(item["category"]["id"] == data.id for item in by_id["items"])
    for unknown in ("no-such-category", "999999", "99999999999", "²", "1" * 5000):
        body = client.get("/api/v1/courses", params={"category": unknown}).json()
        assert (body["items"], body["total"]) == ([], 0), unknown


def test_course_list_carries_facets_with_counts(client, catalog):
    facets = client.get("/api/v1/courses", params={"language": "ru"}).json()["facets"]
    assert facets["categories"] == [
        {"value": "data", "label": "Data", "count": 1},
        {"value": "programming", "label": "Programming", "count": 1},
    ]
    assert {f["value"]: f["count"] for f in facets["languages"]} == {"ru": 2, "en": 3}
    assert {f["value"]: f["count"] for f in facets["prices"]} == {"free": 1, "paid": 1}
    assert {f["value"]: f["count"] for f in facets["levels"]} == {
        "beginner": 1,
        "intermediate": 1,
        "advanced": 0,
    }
    assert [f["value"] for f in facets["ratings"]] == ["4.5", "4", "3.5", "3"]


def test_course_list_pages(client, catalog):
    pages = [
        client.get("/api/v1/courses", params={"per_page": 2, "page": page}).json()
        for page in (1, 2, 3)
    ]
    assert [(p["page"], p["per_page"], p["total"]) for p in pages] == [
        (1, 2, 5),
        (2, 2, 5),
        (3, 2, 5),
    ]
    assert [[item["slug"] for item in p["items"]] for p in pages] == [
        ["python-ru", "web-en"],
        ["data-ru", "design-en"],
        ["dash-en"],
    ]


def test_course_list_never_shows_drafts(client, catalog):
    body = client.get("/api/v1/courses", params={"q": "draft", "per_page": 100}).json()
    assert (body["items"], body["total"]) == ([], 0)
    slugs = [i["slug"] for i in client.get("/api/v1/courses?per_page=100").json()["items"]]
    assert "draft" not in slugs and len(slugs) == 5


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "cheapest"}, "sort"),
        ({"price_min": "abc"}, "price_min"),
        ({"price_max": "-5"}, "price_max"),
        ({"price_min": "5000", "price_max": "100"}, "price_min"),
        ({"rating_min": "9"}, "rating_min"),
        ({"level": "expert"}, "level"),
        ({"language": "de"}, "language"),
        ({"per_page": "101"}, "per_page"),
        ({"page": "0"}, "page"),
    ],
)
def test_bad_course_list_query_is_422_naming_the_field(client, catalog, params, field):
    response = client.get("/api/v1/courses", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    assert response.json()["code"] == "invalid"


def test_punctuation_query_is_an_empty_page(client, catalog):
    response = client.get("/api/v1/courses", params={"q": "&|!:*()"})
    assert response.status_code == 200
    assert (response.json()["items"], response.json()["total"]) == ([], 0)


# --- GET /api/v1/courses/{id} ---------------------------------------------------------


def test_course_detail_has_modules_lessons_in_order_and_sessions(
    client, catalog, committed_session
):
    course = catalog.courses["web_en"]
    add_syllabus(
        committed_session,
        course,
        [
            ("Backend", 2, [("HTTP", 1, 30, "quiz")]),
            ("Frontend", 1, [("CSS", 2, 20, "text"), ("HTML", 1, 15, "video")]),
        ],
    )
    make_course_session(
        committed_session,
        course_id=course.id,
        starts_at=utcnow() + timedelta(days=3),
        location="Room 1",
        commit=True,
    )

    response = client.get(f"/api/v1/courses/{course.id}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert CARD_FIELDS | {"description", "start_date", "end_date", "modules", "sessions"} <= set(
        body
    )
    assert (body["title"], body["description"], body["price"]) == (
        "Web Programming",
        "HTML, CSS and browsers.",
        "4990.00",
    )
    assert body["teacher"] == {"id": catalog.teachers["boris"].id, "full_name": "Boris Smith"}
    assert [(m["title"], m["position"]) for m in body["modules"]] == [
        ("Frontend", 1),
        ("Backend", 2),
    ]
    assert [
        (lesson["title"], lesson["kind"], lesson["position"], lesson["duration_minutes"])
        for lesson in body["modules"][0]["lessons"]
    ] == [("HTML", "video", 1, 15), ("CSS", "text", 2, 20)]  # a text with no words yet: as typed
    assert set(body["modules"][0]["lessons"][0]) == {
        "id",
        "title",
        "kind",
        "position",
        "duration_minutes",
    }
    [slot] = body["sessions"]
    assert (slot["title"], slot["location"]) == ("Live Q&A", "Room 1")


def test_draft_detail_is_404_anonymously_and_for_other_users(client, catalog):
    draft = catalog.courses["draft"]
    response = client.get(f"/api/v1/courses/{draft.id}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    other = client.get(f"/api/v1/courses/{draft.id}", headers=auth(catalog.teachers["boris"]))
    assert other.status_code == 404
    assert client.get(f"/api/v1/courses/{draft.id}/reviews").status_code == 404


def test_draft_detail_is_shown_to_its_teacher(client, catalog):
    draft = catalog.courses["draft"]
    response = client.get(f"/api/v1/courses/{draft.id}", headers=auth(catalog.teachers["anna"]))
    assert response.status_code == 200, response.text
    assert response.json()["title"] == "Python Draft Programming"


def test_unknown_course_is_404(client, catalog):
    assert client.get("/api/v1/courses/987654").status_code == 404


# --- GET /api/v1/courses/{id}/reviews -------------------------------------------------


def test_reviews_are_paged_newest_first_and_hidden_ones_left_out(
    client, catalog, committed_session
):
    course = catalog.courses["design_en"]
    now = utcnow()
    learners = [
        User(email=f"reviewer{n}@api.example.org", full_name=f"Reviewer {n}") for n in range(4)
    ]
    committed_session.add_all(learners)
    committed_session.flush()
    committed_session.add_all(
        [
            Review(
                user_id=learner.id,
                course_id=course.id,
                rating=5 - n,
                comment=f"comment {n}",
                is_hidden=n == 1,
                created_at=now - timedelta(hours=n),
            )
            for n, learner in enumerate(learners)
        ]
    )
    committed_session.commit()

    first = client.get(f"/api/v1/courses/{course.id}/reviews", params={"per_page": 2}).json()
    second = client.get(
        f"/api/v1/courses/{course.id}/reviews", params={"per_page": 2, "page": 2}
    ).json()
    assert (first["total"], first["page"], first["per_page"]) == (3, 1, 2)
    assert [(r["author"], r["rating"], r["comment"]) for r in first["items"]] == [
        ("Reviewer 0", 5, "comment 0"),
        ("Reviewer 2", 3, "comment 2"),
    ]
    assert [r["author"] for r in second["items"]] == ["Reviewer 3"]
    assert set(first["items"][0]) == {"id", "author", "rating", "comment", "created_at"}


# --- GET /api/v1/categories -----------------------------------------------------------


def test_categories_count_only_published_courses(client, catalog, committed_session):
    committed_session.add(Category(slug="empty", name="Empty", position=9))
    committed_session.commit()
    body = client.get("/api/v1/categories").json()
    # programming holds two published courses and the draft.
    assert [(c["slug"], c["name"], c["course_count"]) for c in body["items"]] == [
        ("data", "Data", 2),
        ("programming", "Programming", 2),
        ("design", "Design", 1),
        ("empty", "Empty", 0),
    ]
    assert (body["total"], body["page"], body["per_page"]) == (4, 1, 20)
    assert body["items"][0]["id"] == catalog.categories["data"].id


def test_categories_are_a_paged_list(client, catalog):
    second = client.get("/api/v1/categories", params={"page": 2, "per_page": 2}).json()
    assert [c["slug"] for c in second["items"]] == ["design"]
    assert (second["total"], second["page"], second["per_page"]) == (3, 2, 2)
    beyond = client.get("/api/v1/categories", params={"page": 3, "per_page": 2}).json()
    assert (beyond["items"], beyond["total"]) == ([], 3)
    too_many = client.get("/api/v1/categories", params={"per_page": 101})
    assert (too_many.status_code, too_many.json()["field"]) == (422, "per_page")
