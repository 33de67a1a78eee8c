"""Looking up a user by id or email: the lowest layer of the account services, so that
accounts, email verification and the others can all use it without importing each other."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import User
from edu_platform.services.errors import NotFound


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} does not exist")
    return user


def find_user_by_email(*, session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))
