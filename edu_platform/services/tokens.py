"""API tokens: short-lived JWT access tokens and rotating, hashed refresh tokens.

A refresh token is used once: refreshing revokes it and issues a successor in the same
family. Presenting an already rotated token again means it leaked, so the whole family
is revoked and the caller must sign in again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

import jwt
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.models import ApiRefreshToken, User, utcnow
from edu_platform.services import active_users
from edu_platform.services.errors import Unauthorized
from edu_platform.services.sessions import hash_token
from edu_platform.settings import settings

ALGORITHM = "HS256"


class TokenReused(Unauthorized):
    """A rotated refresh token came back: its family must be revoked."""

    def __init__(self, family_id: str):
        super().__init__("refresh token was already used; sign in again")
        self.family_id = family_id


@dataclass
class TokenPair:
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = 0


def create_access_token(user: User) -> str:
    now = utcnow()
    payload = {
        "sub": str(user.id),
        "role": user.role,
        # To the millisecond (RFC 7519 allows a fraction): a password change a moment
        # after a sign-in must still end that sign-in's token.
        "iat": round(now.timestamp(), 3),
        "exp": now + timedelta(minutes=settings.access_token_minutes),
        "typ": "access",
    }
    return jwt.encode(payload, settings.secret_key, algorithm=ALGORITHM)


def access_token_claims(token: str) -> tuple[int, float]:
    """(user id, issued at in Unix seconds) of a valid access token; Unauthorized otherwise."""
    try:
        payload = jwt.decode(token, settings.secret_key, algorithms=[ALGORITHM])
    except jwt.PyJWTError as error:
        raise Unauthorized(f"invalid token: {error}") from error
    if payload.get("typ") != "access":
        raise Unauthorized("not an access token")
    return int(payload["sub"]), float(payload.get("iat", 0))


def user_id_from_access_token(token: str) -> int:
    """The user id in a valid access token; Unauthorized otherwise."""
    return access_token_claims(token)[0]


def _new_refresh_token(session: Session, user_id: int, family_id: str) -> tuple[str, int]:
    raw = secrets.token_urlsafe(48)
    row = ApiRefreshToken(
        token_hash=hash_token(raw),
        family_id=family_id,
        user_id=user_id,
        expires_at=utcnow() + timedelta(days=settings.refresh_token_days),
    )
    session.add(row)
    session.flush()
    assert row.id is not None  # a stored row has its id
    return raw, row.id


def issue_tokens(*, session: Session, user: User) -> TokenPair:
    """A new access token and the first refresh token of a new family."""
    refresh, _ = _new_refresh_token(session, user.id, secrets.token_hex(16))
    return TokenPair(
        create_access_token(user), refresh, expires_in=settings.access_token_minutes * 60
    )


def refresh_tokens(*, session: Session, refresh_token: str) -> TokenPair:
    """Rotate: the presented token stops working and a successor is issued.

    The row is locked (FOR UPDATE on PostgreSQL) so two concurrent refreshes with the same
    token cannot both succeed.
    """
    row = session.scalar(
        select(ApiRefreshToken)
        .where(ApiRefreshToken.token_hash == hash_token(refresh_token or ""))
        .with_for_update()
    )
    now = utcnow()
    if row is None:
        raise Unauthorized("unknown refresh token")
    if row.revoked_at is not None and row.replaced_by is not None:
        raise TokenReused(row.family_id)
    if row.revoked_at is not None:
        # Revoked without a successor: a sign-out, a password change or reset, a block, or
        # the family's end after a reuse. Nothing leaked this time; the words say so.
        raise Unauthorized("refresh token was revoked; sign in again")
    if row.expires_at <= now:
        raise Unauthorized("refresh token expired")
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("account is not active")
    raw, new_id = _new_refresh_token(session, user.id, row.family_id)
    row.revoked_at = now
    row.replaced_by = new_id
    session.add(row)
    return TokenPair(create_access_token(user), raw, expires_in=settings.access_token_minutes * 60)


def rotate_refresh_token(refresh_token: str) -> TokenPair:
    """Front doors call this: rotation in one transaction, and on reuse the family is
    revoked in a second one that commits although the request fails."""
    try:
        return db.run_sync(refresh_tokens, refresh_token=refresh_token)
    except TokenReused as reuse:
        db.run_sync(revoke_family, family_id=reuse.family_id)
        raise


def revoke_family(*, session: Session, family_id: str) -> None:
    session.execute(
        update(ApiRefreshToken)
        .where(ApiRefreshToken.family_id == family_id, ApiRefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_all_for_user(*, session: Session, user_id: int) -> None:
    """Every API token of the user stops working: refresh tokens are revoked, and access
    tokens issued before now are refused from the commit on (a sign-in right after gets
    one that works)."""
    now = utcnow()
    session.execute(
        update(ApiRefreshToken)
        .where(ApiRefreshToken.user_id == user_id, ApiRefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.execute(
        update(User)
        .where(User.id == user_id)
        .values(tokens_valid_after=now)
        .execution_options(synchronize_session="fetch")
    )
    active_users.forget_after_commit(session, user_id)


def delete_expired_refresh_tokens(
    *, session: Session, keep_revoked_for: timedelta = timedelta(days=30)
) -> int:
    """Remove expired tokens, and revoked ones older than `keep_revoked_for`."""
    now = utcnow()
    result = session.execute(
        delete(ApiRefreshToken).where(
            or_(
                ApiRefreshToken.expires_at < now,
                ApiRefreshToken.revoked_at < now - keep_revoked_for,
            )
        )
    )
    return result.rowcount or 0
