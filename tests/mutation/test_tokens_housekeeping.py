"""Refresh-token housekeeping (services/tokens.py), on both databases: revoking every
token of one user leaves other users and earlier revocations alone; the clean-up deletes
exactly the expired tokens and the revoked ones older than the grace, to the second.
Written to kill the mutants `make mutation` found alive in tokens.py."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from edu_platform.models import ApiRefreshToken
from edu_platform.services import tokens
from edu_platform.settings import settings
from tests.support.factories import make_user

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
GRACE = timedelta(days=30)


def _token(session, user, *, expires_at=NOW + timedelta(days=7), revoked_at=None) -> int:
    row = ApiRefreshToken(
        token_hash=secrets.token_hex(32),
        family_id=secrets.token_hex(8),
        user_id=user.id,
        expires_at=expires_at,
        revoked_at=revoked_at,
    )
    session.add(row)
    session.flush()
    return row.id


def _revoked_at(session, token_id):
    session.expire_all()
    value = session.scalar(select(ApiRefreshToken.revoked_at).where(ApiRefreshToken.id == token_id))
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


def test_revoking_a_users_tokens_leaves_others_and_earlier_revocations_alone(session):
    user, other = make_user(session), make_user(session)
    earlier = NOW - timedelta(days=3)
    active = _token(session, user)
    already = _token(session, user, revoked_at=earlier)
    theirs = _token(session, other)
    before = datetime.now(UTC)
    tokens.revoke_all_for_user(session=session, user_id=user.id)
    revoked = _revoked_at(session, active)
    assert revoked is not None and revoked >= before - timedelta(seconds=1)
    assert _revoked_at(session, already) == earlier
    assert _revoked_at(session, theirs) is None


def test_the_clean_up_deletes_expired_and_long_revoked_tokens_to_the_second(session, monkeypatch):
    monkeypatch.setattr(tokens, "utcnow", lambda: NOW)
    user = make_user(session)
    second = timedelta(seconds=1)
    gone = {
        "expired": _token(session, user, expires_at=NOW - second),
        "revoked long ago": _token(session, user, revoked_at=NOW - GRACE - second),
    }
    kept = {
        "expires now": _token(session, user, expires_at=NOW),
        "revoked at the grace": _token(session, user, revoked_at=NOW - GRACE),
        "revoked lately": _token(session, user, revoked_at=NOW - GRACE + timedelta(days=1)),
        "active": _token(session, user),
    }
    assert tokens.delete_expired_refresh_tokens(session=session, keep_revoked_for=GRACE) == 2
    left = set(
        session.scalars(select(ApiRefreshToken.id).where(ApiRefreshToken.user_id == user.id))
    )
    assert left == set(kept.values())
    assert not left & set(gone.values())


def test_issued_tokens_have_full_entropy_a_new_family_and_the_access_lifetime(session):
    user = make_user(session)
    pair = tokens.issue_tokens(session=session, user=user)
    assert pair.expires_in == settings.access_token_minutes * 60
    assert len(pair.refresh_token) == 64  # 48 random bytes, URL-safe base64
    row = session.scalar(select(ApiRefreshToken).where(ApiRefreshToken.user_id == user.id))
    assert len(row.family_id) == 32  # 16 random bytes in hex
    assert int(row.family_id, 16) >= 0
    again = tokens.issue_tokens(session=session, user=user)
    families = set(
        session.scalars(select(ApiRefreshToken.family_id).where(ApiRefreshToken.user_id == user.id))
    )
    assert len(families) == 2 and again.refresh_token != pair.refresh_token
