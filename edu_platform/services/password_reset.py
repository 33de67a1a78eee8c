"""Password reset by email: a one-time link valid for an hour.

Requests never reveal whether an account exists: an unknown, blocked or rate-limited
email gets the same answer and simply no mail. Only the SHA-256 of a token is stored.
Using a link sets the password, spends every outstanding link of that user, ends all
their browser sessions and revokes their API refresh tokens.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from edu_platform import routes
from edu_platform.models import PasswordReset, User, utcnow
from edu_platform.services import (
    accounts,
    mail_links,
    passwords,
    rate_limit,
    sessions,
    tokens,
)
from edu_platform.services.errors import Invalid

RESET_LINKS = mail_links.LinkKind(
    table=PasswordReset,
    lifetime=timedelta(hours=1),
    page_url=routes.reset_url,
    messages="account.reset",
)


def request_reset(*, session: Session, email: str, ip: str | None = None) -> int | None:
    """Mail a reset link to the account with this email.

    RateLimited past `rate_limit.PASSWORD_RESET` requests from one address (`ip`), whatever
    the email: that answer reveals nothing about accounts.

    Gives the outbox id of the mail, or None when nothing was sent (no such active
    account, or already 3 links in the last hour). Callers show the same answer either
    way; the return value is for tests and logs only.
    """
    rate_limit.hit(rate_limit.PASSWORD_RESET, ip)
    address = (email or "").strip().lower()[:254]
    user = accounts.find_user_by_email(session=session, email=address) if address else None
    if user is None or not user.is_active:
        return None
    assert user.id is not None  # a stored row has its id
    token = RESET_LINKS.issue(session, user_id=user.id, now=utcnow())
    if token is None:
        return None
    minutes = int(RESET_LINKS.lifetime.total_seconds() // 60)
    return RESET_LINKS.mail(session, user=user, token=token, minutes=minutes)


def _usable_reset(session: Session, token: str, *, lock: bool = False) -> PasswordReset:
    row = RESET_LINKS.find(session, token or "", lock=lock)
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        raise Invalid(
            "reset link is invalid, expired or already used",
            message_key="account.reset.link_invalid",
            field="token",
        )
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise Invalid(
            "reset link is invalid", message_key="account.reset.link_invalid", field="token"
        )
    return row


def user_for_reset_token(*, session: Session, token: str) -> int:
    """The user id a valid, unused, unexpired link belongs to; Invalid otherwise."""
    return _usable_reset(session, token).user_id


def reset_password(*, session: Session, token: str, new_password: str) -> int:
    """Set a new password with a reset link; gives the user id.

    The link and every other outstanding link of the user stop working; all the user's
    browser sessions end and their API refresh tokens are revoked.
    """
    row = _usable_reset(session, token, lock=True)
    accounts.check_password_strength(new_password)
    user = session.get(User, row.user_id)
    now = utcnow()
    user.password_hash = passwords.hash_password(new_password)
    session.add(user)
    assert user.id is not None  # a stored row has its id
    end_old_credentials(session=session, user_id=user.id, now=now)
    return user.id


def end_old_credentials(*, session: Session, user_id: int, now: datetime) -> None:
    """After the password changes hands (a reset, an account reclaimed through a provider):
    unused reset links are spent, browser sessions ended, API refresh tokens revoked."""
    RESET_LINKS.spend(session, user_id=user_id, now=now)
    sessions.end_all_sessions(session=session, user_id=user_id)
    tokens.revoke_all_for_user(session=session, user_id=user_id)
