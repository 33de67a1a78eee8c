"""Community: notifications, direct messages, blog posts and end-of-course feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from edu_platform.models.base import NullableJSON, datetime_field, flag_field, timestamp_field


class Notification(SQLModel, table=True):
    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_id_read_at", "user_id", "read_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    kind: str = Field(max_length=50)  # e.g. "certificate.issued", "session.reminder"
    title: str = Field(max_length=300)
    body: str = Field(default="", sa_type=Text)
    link: str | None = Field(default=None, max_length=1000)
    # The catalogue keys and values the title and body were written from, so a list shows
    # them in the reader's language of the moment (`title`/`body` keep the recipient's
    # language at the time, for e-mail and for rows written before this column); NULL where
    # a person wrote the text (announcements).
    message: dict[str, Any] | None = Field(default=None, sa_type=NullableJSON)
    read_at: datetime | None = datetime_field()
    created_at: datetime = timestamp_field()


class NotificationPreference(SQLModel, table=True):
    """A user's choice to get (or not) e-mail for one notification kind (absent: the default)."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    kind: str = Field(max_length=50)
    email: bool = flag_field(False)


class SessionReminder(SQLModel, table=True):
    """One reminder sent to one learner `offset_minutes` before one session (sent once)."""

    __tablename__ = "session_reminder"
    __table_args__ = (UniqueConstraint("session_id", "user_id", "offset_minutes"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="course_session.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)
    offset_minutes: int
    sent_at: datetime = timestamp_field()


class Conversation(SQLModel, table=True):
    """Direct messages between two users (`user_low_id` < `user_high_id`, one per pair)."""

    __tablename__ = "conversation"
    __table_args__ = (
        UniqueConstraint("user_low_id", "user_high_id"),
        CheckConstraint("user_low_id < user_high_id", name="ordered_pair"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_low_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    user_high_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)
    created_at: datetime = timestamp_field()
    last_message_at: datetime = timestamp_field()


class Message(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (
        Index("ix_message_recipient_id_read_at", "recipient_id", "read_at"),
        Index("ix_message_conversation_id_id", "conversation_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sender_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)
    recipient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    conversation_id: int | None = Field(
        default=None, foreign_key="conversation.id", ondelete="CASCADE", nullable=True
    )
    body: str = Field(sa_type=Text)
    created_at: datetime = timestamp_field()
    read_at: datetime | None = datetime_field()
    reported_at: datetime | None = datetime_field()


class BlogPost(SQLModel, table=True):
    __tablename__ = "blog_post"
    __table_args__ = (
        Index("ix_blog_post_is_published_published_at", "is_published", "published_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    author_id: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL", nullable=True, index=True
    )
    slug: str = Field(max_length=200, unique=True)
    title: str = Field(max_length=300)
    body: str = Field(default="", sa_type=Text)
    # Lower-case tags as ",tag1,tag2," so that one LIKE finds a tag on every dialect.
    tags: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    cover_url: str | None = Field(default=None, max_length=1000)
    is_published: bool = flag_field(False)
    published_at: datetime | None = datetime_field()
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(onupdate=True)


class Feedback(SQLModel, table=True):
    """End-of-course feedback, one per learner and course (private, unlike reviews)."""

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    course_id: int = Field(foreign_key="course.id", ondelete="CASCADE", index=True)
    rating: int
    improve: str = Field(default="", sa_type=Text)  # "what should we improve?"
    created_at: datetime = timestamp_field()
