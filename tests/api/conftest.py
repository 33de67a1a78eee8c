"""The API suite's client: the FastAPI app in-process on a clean database (a file that
needs other settings overrides `client` with its own fixture)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.api import api_app


@pytest.fixture
def client(clean_db) -> Iterator[TestClient]:
    with TestClient(api_app()) as test_client:
        yield test_client


@pytest.fixture
def media_client() -> TestClient:
    """No database behind it: the media route reads files only (one run, not per backend)."""
    return TestClient(api_app())
