"""/messages and /messages/<id>: conversations on the left, the open thread on the right.

`/messages/u<user_id>` opens (or creates, when allowed) the conversation with that user
and `/messages/teacher-<course slug>` the one with a course's teacher; both move to the
conversation's own address (the "message the teacher" buttons link there). Messages are
plain text; links (http and https only) are cut out as separate pieces so that the page
renders every piece as text or as a link, never as HTML. New messages arrive through the
header's watcher (state/bell.py), which calls `refresh_live` while this page is open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import reflex as rx

from edu_platform import db, routes
from edu_platform.i18n import format_short_datetime
from edu_platform.services import messaging
from edu_platform.services.errors import DomainError
from edu_platform.state.auth import login_redirect
from edu_platform.state.base import VisitorState
from edu_platform.state.bell import MESSAGE_LISTENERS, BellState

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)»”'"


@dataclass
class Piece:
    text: str
    href: str = ""


@dataclass
class ConversationRow:
    id: int
    name: str
    preview: str
    when: str
    unread: int
    href: str


@dataclass
class MessageRow:
    id: int
    mine: bool
    when: str
    pieces: list[Piece] = field(default_factory=list)
    reported: bool = False


def pieces(text: str) -> list[Piece]:
    """Plain text cut into text and link pieces (links: http(s) only)."""
    result: list[Piece] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        start, end = match.start(), match.start() + len(url)
        if start > position:
            result.append(Piece(text[position:start]))
        result.append(Piece(url, url))
        position = end
    if position < len(text):
        result.append(Piece(text[position:]))
    return result


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 80 else flat[:79] + "…"


class InboxState(VisitorState, rx.State):
    conversations: list[ConversationRow] = []
    messages: list[MessageRow] = []
    current_id: int = 0
    other_name: str = ""
    draft: str = ""
    error: str = ""
    send_error: str = ""  # under the message box (what was wrong with the message)
    loaded: bool = False
    sending: bool = False

    async def _reload(self, user_id: int) -> None:
        lang = await self._lang()
        page = await db.run(messaging.list_conversations, user_id=user_id, per_page=100)
        if self.current_id:
            opened = await db.run(
                messaging.thread, user_id=user_id, conversation_id=self.current_id
            )
            self.other_name = opened.conversation.other_user.full_name
            self.messages = [
                MessageRow(
                    id=item.id,
                    mine=item.sender_id == user_id,
                    when=format_short_datetime(item.sent_at, lang),
                    pieces=pieces(item.body),
                )
                for item in opened.messages
            ]
        self.conversations = [
            ConversationRow(
                id=item.id,
                name=item.other_user.full_name,
                preview=_preview(item.last_message.body) if item.last_message else "",
                when=format_short_datetime(item.last_message.sent_at, lang)
                if item.last_message
                else "",
                unread=0 if item.id == self.current_id else item.unread,
                href=routes.conversation_url(item.id),
            )
            for item in page.items
        ]

    @rx.event
    async def load(self):
        self.loaded, self.error, self.messages, self.other_name = False, "", [], ""
        self.send_error = ""
        user_id = await self._current_user_id()
        path = (
            routes.conversation_url(self.conversation_ref)
            if self.conversation_ref
            else routes.MESSAGES
        )
        if user_id is None:
            return login_redirect(path)
        ref = self.conversation_ref
        try:
            if ref.startswith("u") and ref[1:].isdigit():
                conversation_id = await db.run(
                    messaging.open_conversation, user_id=user_id, other_id=int(ref[1:])
                )
                return rx.redirect(routes.conversation_url(conversation_id), replace=True)
            if ref.startswith("teacher-"):
                conversation_id = await db.run(
                    messaging.open_with_teacher, user_id=user_id, course_slug=ref[8:208]
                )
                return rx.redirect(routes.conversation_url(conversation_id), replace=True)
            self.current_id = int(ref) if ref.isdigit() and len(ref) < 10 else 0
            await self._reload(user_id)
        except DomainError as error:
            self.current_id = 0
            self.error = await self._error_text(error)
            await self._reload(user_id)
        self.loaded = True
        bell = await self.get_state(BellState)
        bell.set_thread_open(True)
        return BellState.refresh

    @rx.event
    async def leave(self):
        bell = await self.get_state(BellState)
        bell.set_thread_open(False)

    @rx.event
    async def refresh_live(self):
        user_id = await self._current_user_id()
        if user_id is None or not self.loaded:
            return None
        try:
            await self._reload(user_id)
        except DomainError:
            return None
        return BellState.refresh

    @rx.event
    def set_draft(self, value: str):
        self.draft = value

    @rx.event
    async def send(self, form_data: dict):
        user_id = await self._current_user_id()
        if user_id is None or not self.current_id:
            return
        text = str(form_data.get("body", self.draft))
        self.sending, self.send_error = True, ""
        yield
        outcome = await self._run_as(
            user_id, messaging.send_message, conversation_id=self.current_id, body=text
        )
        if outcome.ok:
            self.draft = ""
            await self._reload(user_id)
        self.sending, self.send_error = False, outcome.message

    @rx.event
    async def report(self, message_id: int):
        user_id = await self._current_user_id()
        if user_id is None:
            return None
        outcome = await self._run_as(user_id, messaging.report_message, message_id=int(message_id))
        if not outcome.ok:
            return outcome.feedback
        self.messages = [
            MessageRow(row.id, row.mine, row.when, row.pieces, True)
            if row.id == int(message_id)
            else row
            for row in self.messages
        ]
        return await self._toast("inbox.reported")


MESSAGE_LISTENERS.append(InboxState.refresh_live)
