"""GET /api/health, OpenAPI, docs and the JSON 404 for unknown API paths."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from edu_platform import db
from edu_platform.api import create_api


@pytest.fixture
def client(use_engine):
    return TestClient(create_api())


def test_health_reports_database_and_inline_queue(client, monkeypatch):
    from edu_platform.settings import settings

    monkeypatch.setattr(settings, "redis_url", "")
    from edu_platform import jobs

    jobs.redis_connection.cache_clear()
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "inline"}


def test_health_is_503_when_the_database_is_down(client):
    from sqlmodel import create_engine

    dead = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=1")
    previous = db.get_engine()
    db.set_engine(dead)
    try:
        response = client.get("/api/health")
    finally:
        db.set_engine(previous)
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_openapi_and_docs_are_served_under_api(client):
    spec = client.get("/api/openapi.json")
    assert spec.status_code == 200
    assert "/api/health" in spec.json()["paths"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "no-such-thing" in response.json()["detail"]


def test_media_path_traversal_is_refused(client):
    response = client.get("/api/v1/media/../../etc/passwd")
    assert response.status_code == 404
