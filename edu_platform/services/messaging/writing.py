"""Opening a conversation, sending a message (rate limited, the recipient notified) and
reporting one to the admins."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform import db, routes
from edu_platform.i18n import translate
from edu_platform.models import (
    Conversation,
    Course,
    Message,
    Notification,
    Role,
    User,
    utcnow,
)
from edu_platform.services import notifications, plain_text, rate_limit
from edu_platform.services.errors import Forbidden, Invalid, NotFound
from edu_platform.services.mail import queue_mail
from edu_platform.services.messaging.access import (
    MAX_BODY,
    ConversationOut,
    MessageOut,
    _member_conversation,
    _message_out,
    _other,
    _require_may_write,
    _user,
    conversation_between,
    member_pair,
)
from edu_platform.services.messaging.reading import conversation_summary
from edu_platform.settings import settings


def open_conversation(*, session: Session, user_id: int, other_id: int) -> int:
    """The id of the caller's conversation with `other_id` (created when allowed)."""
    sender, recipient = _user(session, user_id), _user(session, other_id)
    _require_may_write(session, sender, recipient)
    found = conversation_between(session, sender.id, recipient.id)
    if found is not None:
        return found
    low, high = member_pair(sender.id, recipient.id)
    conversation = Conversation(user_low_id=low, user_high_id=high)
    if db.inserted(session, conversation):
        assert conversation.id is not None  # a stored row has its id
        return conversation.id
    # The other side opened it at the same moment: its row is there now.
    opened = conversation_between(session, sender.id, recipient.id)
    assert opened is not None
    return opened


def open_with_teacher(*, session: Session, user_id: int, course_slug: str) -> int:
    """The caller's conversation with the teacher of the course `course_slug`."""
    teacher_id = session.scalar(select(Course.teacher_id).where(Course.slug == course_slug))
    if teacher_id is None:
        raise NotFound("course not found", message_key="inbox.not_found")
    return open_conversation(session=session, user_id=user_id, other_id=teacher_id)


def _clean_body(body: object) -> str:
    """Trimmed text without control characters (PostgreSQL refuses NUL in text)."""
    text = plain_text.multi_line(body)
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
    existed = conversation_between(session, user_id, other_id)
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
