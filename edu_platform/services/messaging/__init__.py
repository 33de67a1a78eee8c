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

from edu_platform.services.messaging.access import (
    MAX_BODY,
    THREAD_LIMIT,
    ConversationOut,
    LastMessage,
    MessageOut,
    Person,
    may_write,
)
from edu_platform.services.messaging.reading import (
    Thread,
    conversation_summary,
    inbox_signature,
    list_conversations,
    list_messages,
    thread,
    unread_messages,
)
from edu_platform.services.messaging.writing import (
    open_conversation,
    open_with_teacher,
    report_message,
    send_message,
    start_conversation,
)

__all__ = [
    "MAX_BODY",
    "THREAD_LIMIT",
    "ConversationOut",
    "LastMessage",
    "MessageOut",
    "Person",
    "Thread",
    "conversation_summary",
    "inbox_signature",
    "list_conversations",
    "list_messages",
    "may_write",
    "open_conversation",
    "open_with_teacher",
    "report_message",
    "send_message",
    "start_conversation",
    "thread",
    "unread_messages",
]
