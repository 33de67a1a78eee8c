"""Calling the HTTP API in tests: the shared app and the bearer header of a user (the
`client` fixture of tests/api is in tests/api/conftest.py)."""

from __future__ import annotations

from functools import cache

from fastapi import FastAPI

from edu_platform.api import create_api
from edu_platform.models import User
from edu_platform.services import tokens


@cache
def api_app() -> FastAPI:
    """This process's one API app, as production serves one.

    The app keeps no state between requests (settings, the database and Redis are read per
    request), but FastAPI builds the routes of its included routers as requests first
    reach them: up to 0.1 s of CPU per app (an unknown path walks them all). An app made
    per test paid it again in each of about 800 tests, a tenth of the CPU of the tests
    without a browser. A test that changes the app itself builds its own with
    `create_api()`.
    """
    return create_api()


def auth(user: User) -> dict[str, str]:
    """The Authorization header of `user`'s fresh access token."""
    return {"Authorization": f"Bearer {tokens.create_access_token(user)}"}
