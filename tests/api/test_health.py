"""GET /api/health, OpenAPI, docs and the JSON 404 for unknown API paths."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from edu_platform import db
from tests.support.api import api_app


@pytest.fixture
def client(use_engine):
    return TestClient(api_app())


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


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SECRET = b"SECRET_KEY=do-not-serve-me\n"


@pytest.fixture
def media_dir(tmp_path, monkeypatch) -> Path:
    """data_dir with one banner under media/ and a private file beside media/."""
    from edu_platform.settings import settings

    monkeypatch.setattr(settings, "data_dir", tmp_path)
    (tmp_path / "media" / "banners").mkdir(parents=True)
    (tmp_path / "media" / "banners" / "b1.png").write_bytes(PNG)
    (tmp_path / "secret.env").write_bytes(SECRET)
    return tmp_path


def test_a_real_media_file_is_served(media_client, media_dir):
    response = media_client.get("/api/v1/media/banners/b1.png")
    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"] == "public, max-age=86400"


@pytest.mark.parametrize(
    "encoded",
    [
        "%2e%2e/secret.env",
        "%2e%2e%2fsecret.env",
        "banners/%2e%2e/%2e%2e/secret.env",
        "banners/..%2f..%2fsecret.env",
    ],
)
def test_media_path_traversal_is_refused(media_client, media_dir, encoded):
    # Percent-encoded: httpx would normalise a literal ../ away before sending it, so
    # the request would never reach the media route.
    response = media_client.get(f"/api/v1/media/{encoded}")
    assert response.status_code == 404
    assert SECRET not in response.content
    # The media route answered (not the catch-all for unknown API paths) ...
    assert response.json()["detail"].startswith("no media file ")
    # ... with the decoded path, so the traversal really was tried.
    assert "../" in response.json()["detail"]


def test_an_absolute_media_path_is_refused(media_client, media_dir):
    response = media_client.get("/api/v1/media/" + quote(str(media_dir / "secret.env"), safe=""))
    assert response.status_code == 404
    assert SECRET not in response.content
    assert response.json()["detail"].startswith("no media file ")


def test_head_answers_as_get_without_the_body(client):
    """Uptime monitors send HEAD: it is the GET's status and headers, never the app's page."""
    health = client.head("/api/health")
    assert (health.status_code, health.content) == (200, b"")
    assert health.headers["content-type"].startswith("application/json")
    missing = client.head("/api/v1/courses/999999")
    assert (missing.status_code, missing.content) == (404, b"")
    assert missing.headers["content-type"].startswith("application/json")
    post_only = client.head("/api/v1/auth/login")
    assert post_only.status_code == 405 and "POST" in post_only.headers["allow"]
