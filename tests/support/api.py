"""Calling the HTTP API in tests: the bearer header of a user (the `client` fixture of
tests/api is in tests/api/conftest.py)."""

from __future__ import annotations

from edu_platform.models import User
from edu_platform.services import tokens


def auth(user: User) -> dict[str, str]:
    """The Authorization header of `user`'s fresh access token."""
    return {"Authorization": f"Bearer {tokens.create_access_token(user)}"}
