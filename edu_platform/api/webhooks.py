"""Webhook endpoints (admin): register, list, change, remove; deliveries and redelivery.

The secret is in the answer of POST /api/v1/webhooks only. Delivery itself is
services/webhooks/, run by jobs (jobs/webhooks.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from edu_platform import db
from edu_platform.api.deps import AdminId
from edu_platform.api.params import Id, PageOut, PageParams
from edu_platform.services import webhooks
from edu_platform.services.events import EventType
from edu_platform.services.paging import Page

router = APIRouter(tags=["webhooks"])


class WebhookIn(BaseModel):
    url: str = Field(min_length=1, max_length=webhooks.MAX_URL_LENGTH)
    events: list[EventType] = Field(min_length=1, max_length=20)
    description: str | None = Field(default=None, max_length=500)


class WebhookPatch(BaseModel):
    url: str | None = Field(default=None, min_length=1, max_length=webhooks.MAX_URL_LENGTH)
    events: list[EventType] | None = Field(default=None, min_length=1, max_length=20)
    is_active: bool | None = None
    description: str | None = Field(default=None, max_length=500)


class WebhookOut(BaseModel):
    id: int
    url: str
    events: list[str]
    is_active: bool
    description: str
    created_at: datetime
    consecutive_failures: int
    disabled_at: datetime | None


class WebhookCreated(WebhookOut):
    secret: str


def _out(view: webhooks.EndpointView) -> WebhookOut:
    return WebhookOut(**view.__dict__)


@router.post("/api/v1/webhooks", status_code=201, response_model=WebhookCreated)
def create_webhook(body: WebhookIn, caller_id: AdminId) -> WebhookCreated:
    created = db.run_sync(
        webhooks.create_endpoint,
        actor_id=caller_id,
        url=body.url,
        events=list(body.events),
        description=body.description or "",
    )
    return WebhookCreated(**created.endpoint.__dict__, secret=created.secret)


@router.get("/api/v1/webhooks", response_model=PageOut[WebhookOut])
def list_webhooks(
    caller_id: AdminId,
    paging: PageParams,
) -> Page[WebhookOut]:
    result = db.run_sync(webhooks.list_endpoints, actor_id=caller_id, **paging.as_kwargs())
    return result.map(_out)


@router.patch("/api/v1/webhooks/{webhook_id}", response_model=WebhookOut)
def patch_webhook(webhook_id: Id, body: WebhookPatch, caller_id: AdminId) -> WebhookOut:
    view = db.run_sync(
        webhooks.update_endpoint,
        actor_id=caller_id,
        endpoint_id=webhook_id,
        url=body.url,
        events=list(body.events) if body.events is not None else None,
        is_active=body.is_active,
        description=body.description,
    )
    return _out(view)


@router.delete("/api/v1/webhooks/{webhook_id}", status_code=204)
def delete_webhook(webhook_id: Id, caller_id: AdminId) -> Response:
    db.run_sync(webhooks.delete_endpoint, actor_id=caller_id, endpoint_id=webhook_id)
    return Response(status_code=204)


@router.get(
    "/api/v1/webhooks/{webhook_id}/deliveries", response_model=PageOut[webhooks.DeliveryView]
)
def list_deliveries(
    webhook_id: Id,
    caller_id: AdminId,
    paging: PageParams,
    status: Literal["pending", "delivered", "failed"] | None = None,
) -> Page[webhooks.DeliveryView]:
    result = db.run_sync(
        webhooks.list_deliveries,
        actor_id=caller_id,
        endpoint_id=webhook_id,
        status=status or "",
        **paging.as_kwargs(),
    )
    return result


@router.post(
    "/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=202,
    response_model=webhooks.DeliveryView,
)
def redeliver(webhook_id: Id, delivery_id: Id, caller_id: AdminId) -> webhooks.DeliveryView:
    return db.run_sync(
        webhooks.redeliver, actor_id=caller_id, endpoint_id=webhook_id, delivery_id=delivery_id
    )
