"""Looking up a user by id or email, and what every sign-in door does with an account: the
lowest layer of the account services, so that accounts, email verification, the provider
sign-ins and the others can all use it without importing each other."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.audit import acting_as
from edu_platform.models import User, utcnow
from edu_platform.services import events
from edu_platform.services.errors import Conflict, NotFound


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} does not exist")
    return user


def find_user_by_email(*, session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def add_new_user(session: Session, user: User, *, taken_meanwhile: Conflict) -> None:
    """Insert an account a sign-in door made (in a savepoint) and write its user.created
    event; `taken_meanwhile` is raised when its email was registered a moment ago."""
    if not db.inserted(session, user):
        raise taken_meanwhile
    events.user_created(session, user)


def mark_signed_in(session: Session, user: User, method: str) -> None:
    """Stamp the sign-in on the account and write its user.logged_in event."""
    with acting_as(user.id):  # the audit row of the stamp names who signed in
        user.last_login_at = utcnow()
        session.add(user)
        session.flush()
    events.user_logged_in(session, user, method)
