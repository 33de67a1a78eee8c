"""Issue 9, item 11: a blocked user's access token stops working at once (is_active is
checked per request, cached in-process for at most 5 seconds; blocking through the
service drops the cached answer)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from edu_platform.models import User
from edu_platform.services import active_users
from tests.support.api import api_app, auth
from tests.support.factories import register_user


@pytest.fixture
def api(clean_db):
    active_users.clear()
    with TestClient(api_app()) as client:
        yield client
    active_users.clear()


def test_blocking_through_the_api_ends_the_token_at_once(api, committed_session):
    learner = register_user(committed_session, commit=True)
    admin = register_user(committed_session, role="admin", commit=True)
    headers = auth(learner)
    assert api.get("/api/v1/enrollments", headers=headers).status_code == 200
    blocked = api.patch(
        f"/api/v1/users/{learner.id}", json={"is_active": False}, headers=auth(admin)
    )
    assert blocked.status_code == 200, blocked.text
    refused = api.get("/api/v1/enrollments", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthorized"
    # Unblocked: the block ended the tokens handed out before it (they do not come back);
    # a token issued now works.
    assert (
        api.patch(
            f"/api/v1/users/{learner.id}", json={"is_active": True}, headers=auth(admin)
        ).status_code
        == 200
    )
    assert api.get("/api/v1/enrollments", headers=headers).status_code == 401
    committed_session.expire_all()
    fresh = auth(committed_session.get(User, learner.id))
    assert api.get("/api/v1/enrollments", headers=fresh).status_code == 200


def test_a_block_made_elsewhere_is_seen_within_the_cache_lifetime(
    api, committed_session, monkeypatch
):
    learner = register_user(committed_session, commit=True)
    headers = auth(learner)
    now = [1000.0]
    monkeypatch.setattr(active_users, "_clock", lambda: now[0])
    assert api.get("/api/v1/enrollments", headers=headers).status_code == 200
    # Another process blocks the account straight in the database.
    committed_session.execute(update(User).where(User.id == learner.id).values(is_active=False))
    committed_session.commit()
    now[0] += active_users.TTL_SECONDS + 0.01
    assert active_users.TTL_SECONDS <= 5
    assert api.get("/api/v1/enrollments", headers=headers).status_code == 401
