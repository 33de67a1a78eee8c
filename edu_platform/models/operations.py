"""Operations: import jobs and their row errors, bulk jobs, the audit log, the outbox,
webhooks."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, Text
from sqlmodel import Field, SQLModel

from edu_platform.models.base import (
    BigId,
    NullableJSON,
    counter_field,
    datetime_field,
    enum_check,
    enum_field,
    flag_field,
    timestamp_field,
)


class ImportKind(StrEnum):
    COURSES = "courses"
    USERS = "users"
    ENROLLMENTS = "enrollments"
    ORDERS = "orders"


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BulkJobKind(StrEnum):
    CERTIFICATE_REISSUE = "certificate_reissue"
    METRICS = "metrics"


class AuditAction(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


class OutboxKind(StrEnum):
    MAIL = "mail"
    WEBHOOK = "webhook"  # a domain event for integrations (webhooks and the Redis stream)


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class ImportJob(SQLModel, table=True):
    """A bulk import of a CSV/JSON-lines file; the job records its progress here."""

    __tablename__ = "import_job"
    __table_args__ = (
        enum_check("kind", ImportKind),
        enum_check("status", ImportStatus),
        CheckConstraint(
            "total >= 0 AND processed >= 0 AND failed >= 0", name="counters_not_negative"
        ),
        Index("ix_import_job_status_created_at", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = enum_field(ImportKind)
    status: str = enum_field(ImportStatus, ImportStatus.QUEUED)
    total: int = counter_field()
    processed: int = counter_field()
    failed: int = counter_field()
    file_path: str = Field(max_length=500)  # private storage, outside public uploads
    original_name: str = Field(default="", max_length=300)
    created_by: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL", nullable=True, index=True
    )
    created_at: datetime = timestamp_field()
    started_at: datetime | None = datetime_field()
    finished_at: datetime | None = datetime_field()
    error: str | None = Field(default=None, sa_type=Text)
    # A users import e-mails each account it creates a link to set a password.
    invite: bool = flag_field(False)


class BulkJob(SQLModel, table=True):
    """Bulk background work fanned out over several jobs (a course's certificates
    re-issued, ...); each batch adds to `processed`/`failed`, so any process shows progress.
    `subject_id` is what the work is about (the course, for certificate_reissue)."""

    __tablename__ = "bulk_job"
    __table_args__ = (
        enum_check("kind", BulkJobKind),
        enum_check("status", ImportStatus),
        CheckConstraint(
            "total >= 0 AND processed >= 0 AND failed >= 0", name="counters_not_negative"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = enum_field(BulkJobKind)
    status: str = enum_field(ImportStatus, ImportStatus.QUEUED)
    subject_id: int | None = Field(default=None)
    total: int = counter_field()
    processed: int = counter_field()
    failed: int = counter_field()
    created_by: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL", nullable=True, index=True
    )
    created_at: datetime = timestamp_field()
    finished_at: datetime | None = datetime_field()
    error: str | None = Field(default=None, sa_type=Text)


class ImportJobError(SQLModel, table=True):
    """A rejected row: `row_number` is the line in the file (the header is line 1)."""

    __tablename__ = "import_job_error"
    __table_args__ = (Index("ix_import_job_error_job_id_row_number", "job_id", "row_number"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="import_job.id", ondelete="CASCADE")
    row_number: int
    field: str | None = Field(default=None, max_length=100)
    message: str = Field(sa_type=Text)
    raw: dict[str, Any] | None = Field(default=None, sa_type=NullableJSON)


class AuditLog(SQLModel, table=True):
    """Who changed which row, when, from what to what (written by edu_platform.audit).

    `actor_id` has no foreign key so that deleting a user keeps the history.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        enum_check("action", AuditAction),
        Index("ix_audit_log_table_name_row_id", "table_name", "row_id"),
        Index("ix_audit_log_actor_id", "actor_id"),
        Index("ix_audit_log_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    at: datetime = timestamp_field()
    actor_id: int | None = Field(default=None)
    action: str = enum_field(AuditAction)
    table_name: str = Field(max_length=64)
    row_id: int | None = Field(default=None)
    old: dict[str, Any] | None = Field(default=None, sa_type=NullableJSON)
    new: dict[str, Any] | None = Field(default=None, sa_type=NullableJSON)


class Outbox(SQLModel, table=True):
    """A mail or a domain event written in the business transaction, sent by a job.

    A domain event (kind "webhook", see services/events/) keeps its type in `subject`
    and its envelope `{id, type, occurred_at, data}` in `payload`; `status` is "sent"
    once it is on the Redis stream (or at once without Redis). Its deliveries to each
    subscribed endpoint are `webhook_delivery` rows.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        enum_check("kind", OutboxKind),
        enum_check("status", OutboxStatus),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_outbox_status_created_at", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = enum_field(OutboxKind)
    recipient: str = Field(max_length=1000)  # an email address or a webhook URL
    subject: str = Field(default="", max_length=300)
    body: str = Field(default="", sa_type=Text)
    payload: dict[str, Any] | None = Field(default=None, sa_type=NullableJSON)
    status: str = enum_field(OutboxStatus, OutboxStatus.PENDING)
    attempts: int = counter_field()
    created_at: datetime = timestamp_field()
    next_attempt_at: datetime | None = datetime_field()
    sent_at: datetime | None = datetime_field()
    last_error: str | None = Field(default=None, sa_type=Text)


class WebhookEndpoint(SQLModel, table=True):
    """An integration's URL subscribed to events; deliveries are signed with `secret`.

    `consecutive_failures` counts failed attempts in a row (a delivery resets it); at 20
    the endpoint is disabled (`disabled_at`) and `created_by` is notified.
    """

    __tablename__ = "webhook_endpoint"
    __table_args__ = (
        CheckConstraint("consecutive_failures >= 0", name="consecutive_failures_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=1000)
    secret: str = Field(max_length=200)
    events: list[str] = Field(default_factory=list, sa_type=JSON)
    is_active: bool = flag_field(True)
    created_at: datetime = timestamp_field()
    description: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    created_by: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL", nullable=True, index=True
    )
    consecutive_failures: int = counter_field()
    disabled_at: datetime | None = datetime_field()


class WebhookDelivery(SQLModel, table=True):
    """One event sent (or to be sent) to one endpoint, with its attempts and last answer.

    Pending deliveries whose `next_attempt_at` has come are sent by a job; a job that
    takes one pushes `next_attempt_at` past its timeout first (a lease), so two jobs
    never send the same attempt and a lost job is picked up again by the sweep.
    """

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        enum_check("status", DeliveryStatus),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_webhook_delivery_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_endpoint_id_id", "endpoint_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    endpoint_id: int = Field(foreign_key="webhook_endpoint.id", ondelete="CASCADE")
    outbox_id: int = Field(foreign_key="outbox.id", ondelete="CASCADE", index=True)
    event_id: str = Field(max_length=36)
    event_type: str = Field(max_length=64)
    status: str = enum_field(DeliveryStatus, DeliveryStatus.PENDING)
    attempts: int = counter_field()
    response_code: int | None = Field(default=None)
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = timestamp_field()
    next_attempt_at: datetime | None = datetime_field()
    delivered_at: datetime | None = datetime_field()
