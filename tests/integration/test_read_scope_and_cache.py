"""Reads without SQLite's write lock, and the catalog cache (edu_platform/cache.py).

Read scopes (`db.run_sync(..., read_only=True)`) begin deferred on SQLite, so a read
runs while another connection holds the write lock; writes still queue for it. The
cache serves the catalog list, course page and home page, and a published, edited or
reviewed course is fresh at once (memory and Redis backends, SQLite and PostgreSQL).
"""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlmodel import Session

from edu_platform import cache, db
from edu_platform.models import Category, Course, Enrollment, Lesson, Module, User
from edu_platform.services import enrollment, reviews, reviews_admin
from edu_platform.services.authoring import courses as authoring
from tests.support.api import api_app
from tests.support.catalog_data import PUBLISHED, Catalog, build_catalog
from tests.support.jobs import redis_at

# --- reads and SQLite's write lock ------------------------------------------------------


INSERT_CATEGORY = (
    "INSERT INTO category (slug, name, description, position, created_at)"
    " VALUES ('{slug}', 'C', '', 1, '2026-01-01')"
)


def _count_courses(*, session) -> int:
    return session.scalar(select(func.count(Course.id)))


def _insert_category(*, session) -> None:
    session.execute(text(INSERT_CATEGORY.format(slug="w")))


def _in_thread(fn, **kwargs) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = db.run_sync(fn, **kwargs)
        except Exception as error:
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, outcome


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_read_runs_while_another_connection_holds_the_write_lock(clean_db):
    holder = db.make_engine(str(clean_db.url)).connect()
    try:
        # A write transaction (BEGIN IMMEDIATE): the write lock, held until the rollback.
        holder.exec_driver_sql(INSERT_CATEGORY.format(slug="x"))

        reader, read = _in_thread(_count_courses, read_only=True)
        reader.join(timeout=5)
        assert not reader.is_alive(), "a read-only scope waited for the write lock"
        assert read == {"value": 0}

        writer, written = _in_thread(_insert_category)
        writer.join(timeout=1)
        assert writer.is_alive(), "a write transaction must queue for the write lock"
    finally:
        holder.rollback()
        holder.close()
    writer.join(timeout=10)
    assert not writer.is_alive() and "error" not in written


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_read_scope_never_commits_on_sqlite(clean_db):
    db.run_sync(_insert_category, read_only=True)
    count = "SELECT count(*) FROM category WHERE slug = 'w'"
    assert db.run_sync(lambda *, session: session.scalar(text(count))) == 0


def test_a_read_scope_refuses_orm_writes(clean_db):
    def add_category(*, session) -> None:
        session.add(Category(slug="r", name="R"))
        session.flush()

    with pytest.raises(RuntimeError, match="read scope"):
        db.run_sync(add_category, read_only=True)
    db.run_sync(add_category)
    assert db.run_sync(_count_categories, read_only=True) == 1


def _count_categories(*, session) -> int:
    return session.scalar(select(func.count(Category.id)))


@pytest.mark.parametrize("backend", ["postgres"])
def test_a_read_scope_on_postgres_runs_in_autocommit(use_engine):
    with db.read_scope() as session:
        session.scalar(text("SELECT 1"))
        assert session.connection().connection.driver_connection.autocommit is True
    with db.session_scope() as session:
        session.scalar(text("SELECT 1"))
        assert session.connection().connection.driver_connection.autocommit is False


# --- the catalog cache ------------------------------------------------------------------


@pytest.fixture(params=["memory", "redis"])
def cache_backend(request, monkeypatch) -> str:
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    with redis_at(monkeypatch, url):
        cache.clear()
        yield request.param


@pytest.fixture
def client(clean_db, cache_backend) -> TestClient:
    with TestClient(api_app()) as test_client:
        yield test_client


@pytest.fixture
def catalog(committed_session: Session) -> Catalog:
    data = build_catalog(committed_session)
    committed_session.commit()
    return data


def _titles(client: TestClient) -> set[str]:
    response = client.get("/api/v1/courses", params={"per_page": 20})
    assert response.status_code == 200, response.text
    return {card["title"] for card in response.json()["items"]}


def test_a_repeated_list_is_a_hit_and_health_shows_the_rate(client, catalog, cache_backend):
    first = client.get("/api/v1/courses", params={"per_page": 20})
    second = client.get("/api/v1/courses", params={"per_page": 20})
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert len(first.json()["items"]) == len(PUBLISHED)

    health = client.get("/api/health", params={"verbose": 1}).json()
    figures = health["cache"]
    assert figures["backend"] == cache_backend
    # The first call missed the API entry, the search entry and the facets entry.
    assert (figures["hits"], figures["misses"]) == (1, 3)
    assert figures["hit_rate"] == 0.25
    assert "cache" not in client.get("/api/health").json()


def test_a_published_course_is_listed_at_once(client, catalog, committed_session):
    draft = catalog.courses["draft"]
    assert "Python Draft Programming" not in _titles(client)
    module = Module(course_id=draft.id, title="M", position=1)
    committed_session.add(module)
    committed_session.flush()
    committed_session.add(Lesson(module_id=module.id, course_id=draft.id, title="L", position=1))
    committed_session.commit()
    assert "Python Draft Programming" not in _titles(client)  # cached again, still a draft

    db.run_sync(authoring.publish_course, actor_id=catalog.teachers["anna"].id, course_id=draft.id)
    assert "Python Draft Programming" in _titles(client)
    assert client.get(f"/api/v1/courses/{draft.id}").status_code == 200


def test_an_edited_course_is_fresh_on_the_list_and_its_page(client, catalog):
    course = catalog.courses["web_en"]
    assert "Web Programming" in _titles(client)
    assert client.get(f"/api/v1/courses/{course.id}").json()["title"] == "Web Programming"

    db.run_sync(
        authoring.update_course,
        actor_id=catalog.teachers["boris"].id,
        course_id=course.id,
        changes={"title": "Web Apps"},
    )
    assert "Web Apps" in _titles(client)
    assert client.get(f"/api/v1/courses/{course.id}").json()["title"] == "Web Apps"


def test_a_reviewed_course_shows_its_new_rating_at_once(client, catalog, committed_session):
    course = catalog.courses["dash_en"]
    learner = User(email="learner@catalog.example.org", full_name="L", role="student")
    committed_session.add(learner)
    committed_session.flush()
    committed_session.add(Enrollment(user_id=learner.id, course_id=course.id))
    committed_session.commit()
    before = client.get(f"/api/v1/courses/{course.id}").json()
    assert (before["rating_avg"], before["rating_count"]) == (3.9, 10)

    db.run_sync(reviews.upsert_review, user_id=learner.id, course_id=course.id, rating=5)

    after = client.get(f"/api/v1/courses/{course.id}").json()
    assert (after["rating_avg"], after["rating_count"]) == (5.0, 1)
    [card] = [
        item
        for item in client.get("/api/v1/courses", params={"per_page": 20}).json()["items"]
        if item["id"] == course.id
    ]
    assert card["rating_count"] == 1


def test_an_enrolment_and_its_cancellation_move_the_count_at_once(
    client, catalog, committed_session
):
    course = catalog.courses["web_en"]
    learner = User(email="counted@catalog.example.org", full_name="C", role="student")
    committed_session.add(learner)
    committed_session.commit()

    def counts() -> tuple[int, int]:
        detail = client.get(f"/api/v1/courses/{course.id}").json()["enrollment_count"]
        cards = client.get("/api/v1/courses", params={"per_page": 20}).json()["items"]
        [card] = [item for item in cards if item["id"] == course.id]
        return detail, card["enrollment_count"]

    before, _ = counts()  # both cached now
    db.run_sync(enrollment.grant_access, user_id=learner.id, course_id=course.id, source="admin")
    assert counts() == (before + 1, before + 1)
    db.run_sync(enrollment.end_access, user_id=learner.id, course_ids=[course.id])
    assert counts() == (before, before)


def test_a_visitors_reviews_are_cached_and_a_new_or_hidden_review_shows_at_once(
    client, catalog, committed_session
):
    course = catalog.courses["dash_en"]
    admin = User(email="admin@catalog.example.org", full_name="A", role="admin")
    learner = User(email="writer@catalog.example.org", full_name="Wanda Writer", role="student")
    committed_session.add_all([admin, learner])
    committed_session.flush()
    committed_session.add(Enrollment(user_id=learner.id, course_id=course.id))
    committed_session.commit()
    url = f"/api/v1/courses/{course.id}/reviews"

    def authors() -> list[str]:
        response = client.get(url)
        assert response.status_code == 200, response.text
        return [review["author"] for review in response.json()["items"]]

    hits = cache.stats()["hits"]
    assert authors() == authors()
    assert cache.stats()["hits"] == hits + 1  # the second visitor's page was a hit
    beyond = {"page": cache.CACHED_PAGES + 1}
    assert client.get(url, params=beyond).json() == client.get(url, params=beyond).json()
    assert cache.stats()["hits"] == hits + 1  # a far page is read, never cached
    assert "Wanda Writer" not in authors()

    db.run_sync(
        reviews.upsert_review, user_id=learner.id, course_id=course.id, rating=4, comment="Good"
    )
    assert authors()[0] == "Wanda Writer"  # newest first, at once

    [mine] = [r for r in client.get(url).json()["items"] if r["author"] == "Wanda Writer"]
    db.run_sync(reviews_admin.set_hidden, actor_id=admin.id, review_id=mine["id"], hidden=True)
    assert "Wanda Writer" not in authors()


def test_an_entry_computed_while_a_change_commits_is_not_served(cache_backend):
    """The reader read its data before the change; the invalidation lands meanwhile."""
    calls = []

    def compute_racing_a_change() -> bytes:
        calls.append(1)
        cache.invalidate()  # the writer commits while this reader computes
        return b"old"

    assert cache.cached_bytes("race", compute_racing_a_change) == b"old"
    assert cache.cached_bytes("race", lambda: b"new") == b"new"
    assert cache.cached_bytes("race", lambda: b"newer") == b"new"  # now a hit
    assert len(calls) == 1
