"""Notifications and direct messages (API.md "Notifications and messages")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from edu_platform import db
from edu_platform.api.deps import CallerId
from edu_platform.api.params import BodyId, Id, PageOut, PageParams, errors
from edu_platform.services import messaging, notifications
from edu_platform.services.messaging import ConversationOut, MessageOut
from edu_platform.services.paging import Page

router = APIRouter(tags=["community"])


class NotificationPage(PageOut[notifications.NotificationOut]):
    unread: int


class ReadIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    all: bool = False
    # Checked after `all` (fields validate in order) and even when absent, so that the
    # error names `ids`.
    ids: Annotated[list[BodyId], Field(max_length=notifications.MAX_IDS)] | None = Field(
        default=None, validate_default=True
    )

    @field_validator("ids")
    @classmethod
    def _ids_or_all(cls, ids: list[int] | None, info: ValidationInfo) -> list[int] | None:
        if not ids and not info.data.get("all"):
            raise ValueError("give ids or all: true")
        return ids


class UnreadOut(BaseModel):
    unread: int


@router.get("/api/v1/notifications", response_model=NotificationPage)
def list_notifications(
    caller_id: CallerId, paging: PageParams, unread: bool = Query(False)
) -> notifications.NotificationList:
    """The caller's notifications, newest first; `unread=true` for the unread ones only."""
    return db.run_sync(
        notifications.list_notifications,
        user_id=caller_id,
        unread=unread,
        **paging.as_kwargs(),
    )


@router.post("/api/v1/notifications/read", response_model=UnreadOut)
def read_notifications(body: ReadIn, caller_id: CallerId) -> UnreadOut:
    """Mark `ids` (the caller's own; others are ignored) or `all` read; the unread left."""
    left = db.run_sync(notifications.mark_read, user_id=caller_id, ids=body.ids or [], all=body.all)
    return UnreadOut(unread=left)


# --- conversations ------------------------------------------------------------------------


class ConversationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: BodyId
    body: Annotated[str, Field(min_length=1, max_length=messaging.MAX_BODY)]


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: Annotated[str, Field(min_length=1, max_length=messaging.MAX_BODY)]


@router.get("/api/v1/conversations", response_model=PageOut[ConversationOut])
def list_conversations(caller_id: CallerId, paging: PageParams) -> Page[ConversationOut]:
    """The caller's conversations, the latest message first."""
    return db.run_sync(
        messaging.list_conversations,
        user_id=caller_id,
        **paging.as_kwargs(),
    )


@router.post(
    "/api/v1/conversations",
    response_model=ConversationOut,
    status_code=201,
    responses=errors(404, 429),
)
def start_conversation(body: ConversationIn, caller_id: CallerId) -> ConversationOut:
    """Write to `user_id`: 201 with the conversation, a new one or the existing one between
    the two (API.md), the message added to it; 403 unless the two share a course as
    learner and teacher or one of them is an admin."""
    view, _created = db.run_sync(
        messaging.start_conversation, user_id=caller_id, other_id=body.user_id, body=body.body
    )
    return view


@router.get("/api/v1/conversations/{conversation_id}/messages", response_model=PageOut[MessageOut])
def list_messages(conversation_id: Id, caller_id: CallerId, paging: PageParams) -> Page[MessageOut]:
    """The conversation's messages, newest first (its two members only); reading marks
    the caller's unread ones read."""
    return db.run_sync(
        messaging.list_messages,
        user_id=caller_id,
        conversation_id=conversation_id,
        **paging.as_kwargs(),
    )


@router.post(
    "/api/v1/conversations/{conversation_id}/messages",
    response_model=MessageOut,
    status_code=201,
    responses=errors(429),
)
def post_message(conversation_id: Id, body: MessageIn, caller_id: CallerId) -> MessageOut:
    """Post `{body}` (1..5000 characters); 403 for anyone but the two members."""
    view = db.run_sync(
        messaging.send_message, user_id=caller_id, conversation_id=conversation_id, body=body.body
    )
    return view
