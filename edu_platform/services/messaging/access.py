"""Who may write to whom, the conversation of a pair, and the shapes of conversations and
messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from edu_platform.models import (
    Conversation,
    Course,
    Enrollment,
    Message,
    Role,
    User,
)
from edu_platform.models.learning import ACCESS_STATUSES
from edu_platform.services.errors import Forbidden, NotFound
from edu_platform.services.records import record_from

MAX_BODY = 5000
THREAD_LIMIT = 200


@dataclass
class Person:
    id: int
    full_name: str


@dataclass
class LastMessage:
    body: str
    sent_at: datetime


@dataclass
class ConversationOut:
    id: int
    other_user: Person
    last_message: LastMessage | None
    unread: int


@dataclass
class MessageOut:
    id: int
    sender_id: int
    body: str
    sent_at: datetime
    read_at: datetime | None


# --- who may write to whom ------------------------------------------------------------


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound("user not found", field="user_id")
    return user


def _teaches(session: Session, teacher_id: int, learner_id: int) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    Enrollment.user_id == learner_id,
                    Enrollment.status.in_(ACCESS_STATUSES),
                    Course.id == Enrollment.course_id,
                    Course.teacher_id == teacher_id,
                )
            )
        )
    )


def may_write(session: Session, sender: User, recipient: User) -> bool:
    if sender.id == recipient.id or not sender.is_active or not recipient.is_active:
        return False
    if Role.ADMIN in (sender.role, recipient.role):
        return True
    return _teaches(session, sender.id, recipient.id) or _teaches(session, recipient.id, sender.id)


def _require_may_write(session: Session, sender: User, recipient: User) -> None:
    if not may_write(session, sender, recipient):
        raise Forbidden(
            "you may write only to your course's teacher, your learners or an admin",
            message_key="inbox.denied",
            field="user_id",
        )


# --- conversations ------------------------------------------------------------------------


def member_pair(a: int, b: int) -> tuple[int, int]:
    """Two users as a conversation stores them (user_low_id, user_high_id): one row per pair."""
    return (a, b) if a < b else (b, a)


def conversation_between(session: Session, a: int, b: int) -> int | None:
    """The id of the conversation of users `a` and `b` (either order), if they have one."""
    low, high = member_pair(a, b)
    return session.scalar(
        select(Conversation.id).where(
            Conversation.user_low_id == low, Conversation.user_high_id == high
        )
    )


def _member_conversation(session: Session, user_id: int, conversation_id: int) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound("conversation not found", message_key="inbox.not_found")
    if user_id not in (conversation.user_low_id, conversation.user_high_id):
        raise Forbidden("not a member of this conversation", message_key="inbox.denied")
    return conversation


def _other(conversation: Conversation, user_id: int) -> int:
    if conversation.user_low_id == user_id:
        return conversation.user_high_id
    return conversation.user_low_id


def _message_out(message: Message) -> MessageOut:
    return record_from(MessageOut, message, sent_at=message.created_at)
