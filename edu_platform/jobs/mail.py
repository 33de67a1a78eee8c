"""Mail jobs: send one outbox mail through SMTP; enqueue again the mails whose job was lost."""

from __future__ import annotations

from edu_platform import db, jobs
from edu_platform.services import mail
from edu_platform.settings import settings


def send_outbox_mail(outbox_id: int) -> None:
    """Job: send outbox mail `outbox_id` (a sent row, or one another sender holds, is
    skipped; an SMTP failure raises)."""
    mail.deliver(outbox_id)


def requeue_stale_mail() -> int:
    """Periodic, with SMTP set: enqueue the send again for pending mails whose job was lost
    (a worker killed between a commit and its enqueues: a bulk import's invitations are
    thousands); how many. Only when the mail queue is empty: while jobs wait there, old
    pending mails are late, not lost (and a copy of a late job is skipped: only one
    sender takes a mail, `mail.take_mail`). Without SMTP the outbox and the log are the
    delivery: nothing."""
    if not settings.smtp_host or jobs.backlog(jobs.MAIL_QUEUE) > 0:
        return 0
    ids = db.run_sync(mail.stale_mail_ids)
    for outbox_id in ids:
        jobs.enqueue(send_outbox_mail, outbox_id, queue=jobs.MAIL_QUEUE)
    return len(ids)
