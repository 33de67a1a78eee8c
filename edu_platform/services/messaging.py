"""Direct messages between two users, one conversation per pair.

Who may write to whom: a learner to the teacher of a course they are enrolled in (active
or completed), a teacher to their learners, an admin to anyone and anyone to an admin;
nobody else (Forbidden, 403). The rule is checked when a conversation is opened and on
every message, so access that ended also ends the conversation. Bodies are plain text
(1..5000 characters after trimming); the UI renders them as text with links. Sending is
rate limited per sender (rate_limit.MESSAGE) and notifies the recipient (kind
new_message; while a notification of that conversation is still unread it is updated
rather than repeated). A recipient can report a message: every admin gets a mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from edu_platform import routes
from edu_platform.i18n import translate
from edu_platform.models import (
    Conversation,
    Course,
    Enrollment,
    Message,
    Notification,
    Role,
    User,
    utcnow,
)
from edu_platform.models.learning import ACCESS_STATUSES
from edu_platform.services import notifications, rate_limit
from edu_platform.services.errors import Forbidden, Invalid, NotFound
from edu_platform.services.mail import queue_mail
from edu_platform.settings import settings

MAX_BODY = 5000
MAX_PER_PAGE = 100
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


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int


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


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


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


def open_conversation(*, session: Session, user_id: int, other_id: int) -> int:
    """The id of the caller's conversation with `other_id` (created when allowed)."""
    sender, recipient = _user(session, user_id), _user(session, other_id)
    _require_may_write(session, sender, recipient)
    low, high = _pair(sender.id, recipient.id)
    where = (Conversation.user_low_id == low, Conversation.user_high_id == high)
    found = session.scalar(select(Conversation.id).where(*where))
    if found is not None:
        return found
    try:
        with session.begin_nested():
            conversation = Conversation(user_low_id=low, user_high_id=high)
            session.add(conversation)
            session.flush()
            return conversation.id
    except IntegrityError:  # the other side opened it at the same moment
        return session.scalar(select(Conversation.id).where(*where))


def open_with_teacher(*, session: Session, user_id: int, course_slug: str) -> int:
    """The caller's conversation with the teacher of the course `course_slug`."""
    teacher_id = session.scalar(select(Course.teacher_id).where(Course.slug == course_slug))
    if teacher_id is None:
        raise NotFound("course not found", message_key="inbox.not_found")
    return open_conversation(session=session, user_id=user_id, other_id=teacher_id)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_body(body: object) -> str:
    """Trimmed text without control characters (PostgreSQL refuses NUL in text)."""
    text = _CONTROL.sub("", str(body or "")).strip()
    if not 1 <= len(text) <= MAX_BODY:
        raise Invalid(
            f"body must be 1..{MAX_BODY} characters", message_key="inbox.body_length", field="body"
        )
    return text


def send_message(
    *, session: Session, user_id: int, conversation_id: int, body: object
) -> MessageOut:
    """Post `body` in the conversation (members only, while they may still write)."""
    conversation = _member_conversation(session, user_id, conversation_id)
    text = _clean_body(body)
    sender = _user(session, user_id)
    recipient = _user(session, _other(conversation, user_id))
    _require_may_write(session, sender, recipient)
    rate_limit.hit(rate_limit.MESSAGE, user_id)
    now = utcnow()
    message = Message(
        sender_id=sender.id,
        recipient_id=recipient.id,
        conversation_id=conversation.id,
        body=text,
        created_at=now,
    )
    session.add(message)
    conversation.last_message_at = now
    session.add(conversation)
    session.flush()
    _notify(session, sender, recipient, conversation.id, text)
    return _message_out(message)


def start_conversation(
    *, session: Session, user_id: int, other_id: int, body: object
) -> tuple[ConversationOut, bool]:
    """Open (or reuse) the conversation with `other_id` and post `body`; (it, created)."""
    _clean_body(body)
    low, high = _pair(user_id, other_id)
    existed = session.scalar(
        select(Conversation.id).where(
            Conversation.user_low_id == low, Conversation.user_high_id == high
        )
    )
    conversation_id = open_conversation(session=session, user_id=user_id, other_id=other_id)
    send_message(session=session, user_id=user_id, conversation_id=conversation_id, body=body)
    return conversation_summary(
        session=session, user_id=user_id, conversation_id=conversation_id
    ), existed is None


def _notify(session: Session, sender: User, recipient: User, conversation_id: int, text: str):
    link = routes.conversation_url(conversation_id)
    pending = session.scalar(
        select(Notification).where(
            Notification.user_id == recipient.id,
            Notification.kind == notifications.NEW_MESSAGE,
            Notification.link == link,
            Notification.read_at.is_(None),
        )
    )
    if pending is None:
        notifications.new_message(
            session,
            recipient_id=recipient.id,
            sender_name=sender.full_name or sender.email,
            text=text,
            conversation_id=conversation_id,
        )
        return
    preview = " ".join(text.split())
    pending.body = preview[:199] + "…" if len(preview) > 200 else preview
    pending.created_at = utcnow()
    session.add(pending)
    session.flush()


def _message_out(message: Message) -> MessageOut:
    return MessageOut(
        id=message.id,
        sender_id=message.sender_id,
        body=message.body,
        sent_at=message.created_at,
        read_at=message.read_at,
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
) -> Page:
    """The caller's conversations, the latest message first."""
    page = max(1, int(page))
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    total = session.scalar(select(func.count(Conversation.id)).where(_mine(user_id)))
    rows = session.scalars(
        select(Conversation)
        .where(_mine(user_id))
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page(_summaries(session, user_id, list(rows)), total, page, per_page)


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
) -> Page:
    """The conversation's messages, newest first (members only); those addressed to the
    caller become read, with the conversation's new_message notification."""
    _member_conversation(session, user_id, conversation_id)
    page = max(1, int(page))
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    where = Message.conversation_id == conversation_id
    total = session.scalar(select(func.count(Message.id)).where(where))
    rows = session.scalars(
        select(Message)
        .where(where)
        .order_by(Message.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    items = [_message_out(row) for row in rows]
    _mark_thread_read(session, user_id, conversation_id)
    return Page(items, total, page, per_page)


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
    return session.scalar(
        select(func.count(Message.id)).where(
            Message.recipient_id == user_id,
            Message.read_at.is_(None),
            Message.conversation_id.is_not(None),
        )
    )


def report_message(*, session: Session, user_id: int, message_id: int) -> None:
    """The recipient reports a message: flagged, and every active admin gets a mail."""
    message = session.get(Message, message_id)
    if message is None or message.conversation_id is None:
        raise NotFound("message not found", field="message_id")
    if message.recipient_id != user_id:
        raise Forbidden("only its recipient can report a message", field="message_id")
    if message.reported_at is not None:
        return
    message.reported_at = utcnow()
    session.add(message)
    sender = session.get(User, message.sender_id)
    admins = session.execute(
        select(User.email, User.locale).where(
            User.role == Role.ADMIN.value, User.is_active.is_(True)
        )
    ).all()
    for email, locale in admins:
        subject = translate("inbox.report_subject", str(locale))
        body = (
            translate("notify.report.title", str(locale), sender=sender.full_name or sender.email)
            + f"\n\n#{message.id} ({sender.email} → user {message.recipient_id}):\n"
            + f"{message.body}\n\n{settings.public_url.rstrip('/')}{routes.ADMIN_USERS}\n"
        )
        queue_mail(session=session, to=email, subject=subject, body=body)
    session.flush()
