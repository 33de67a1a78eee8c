"""Webhook endpoints (admin): register (the secret is shown once), list, change, remove;
their deliveries and a redelivery."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.db import call_after_commit
from edu_platform.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from edu_platform.services import events, paging
from edu_platform.services.accounts import require_admin
from edu_platform.services.errors import Invalid, NotFound
from edu_platform.services.records import record_from
from edu_platform.services.webhooks.delivery import MAX_ATTEMPTS
from edu_platform.services.webhooks.targets import _description, check_events, check_url

# --- views ------------------------------------------------------------------------------


@dataclass
class EndpointView:
    id: int
    url: str
    events: list[str]
    description: str
    is_active: bool
    created_at: datetime
    consecutive_failures: int
    disabled_at: datetime | None


@dataclass
class CreatedEndpoint:
    endpoint: EndpointView
    secret: str


@dataclass
class DeliveryView:
    id: int
    event_id: str
    type: str
    status: str
    attempts: int
    response_code: int | None
    created_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str | None


def _endpoint_view(row: WebhookEndpoint) -> EndpointView:
    return record_from(EndpointView, row, events=list(row.events or []))


def _delivery_view(row: WebhookDelivery) -> DeliveryView:
    return record_from(DeliveryView, row, type=row.event_type)


# --- endpoints (admin) ------------------------------------------------------------------


def _get_endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    row = session.get(WebhookEndpoint, endpoint_id)
    if row is None:
        raise NotFound(f"webhook {endpoint_id} does not exist")
    return row


def create_endpoint(
    *,
    session: Session,
    actor_id: int | None,
    url: str,
    events: list[str],
    description: str = "",
) -> CreatedEndpoint:
    """A new active endpoint and its secret (the only time the secret is returned)."""
    require_admin(session=session, user_id=actor_id)
    row = WebhookEndpoint(
        url=check_url(url),
        events=check_events(events),
        description=_description(description),
        secret="whsec_" + secrets.token_urlsafe(32),
        created_by=actor_id,
    )
    session.add(row)
    session.flush()
    _forget_subscribers(session)
    return CreatedEndpoint(_endpoint_view(row), row.secret)


def list_endpoints(
    *, session: Session, actor_id: int | None, page: int = 1, per_page: int = 20
) -> paging.Page:
    require_admin(session=session, user_id=actor_id)
    query = select(WebhookEndpoint).order_by(WebhookEndpoint.id.desc())
    return paging.fetch(session, query, page, per_page).map(_endpoint_view)


def get_endpoint(*, session: Session, actor_id: int | None, endpoint_id: int) -> EndpointView:
    require_admin(session=session, user_id=actor_id)
    return _endpoint_view(_get_endpoint(session, endpoint_id))


def update_endpoint(
    *,
    session: Session,
    actor_id: int | None,
    endpoint_id: int,
    url: str | None = None,
    events: list[str] | None = None,
    is_active: bool | None = None,
    description: str | None = None,
) -> EndpointView:
    """Change the URL, the events, the description or whether it is active; turning an
    endpoint back on clears its failure streak."""
    require_admin(session=session, user_id=actor_id)
    row = _get_endpoint(session, endpoint_id)
    if url is not None:
        row.url = check_url(url)
    if events is not None:
        row.events = check_events(events)
    if description is not None:
        row.description = _description(description)
    if is_active is not None and is_active != row.is_active:
        row.is_active = is_active
        if is_active:
            row.consecutive_failures = 0
            row.disabled_at = None
        else:
            row.disabled_at = utcnow()
    session.add(row)
    session.flush()
    _forget_subscribers(session)
    return _endpoint_view(row)


def delete_endpoint(*, session: Session, actor_id: int | None, endpoint_id: int) -> None:
    """Remove the endpoint with its deliveries."""
    require_admin(session=session, user_id=actor_id)
    row = _get_endpoint(session, endpoint_id)
    session.delete(row)
    session.flush()
    _forget_subscribers(session)


def _forget_subscribers(session: Session) -> None:
    events.forget_subscribers(session)


def list_deliveries(
    *,
    session: Session,
    actor_id: int | None,
    endpoint_id: int,
    page: int = 1,
    per_page: int = 20,
    status: str = "",
) -> paging.Page:
    """The endpoint's deliveries, newest first."""
    require_admin(session=session, user_id=actor_id)
    _get_endpoint(session, endpoint_id)
    query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if status:
        if status not in {member.value for member in DeliveryStatus}:
            raise Invalid(f"unknown status {status}", field="status")
        query = query.where(WebhookDelivery.status == status)
    query = query.order_by(WebhookDelivery.id.desc())
    return paging.fetch(session, query, page, per_page).map(_delivery_view)


def redeliver(
    *, session: Session, actor_id: int | None, endpoint_id: int, delivery_id: int
) -> DeliveryView:
    """Send the delivery once more, now (whatever its status); the job runs after commit."""
    require_admin(session=session, user_id=actor_id)
    row = session.get(WebhookDelivery, delivery_id)
    if row is None or row.endpoint_id != endpoint_id:
        raise NotFound(f"delivery {delivery_id} of webhook {endpoint_id} does not exist")
    row.status = DeliveryStatus.PENDING.value
    row.next_attempt_at = utcnow()
    # One more attempt: a failure of it ends the delivery again (failed) when the
    # retries were used up.
    row.attempts = min(row.attempts, MAX_ATTEMPTS - 1)
    session.add(row)
    session.flush()
    call_after_commit(session, _enqueue_one, row.id)
    return _delivery_view(row)


def _enqueue_one(delivery_id: int) -> None:
    events.enqueue_deliveries([delivery_id])
