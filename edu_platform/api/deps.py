"""Shared FastAPI dependencies: who is calling (bearer token or session cookie)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from edu_platform import db
from edu_platform.audit import acting_as
from edu_platform.models import Role
from edu_platform.services import accounts, active_users, sessions, tokens
from edu_platform.services.accounts import CurrentUser
from edu_platform.services.errors import Unauthorized
from edu_platform.settings import settings


def client_ip(request: Request) -> str | None:
    """The caller's address; behind `trusted_proxy_hops` proxies, from X-Forwarded-For
    (each proxy appends the address it saw, so the client is that many entries from the
    right). Sign-in lockouts count per address, so this must not be the proxy's."""
    hops = settings.trusted_proxy_hops
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.headers.get("x-forwarded-for", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.client.host if request.client else None


def optional_user_id(request: Request) -> int | None:
    """The caller's user id from `Authorization: Bearer` or the browser session cookie."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user_id, issued_at = tokens.access_token_claims(header[7:].strip())
        # A token outlives a block or a password change by up to its lifetime: check the
        # account per request.
        if not active_users.accepts_token(user_id, issued_at):
            raise Unauthorized("this token no longer works: sign in again")
        return user_id
    cookie = request.cookies.get(sessions.SESSION_COOKIE)
    if cookie:
        user = db.run_sync(sessions.user_for_token, token=cookie)
        return user.id if user else None
    return None


def current_user_id(request: Request) -> int:
    """Like optional_user_id, but 401 for anonymous callers."""
    user_id = optional_user_id(request)
    if user_id is None:
        raise Unauthorized("authentication required: send Authorization: Bearer <token>")
    return user_id


def current_user(request: Request) -> CurrentUser:
    """The caller as a display record (401 when anonymous or blocked)."""
    return db.run_sync(accounts.active_user, user_id=current_user_id(request))


def _caller_in_role(*roles: str) -> Callable[[int], int]:
    """A dependency: the caller's id when their role is one of `roles`; 401 when
    anonymous, 403 otherwise.

    FastAPI solves dependencies before it validates the request's fields (path, query,
    body), so a caller without the role hears 403, not a 422 that would describe an admin
    route's fields. (What comes before dependencies still comes first: a body over its
    limit is a 413, a body that is not JSON a 422 naming `body`.) The caller comes through
    `Depends(current_user_id)`, so the OpenAPI document lists the 401 and 403. The
    services check the role again: the pages call them too."""

    def caller_in_role(user_id: Annotated[int, Depends(current_user_id)]) -> int:
        db.run_sync(accounts.require_role, user_id=user_id, roles=roles)
        return user_id

    return caller_in_role


CallerId = Annotated[int, Depends(current_user_id)]
OptionalCallerId = Annotated[int | None, Depends(optional_user_id)]
Caller = Annotated[CurrentUser, Depends(current_user)]
# Routes only admins may call (API.md's "admin").
AdminId = Annotated[int, Depends(_caller_in_role(Role.ADMIN))]
# Routes for teachers and admins (API.md's "teacher, admin" and "its teacher, admin"); whose
# course it is, the service decides.
StaffId = Annotated[int, Depends(_caller_in_role(Role.TEACHER, Role.ADMIN))]


T = TypeVar("T")


def run_as(
    caller_id: int, fn: Callable[..., T], /, *, actor_arg: str = "actor_id", **kwargs: Any
) -> T:
    """Call a service as the verified caller: `fn(session=..., <actor_arg>=caller_id,
    **kwargs)` in one transaction, the audit trail recording the caller as the actor."""
    with acting_as(caller_id):
        return db.run_sync(fn, **{actor_arg: caller_id}, **kwargs)
