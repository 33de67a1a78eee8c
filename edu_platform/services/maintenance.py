"""Housekeeping of authentication data: expired tokens, stale tickets, old login attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from edu_platform.models import (
    AuthSession,
    EmailVerification,
    LoginAttempt,
    PasswordReset,
    utcnow,
)
from edu_platform.services import tokens

# A ticket lives 2 minutes; one unredeemed for a day was abandoned.
UNREDEEMED_TICKET_AGE = timedelta(days=1)
# Ended sessions stay listed (account security page) for a while after they end.
ENDED_SESSION_AGE = timedelta(days=30)
# The lockout window is 15 minutes; a day of attempts is kept for investigations.
LOGIN_ATTEMPT_AGE = timedelta(days=1)
SPENT_RESET_AGE = timedelta(days=1)


@dataclass
class PurgeCounts:
    """How many rows of each kind one purge deleted."""

    refresh_tokens: int = 0
    unredeemed_tickets: int = 0
    ended_sessions: int = 0
    login_attempts: int = 0
    password_resets: int = 0
    email_verifications: int = 0

    @property
    def total(self) -> int:
        return (
            self.refresh_tokens
            + self.unredeemed_tickets
            + self.ended_sessions
            + self.login_attempts
            + self.password_resets
            + self.email_verifications
        )


def _deleted(session: Session, statement) -> int:
    return session.execute(statement).rowcount or 0


def purge_expired_auth_data(*, session: Session, now: datetime | None = None) -> PurgeCounts:
    """Delete authentication rows nobody can use any more; the counts per kind.

    Idempotent: a second run right after the first deletes nothing.
    """
    now = now or utcnow()
    counts = PurgeCounts()
    counts.refresh_tokens = tokens.delete_expired_refresh_tokens(session=session)
    counts.unredeemed_tickets = _deleted(
        session,
        delete(AuthSession).where(
            AuthSession.activated_at.is_(None),
            AuthSession.created_at < now - UNREDEEMED_TICKET_AGE,
        ),
    )
    ended_before = now - ENDED_SESSION_AGE
    counts.ended_sessions = _deleted(
        session,
        delete(AuthSession).where(
            AuthSession.activated_at.is_not(None),
            or_(AuthSession.expires_at < ended_before, AuthSession.revoked_at < ended_before),
        ),
    )
    counts.login_attempts = _deleted(
        session, delete(LoginAttempt).where(LoginAttempt.at < now - LOGIN_ATTEMPT_AGE)
    )
    counts.password_resets = _deleted(
        session,
        delete(PasswordReset).where(
            PasswordReset.created_at < now - SPENT_RESET_AGE,
            or_(PasswordReset.used_at.is_not(None), PasswordReset.expires_at < now),
        ),
    )
    counts.email_verifications = _deleted(
        session,
        delete(EmailVerification).where(
            EmailVerification.created_at < now - SPENT_RESET_AGE,
            or_(EmailVerification.used_at.is_not(None), EmailVerification.expires_at < now),
        ),
    )
    return counts
