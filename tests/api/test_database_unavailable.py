"""An unreachable database is a clear, fast, retryable 503 in the API (never a 500)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError
from sqlmodel import create_engine

from edu_platform import db
from edu_platform.api import create_api
from edu_platform.db import make_engine


@pytest.fixture
def dead_database():
    # Nothing listens on port 1: the connection is refused at once, as by a stopped server.
    previous = db.get_engine()
    db.set_engine(make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none", pool_size=1))
    try:
        yield
    finally:
        db.set_engine(previous)


def test_a_route_that_reads_the_database_answers_503_unavailable_at_once(dead_database):
    client = TestClient(create_api())
    started = time.monotonic()
    response = client.get("/api/v1/categories")
    took = time.monotonic() - started
    assert response.status_code == 503
    assert response.json() == {
        "detail": "the database is unavailable; try again in a few seconds",
        "code": "unavailable",
    }
    assert response.headers["Retry-After"] == "5"
    assert took < 3.0


def test_other_database_errors_stay_server_errors(use_engine):
    api = create_api()

    def _broken() -> None:
        raise IntegrityError("INSERT ...", {}, Exception("duplicate key"))

    api.add_api_route("/api/test-integrity", _broken, methods=["GET"])
    api.router.routes.insert(0, api.router.routes.pop())  # before the catch-all /api/...

    client = TestClient(api, raise_server_exceptions=False)
    assert client.get("/api/test-integrity").status_code == 500


def test_postgres_engines_check_pooled_connections_before_use():
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none", pool_size=1)
    assert engine.pool._pre_ping is True
    assert create_engine("sqlite://").pool._pre_ping is False  # SQLite needs none
