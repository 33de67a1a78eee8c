"""Browser sessions: one-time sign-in tickets, the session cookie token, sign-out.

Every sign-in method (password, OAuth) ends with `create_ticket()` and a navigation to
`/api/auth/complete?ticket=...`; that route calls `redeem_ticket()` and sets the
HttpOnly cookie. Only SHA-256 hashes of tickets and tokens are stored.

A ticket only works in the browser that asked for it (no login CSRF: a link with
someone else's ticket must not sign the victim into that account): whoever hands out the
ticket also sets the short-lived BINDING_COOKIE to `ticket_binding(ticket)`, an HMAC
only the server can compute, and /api/auth/complete refuses a ticket without it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from edu_platform.models import AuthSession, User, utcnow
from edu_platform.services import accounts
from edu_platform.services.accounts import CurrentUser, to_current_user
from edu_platform.services.errors import Invalid
from edu_platform.services.passwords import hash_token
from edu_platform.settings import settings

SESSION_COOKIE = "edu_session"
SESSION_LIFETIME = timedelta(days=30)
TICKET_LIFETIME = timedelta(minutes=2)
BINDING_COOKIE = "edu_signin"
BINDING_COOKIE_PATH = "/api/auth"
# last_seen_at is refreshed at most this often, so page loads do not all write.
SEEN_RESOLUTION = timedelta(minutes=5)


def ticket_binding(ticket: str, *, secret_key: str | None = None) -> str:
    """The BINDING_COOKIE value that goes with `ticket` (HMAC under SECRET_KEY)."""
    secret = secret_key if secret_key is not None else settings.secret_key
    key = hmac.new(secret.encode(), b"edu_platform/ticket-binding", "sha256").digest()
    mac = hmac.new(key, (ticket or "").encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def ticket_is_bound(ticket: str, cookie: str | None) -> bool:
    """True when the browser's BINDING_COOKIE belongs to this ticket."""
    return bool(ticket and cookie) and hmac.compare_digest(cookie, ticket_binding(ticket))


def create_ticket(
    *, session: Session, user_id: int, user_agent: str | None = None, ip: str | None = None
) -> str:
    """A one-time ticket (valid 2 minutes) that /api/auth/complete turns into a session."""
    ticket = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        AuthSession(
            token_hash=hash_token(ticket),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + TICKET_LIFETIME,
            user_agent=(user_agent or "")[:500] or None,
            ip=ip,
        )
    )
    session.flush()
    return ticket


def ticket_for_user(
    *, session: Session, user: User, user_agent: str | None = None, client_ip: str | None = None
) -> str:
    """`create_ticket` for a user row: the `then` of `accounts.sign_in_with_password` (whose
    own `ip` is the attempt's, hence `client_ip`) in both the app and the no-JS form."""
    assert user.id is not None  # a stored account
    return create_ticket(session=session, user_id=user.id, user_agent=user_agent, ip=client_ip)


def register_with_ticket(
    *,
    session: Session,
    email: str,
    password: str,
    full_name: str,
    locale: str,
    user_agent: str | None,
    ip: str | None,
) -> str:
    """Register an account and sign it in (a ticket), in one transaction: the app's sign-up
    and the no-JS form both call this."""
    user = accounts.register(
        session=session,
        email=email,
        password=password,
        full_name=full_name,
        locale=locale,
        ip=ip,
    )
    return ticket_for_user(session=session, user=user, user_agent=user_agent, client_ip=ip)


def redeem_ticket(*, session: Session, ticket: str) -> str:
    """The session token for a fresh, unused ticket; Invalid otherwise. Works once."""
    row = session.scalar(
        select(AuthSession).where(AuthSession.token_hash == hash_token(ticket or ""))
    )
    now = utcnow()
    if row is None or row.activated_at is not None or row.revoked_at or row.expires_at < now:
        raise Invalid(
            "sign-in link expired or already used",
            message_key="accounts.ticket_invalid",
            field="ticket",
        )
    token = secrets.token_urlsafe(32)
    row.token_hash = hash_token(token)
    row.activated_at = now
    row.last_seen_at = now
    row.expires_at = now + SESSION_LIFETIME
    session.add(row)
    session.flush()
    return token


def user_for_token(*, session: Session, token: str | None) -> CurrentUser | None:
    """The signed-in user for a session cookie value, or None (expired, revoked, blocked)."""
    if not token:
        return None
    now = utcnow()
    row = session.scalar(
        select(AuthSession).where(
            AuthSession.token_hash == hash_token(token),
            AuthSession.activated_at.is_not(None),
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
        )
    )
    if row is None:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    if now - row.last_seen_at > SEEN_RESOLUTION:
        row.last_seen_at = now
        session.add(row)
    return to_current_user(user)


def end_session(*, session: Session, token: str | None) -> None:
    """Sign out this browser (idempotent)."""
    if token:
        session.execute(
            update(AuthSession)
            .where(AuthSession.token_hash == hash_token(token), AuthSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def end_all_sessions(*, session: Session, user_id: int) -> int:
    """Sign the user out everywhere (also used when an admin blocks them)."""
    result = session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


def session_token_from_cookie_header(cookie_header: str | None) -> str | None:
    """The session token from a raw Cookie header (Reflex sees only the header)."""
    from http.cookies import CookieError, SimpleCookie

    jar = SimpleCookie()
    try:
        jar.load(cookie_header or "")
    except CookieError:
        return None
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel else None
