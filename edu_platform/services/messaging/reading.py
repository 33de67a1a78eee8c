"""Reading conversations: the inbox list with unread counts, one thread (reading marks the
caller's messages read), the inbox's change signature."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from edu_platform import routes
from edu_platform.models import (
    Conversation,
    Message,
    Notification,
    User,
    utcnow,
)
from edu_platform.services import notifications, paging
from edu_platform.services.messaging.access import (
    THREAD_LIMIT,
    ConversationOut,
    LastMessage,
    MessageOut,
    Person,
    _member_conversation,
    _message_out,
    _other,
)


def _summaries(session: Session, user_id: int, rows: list[Conversation]) -> list[ConversationOut]:
    if not rows:
        return []
    ids = [row.id for row in rows]
    others = {row.id: _other(row, user_id) for row in rows}
    names = dict(
        session.execute(
            select(User.id, User.full_name).where(User.id.in_(set(others.values())))
        ).all()
    )
    latest = (
        select(func.max(Message.id))
        .where(Message.conversation_id.in_(ids))
        .group_by(Message.conversation_id)
    )
    last = {
        conversation_id: LastMessage(body=body, sent_at=sent_at)
        for conversation_id, body, sent_at in session.execute(
            select(Message.conversation_id, Message.body, Message.created_at).where(
                Message.id.in_(latest)
            )
        )
    }
    unread = dict(
        session.execute(
            select(Message.conversation_id, func.count(Message.id))
            .where(
                Message.conversation_id.in_(ids),
                Message.recipient_id == user_id,
                Message.read_at.is_(None),
            )
            .group_by(Message.conversation_id)
        ).all()
    )
    return [
        ConversationOut(
            id=row.id,
            other_user=Person(id=others[row.id], full_name=names.get(others[row.id], "")),
            last_message=last.get(row.id),
            unread=unread.get(row.id, 0),
        )
        for row in rows
    ]


def _mine(user_id: int):
    return or_(Conversation.user_low_id == user_id, Conversation.user_high_id == user_id)


def list_conversations(
    *, session: Session, user_id: int, page: int = 1, per_page: int = 20
) -> paging.Page:
    """The caller's conversations, the latest message first."""
    query = (
        select(Conversation)
        .where(_mine(user_id))
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
    )
    found = paging.fetch(session, query, page, per_page)
    found.items = _summaries(session, user_id, found.items)
    return found


def conversation_summary(*, session: Session, user_id: int, conversation_id: int):
    conversation = _member_conversation(session, user_id, conversation_id)
    return _summaries(session, user_id, [conversation])[0]


def _mark_thread_read(session: Session, user_id: int, conversation_id: int) -> None:
    now = utcnow()
    session.execute(
        update(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.recipient_id == user_id,
            Message.read_at.is_(None),
        )
        .values(read_at=now)
    )
    session.execute(
        update(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.kind == notifications.NEW_MESSAGE,
            Notification.link == routes.conversation_url(conversation_id),
            Notification.read_at.is_(None),
        )
        .values(read_at=now)
    )


def list_messages(
    *, session: Session, user_id: int, conversation_id: int, page: int = 1, per_page: int = 50
) -> paging.Page:
    """The conversation's messages, newest first (members only); those addressed to the
    caller become read, with the conversation's new_message notification."""
    _member_conversation(session, user_id, conversation_id)
    query = select(Message).where(Message.conversation_id == conversation_id)
    found = paging.fetch(session, query.order_by(Message.id.desc()), page, per_page)
    _mark_thread_read(session, user_id, conversation_id)
    return found.map(_message_out)


@dataclass
class Thread:
    conversation: ConversationOut
    messages: list[MessageOut]  # oldest first, the latest THREAD_LIMIT


def thread(*, session: Session, user_id: int, conversation_id: int) -> Thread:
    """What the /messages page shows of one conversation (and marks it read)."""
    summary = conversation_summary(
        session=session, user_id=user_id, conversation_id=conversation_id
    )
    rows = session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.id.desc())
        .limit(THREAD_LIMIT)
    ).all()
    _mark_thread_read(session, user_id, conversation_id)
    summary.unread = 0
    return Thread(summary, [_message_out(row) for row in reversed(rows)])


def inbox_signature(*, session: Session, user_id: int) -> tuple[int, int]:
    """(newest message id in the caller's conversations, unread messages): cheap to poll."""
    newest = session.scalar(
        select(func.max(Message.id)).where(
            or_(Message.sender_id == user_id, Message.recipient_id == user_id),
            Message.conversation_id.is_not(None),
        )
    )
    return newest or 0, unread_messages(session=session, user_id=user_id)


def unread_messages(*, session: Session, user_id: int) -> int:
    return (
        session.scalar(
            select(func.count(Message.id)).where(
                Message.recipient_id == user_id,
                Message.read_at.is_(None),
                Message.conversation_id.is_not(None),
            )
        )
        or 0
    )
