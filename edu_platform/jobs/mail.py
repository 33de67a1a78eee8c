"""Mail jobs: send one outbox mail through SMTP."""

from __future__ import annotations

from edu_platform.services import mail


def send_outbox_mail(outbox_id: int) -> None:
    """Job: send outbox mail `outbox_id` (a sent row is skipped; an SMTP failure raises)."""
    mail.deliver(outbox_id)
