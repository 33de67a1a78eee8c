"""API tokens (services/tokens.py) at the service: what an access token carries and which
tokens are refused, and what one rotation leaves behind (the old row revoked and pointing
at its successor in the same family). Written to kill the mutants `make mutation` found
alive in tokens.py; the HTTP side is tests/api/test_auth_api.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from sqlalchemy import select

from edu_platform.models import ApiRefreshToken
from edu_platform.services import tokens
from edu_platform.services.errors import Unauthorized
from edu_platform.services.sessions import hash_token
from edu_platform.settings import settings
from tests.support.factories import make_user

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(tokens, "utcnow", lambda: NOW)
    return NOW


def _aware(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


def _row(session, raw: str) -> ApiRefreshToken:
    session.expire_all()
    return session.scalar(
        select(ApiRefreshToken).where(ApiRefreshToken.token_hash == hash_token(raw))
    )


def test_an_access_token_carries_the_user_role_type_and_lifetime(session, frozen):
    teacher = make_user(session, role="teacher")
    token = tokens.create_access_token(teacher)
    payload = jwt.decode(
        token,
        settings.secret_key,
        algorithms=["HS256"],
        options={"verify_exp": False, "verify_iat": False},
    )
    minutes = timedelta(minutes=settings.access_token_minutes)
    assert payload == {
        "sub": str(teacher.id),
        "role": "teacher",
        "iat": int(NOW.timestamp()),
        "exp": int((NOW + minutes).timestamp()),
        "typ": "access",
    }
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_a_fresh_access_token_names_its_user(session):
    user = make_user(session)
    assert tokens.user_id_from_access_token(tokens.create_access_token(user)) == user.id


def _signed(payload: dict, key: str | None = None) -> str:
    return jwt.encode(payload, key or settings.secret_key, algorithm="HS256")


def test_tokens_of_another_type_key_or_age_are_refused(session):
    user = make_user(session)
    now = datetime.now(UTC)
    later = now + timedelta(minutes=5)
    cases = {
        "not an access token": _signed({"sub": str(user.id), "typ": "refresh", "exp": later}),
        "invalid token: Signature verification failed": _signed(
            {"sub": str(user.id), "typ": "access", "exp": later}, key="another-secret-key-" * 3
        ),
        "invalid token: Signature has expired": _signed(
            {"sub": str(user.id), "typ": "access", "exp": now - timedelta(seconds=5)}
        ),
    }
    for detail, token in cases.items():
        with pytest.raises(Unauthorized) as refused:
            tokens.user_id_from_access_token(token)
        assert refused.value.detail == detail
    untyped = _signed({"sub": str(user.id), "exp": later})
    with pytest.raises(Unauthorized):
        tokens.user_id_from_access_token(untyped)


def test_a_rotation_revokes_the_old_token_for_its_successor_in_the_family(session, frozen):
    user = make_user(session)
    first = tokens.issue_tokens(session=session, user=user)
    old = _row(session, first.refresh_token)
    assert _aware(old.expires_at) == NOW + timedelta(days=settings.refresh_token_days)
    pair = tokens.refresh_tokens(session=session, refresh_token=first.refresh_token)
    session.flush()
    old, new = _row(session, first.refresh_token), _row(session, pair.refresh_token)
    assert (_aware(old.revoked_at), old.replaced_by) == (NOW, new.id)
    assert (new.family_id, new.user_id, new.revoked_at) == (old.family_id, user.id, None)
    assert _aware(new.expires_at) == NOW + timedelta(days=settings.refresh_token_days)
    assert pair.expires_in == settings.access_token_minutes * 60 and pair.token_type == "bearer"
    claims = jwt.decode(
        pair.access_token,
        settings.secret_key,
        algorithms=["HS256"],
        options={"verify_exp": False, "verify_iat": False},
    )
    assert (claims["sub"], claims["typ"]) == (str(user.id), "access")

    with pytest.raises(tokens.TokenReused) as reused:
        tokens.refresh_tokens(session=session, refresh_token=first.refresh_token)
    assert reused.value.family_id == old.family_id
    assert reused.value.detail == "refresh token was already used; sign in again"


def test_unknown_expired_and_blocked_refreshes_are_refused(session, frozen):
    user = make_user(session)
    with pytest.raises(Unauthorized) as refused:
        tokens.refresh_tokens(session=session, refresh_token="")
    assert refused.value.detail == "unknown refresh token"

    expiring = tokens.issue_tokens(session=session, user=user).refresh_token
    row = _row(session, expiring)
    row.expires_at = NOW  # expires at this very second: already unusable
    session.add(row)
    session.flush()
    with pytest.raises(Unauthorized) as refused:
        tokens.refresh_tokens(session=session, refresh_token=expiring)
    assert refused.value.detail == "refresh token expired"
    row.expires_at = NOW + timedelta(seconds=1)
    session.add(row)
    session.flush()
    assert tokens.refresh_tokens(session=session, refresh_token=expiring).refresh_token

    blocked_user = make_user(session)
    raw = tokens.issue_tokens(session=session, user=blocked_user).refresh_token
    blocked_user.is_active = False
    session.add(blocked_user)
    session.flush()
    with pytest.raises(Unauthorized) as refused:
        tokens.refresh_tokens(session=session, refresh_token=raw)
    assert refused.value.detail == "account is not active"
    assert _row(session, raw).revoked_at is None


def test_revoking_a_family_leaves_other_families_and_earlier_revocations(
    session, frozen, monkeypatch
):
    user = make_user(session)
    one = tokens.issue_tokens(session=session, user=user).refresh_token
    other = tokens.issue_tokens(session=session, user=user).refresh_token
    successor = tokens.refresh_tokens(session=session, refresh_token=one).refresh_token
    session.flush()
    earlier = _aware(_row(session, one).revoked_at)
    later = NOW + timedelta(hours=1)
    monkeypatch.setattr(tokens, "utcnow", lambda: later)
    tokens.revoke_family(session=session, family_id=_row(session, one).family_id)
    assert _aware(_row(session, one).revoked_at) == earlier
    assert _aware(_row(session, successor).revoked_at) == later
    assert _row(session, other).revoked_at is None


def test_a_token_revoked_without_a_successor_is_refused_as_revoked_not_reused(session, frozen):
    """A password change or sign-out revokes the live token: no leak, no family to end."""
    user = make_user(session)
    raw = tokens.issue_tokens(session=session, user=user).refresh_token
    tokens.revoke_all_for_user(session=session, user_id=user.id)
    session.flush()
    with pytest.raises(Unauthorized) as refused:
        tokens.refresh_tokens(session=session, refresh_token=raw)
    assert not isinstance(refused.value, tokens.TokenReused)
    assert refused.value.detail == "refresh token was revoked; sign in again"
