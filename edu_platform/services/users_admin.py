"""Admin management of users: list with search and filters, change role, block/unblock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from edu_platform.models import Role, User
from edu_platform.services import active_users, paging, sessions, text_match, tokens
from edu_platform.services.accounts import find_user_by_email, get_user, require_admin
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound

SORTS = {
    "newest": User.created_at.desc(),
    "oldest": User.created_at.asc(),
    "email": User.email.asc(),
    "name": User.full_name.asc(),
}


@dataclass
class UserRow:
    """A user as the admin list shows it (API.md's user admin view)."""

    id: int
    email: str
    full_name: str
    role: str
    is_active: bool
    created_at: datetime


def _row(user: User) -> UserRow:
    return UserRow(user.id, user.email, user.full_name, user.role, user.is_active, user.created_at)


def list_users(
    *,
    session: Session,
    actor_id: int | None,
    q: str = "",
    role: str = "",
    page: int = 1,
    per_page: int = 20,
    sort: str = "newest",
) -> paging.Page[UserRow]:
    """Users matching `q` (email or name) and `role`, one page, for an admin."""
    require_admin(session=session, user_id=actor_id)
    query = select(User)
    if q.strip():
        # The words are matched literally: % and _ typed by the admin are not wildcards.
        words = q.strip()
        query = query.where(
            or_(text_match.contains(User.email, words), text_match.contains(User.full_name, words))
        )
    if role:
        if role not in {r.value for r in Role}:
            raise Invalid(f"unknown role {role}", field="role")
        query = query.where(User.role == role)
    return paging.fetch(
        session, query.order_by(SORTS.get(sort, SORTS["newest"]), User.id), page, per_page
    ).map(_row)


def update_user(
    *,
    session: Session,
    actor_id: int | None,
    user_id: int,
    role: str | None = None,
    is_active: bool | None = None,
) -> UserRow:
    """Change a user's role or block/unblock them; blocking ends their sessions and tokens."""
    admin = require_admin(session=session, user_id=actor_id)
    user = get_user(session=session, user_id=user_id)
    if user.id == admin.id and (is_active is False or (role and role != Role.ADMIN)):
        raise Conflict(
            "admins cannot block or demote themselves",
            message_key="admin.cannot_change_self",
            field="user_id",
        )
    return _apply_change(session, user, role=role, is_active=is_active)


def update_user_as_system(
    *, session: Session, email: str, role: str | None = None, is_active: bool | None = None
) -> UserRow:
    """The operator CLI's path (`python -m edu_platform.manage set-role|block|unblock`).

    There is no acting admin: whoever runs the CLI already controls the server. The
    same role rule and the same session ending on block apply as in `update_user`.
    """
    user = find_user_by_email(session=session, email=email)
    if user is None:
        raise NotFound(f"no user with email {email.strip().lower()}", field="email")
    return _apply_change(session, user, role=role, is_active=is_active)


def _apply_change(
    session: Session, user: User, *, role: str | None, is_active: bool | None
) -> UserRow:
    if role is not None:
        if role not in {r.value for r in Role}:
            raise Invalid(f"unknown role {role}", field="role")
        user.role = role
    if is_active is not None:
        user.is_active = is_active
        active_users.forget_after_commit(session, user.id)
        if not is_active:
            sessions.end_all_sessions(session=session, user_id=user.id)
            tokens.revoke_all_for_user(session=session, user_id=user.id)
    session.add(user)
    session.flush()
    return _row(user)


def user_view(*, session: Session, actor_id: int | None, user_id: int) -> UserRow:
    """One user in the admin view's shape: for admins, and for the user themself
    (Forbidden for anyone else, before the id is even looked up)."""
    actor = session.get(User, actor_id) if actor_id else None
    if actor is None or not actor.is_active:
        raise Forbidden("account is not active")
    if actor.role != Role.ADMIN and actor.id != user_id:
        raise Forbidden("only admins see other users")
    return _row(get_user(session=session, user_id=user_id))
