"""Accounts: users, linked OAuth identities, browser sessions, API tokens, resets, logins."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from edu_platform.models.base import (
    datetime_field,
    enum_check,
    enum_field,
    flag_field,
    timestamp_field,
)


class Role(StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"
    ADMIN = "admin"


class Locale(StrEnum):
    RU = "ru"
    EN = "en"


class User(SQLModel, table=True):
    """A person who signs in: learner, teacher or admin. Never sent to the browser as is."""

    __tablename__ = "user"
    __table_args__ = (
        enum_check("role", Role),
        enum_check("locale", Locale),
        CheckConstraint("email = lower(email)", name="email_lower"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    full_name: str = Field(default="", max_length=200)
    # None for accounts that only sign in through OAuth.
    password_hash: str | None = Field(default=None, max_length=255)
    role: str = enum_field(Role, Role.STUDENT)
    locale: str = enum_field(Locale, Locale.RU)
    avatar: str | None = Field(default=None, max_length=500)
    # A teacher's short public bio (Markdown, shown through components/markdown.py).
    bio: str = Field(default="", max_length=2000, sa_column_kwargs={"server_default": ""})
    # IANA name ('Europe/Moscow'); None until the browser reports one or the user picks it.
    time_zone: str | None = Field(default=None, max_length=64)
    is_active: bool = flag_field(True)
    # None until the person opens the link mailed at registration (or an OAuth provider
    # vouches for the address); accounts made by admins, imports and the seed start verified.
    email_verified_at: datetime | None = datetime_field()
    last_login_at: datetime | None = datetime_field()
    # Access tokens issued before this moment stop working (password changed or reset,
    # blocked, signed out everywhere): services/tokens.py `revoke_all_for_user`.
    tokens_valid_after: datetime | None = datetime_field()
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(onupdate=True)


@event.listens_for(User, "before_insert")
@event.listens_for(User, "before_update")
def _store_email_lower_case(_mapper: object, _connection: object, user: User) -> None:
    # SQLModel's __setattr__ bypasses SQLAlchemy @validates, so normalise at flush time;
    # the CHECK constraint refuses a mixed-case email written any other way.
    if "email" in user.__dict__ and isinstance(user.email, str):
        normalised = user.email.strip().lower()
        if normalised != user.email:
            user.email = normalised


class UserPublic(SQLModel):
    """What any front door may show about a user (no password hash)."""

    id: int
    email: str
    full_name: str
    role: Role
    locale: Locale
    avatar: str | None = None
    is_active: bool
    created_at: datetime


class OAuthAccount(SQLModel, table=True):
    """A sign-in identity at an external provider, linked to one user."""

    __tablename__ = "oauth_account"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=32)  # google | yandex | vk | oidc
    subject: str = Field(max_length=255)  # the provider's stable user id ("sub")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)
    email: str | None = Field(default=None, max_length=254)
    created_at: datetime = timestamp_field()


class UserToken(SQLModel):
    """The columns of a row a user's secret token finds: the token's SHA-256, never the
    token itself, and the user it belongs to."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=128, unique=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)


class AuthSession(UserToken, table=True):
    """A browser session; the cookie carries the token, the table only its SHA-256."""

    __tablename__ = "auth_session"

    created_at: datetime = timestamp_field()
    last_seen_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field()
    user_agent: str | None = Field(default=None, max_length=500)
    ip: str | None = Field(default=None, max_length=64)
    revoked_at: datetime | None = datetime_field()
    # None while the session is only a one-time sign-in ticket: /api/auth/complete
    # swaps the ticket for the real cookie token and sets this (TOOLCHAIN.md, 4).
    activated_at: datetime | None = datetime_field()


class ApiRefreshToken(SQLModel, table=True):
    """A rotating API refresh token (hashed); reuse of a rotated one revokes its family."""

    __tablename__ = "api_refresh_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=128, unique=True)
    family_id: str = Field(max_length=64, index=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)
    expires_at: datetime = timestamp_field()
    revoked_at: datetime | None = datetime_field()
    replaced_by: int | None = Field(default=None)  # id of the token that replaced this one
    created_at: datetime = timestamp_field()


class MailedLink(UserToken):
    """The columns of a one-time link mailed to a user (services/mail_links.py)."""

    created_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field()
    used_at: datetime | None = datetime_field()


class PasswordReset(MailedLink, table=True):
    """A one-time password-reset token (hashed)."""

    __tablename__ = "password_reset"


class EmailVerification(MailedLink, table=True):
    """A one-time email-verification token (hashed)."""

    __tablename__ = "email_verification"

    email: str = Field(max_length=254)  # the address the link was mailed to


class LoginAttempt(SQLModel, table=True):
    """One sign-in attempt, for rate limiting by account and by IP (no FK: unknown emails)."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_email_at", "email", "at"),
        Index("ix_login_attempt_ip_at", "ip", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    ip: str = Field(default="", max_length=64)
    success: bool = flag_field(False)
    at: datetime = timestamp_field()
