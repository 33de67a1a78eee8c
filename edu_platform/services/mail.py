"""Outgoing mail: written to the outbox in the business transaction, sent by a job.

`queue_mail()` (one) and `queue_mails()` (a bulk write's many) add `outbox` rows (kind
mail, status pending) and log each on the "edu_platform.mail" logger: without SMTP with
its body, so a developer still sees reset links (`log_mails_to_console`), with SMTP
without it (a body may carry a live link). When `settings.smtp_host` is set, the send job
is enqueued once the transaction commits (a rolled-back transaction sends nothing).
`deliver()` is what the job runs: at-least-once, a row already marked sent is never sent
again.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.db import call_after_commit
from edu_platform.i18n import translate
from edu_platform.models import Outbox, OutboxKind, OutboxStatus, User, utcnow
from edu_platform.services.errors import NotFound
from edu_platform.settings import settings

log = logging.getLogger("edu_platform.mail")

SMTP_TIMEOUT_SECONDS = 30
# How long a sender holds the mail it took; a sender that died frees it after this. A
# conversation has about nine steps of at most SMTP_TIMEOUT_SECONDS each (4.5 minutes).
SEND_LEASE = timedelta(minutes=10)
# A pending mail this old, held by no sender, lost its send job when its queue is empty:
# the sweep enqueues it again. One older than STALE_LIMIT is left: its link may have
# expired and its news is old (a site that turns SMTP on does not send its history).
STALE_PENDING = timedelta(minutes=10)
STALE_LIMIT = timedelta(days=1)
STALE_BATCH = 1000  # mails a sweep enqueues again at most


def log_mails_to_console() -> None:
    """Without SMTP the outbox and this log are the only delivery: print the mails (reset,
    verification and invitation links) on the server's console, which `make run` shows.
    Nothing is added when SMTP is set or the logger already has a handler."""
    if settings.smtp_host or log.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def queue_mail(*, session: Session, to: str, subject: str, body: str) -> int:
    """The id of a new pending outbox mail; sent by a job after commit when SMTP is set."""
    return queue_mails(session=session, mails=[Mail(to, subject, body)])[0]


def queue_user_mail(
    *, session: Session, user: User, subject_key: str, body_key: str, **values: object
) -> int:
    """`queue_mail` to `user` in their language: the body's {name} is theirs (or their
    email), its other placeholders come from `values`."""
    mail = user_mail(user, subject_key, body_key, **values)
    return queue_mails(session=session, mails=[mail])[0]


@dataclass(frozen=True)
class Mail:
    recipient: str
    subject: str
    body: str


def user_mail(user: Any, subject_key: str, body_key: str, **values: object) -> Mail:
    """A mail to `user` (a User or a row with email, full_name and locale) in their
    language: the body's {name} is theirs (or their email), the rest from `values`."""
    lang = user.locale
    body = translate(body_key, lang, name=user.full_name or user.email, **values)
    return Mail(user.email, translate(subject_key, lang), body)


def queue_mails(*, session: Session, mails: list[Mail]) -> list[int]:
    """New pending outbox mails, in one statement (a bulk write's many); their ids, in
    order. With SMTP set, a send job per mail is enqueued once the transaction commits
    (a rolled-back one sends nothing). The log gets each mail's body only without SMTP,
    where it is the delivery: a body may carry a live one-time link."""
    if not mails:
        return []
    now = utcnow()
    table = Outbox.__table__
    rows = [
        {
            "kind": OutboxKind.MAIL.value,
            "recipient": mail.recipient[:1000],
            "subject": mail.subject[:300],
            "body": mail.body,
            "status": OutboxStatus.PENDING.value,
            "attempts": 0,
            "created_at": now,
        }
        for mail in mails
    ]
    ids = list(
        session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    )
    for outbox_id, mail in zip(ids, mails, strict=True):
        if settings.smtp_host:
            log.info("mail #%s to %s: %s", outbox_id, mail.recipient, mail.subject)
        else:
            log.info("mail #%s to %s: %s\n%s", outbox_id, mail.recipient, mail.subject, mail.body)
    if settings.smtp_host:

        def enqueue_sends() -> None:
            from edu_platform import jobs

            # By name: jobs.mail imports this module (no import circle).
            for outbox_id in ids:
                jobs.enqueue(
                    "edu_platform.jobs.mail.send_outbox_mail", outbox_id, queue=jobs.MAIL_QUEUE
                )

        call_after_commit(session, enqueue_sends)
    return ids


@dataclass(frozen=True)
class PendingMail:
    id: int
    recipient: str
    subject: str
    body: str


def take_mail(*, session: Session, outbox_id: int) -> PendingMail | None:
    """The mail to send, taken for SEND_LEASE (its `next_attempt_at`), or None when it was
    sent already or another sender holds it: a send job and the sweep's copy of it
    (`stale_mail_ids`) never both send it."""
    row = session.get(Outbox, outbox_id)
    if row is None or row.kind != OutboxKind.MAIL:
        raise NotFound(f"outbox mail {outbox_id} does not exist")
    now = utcnow()
    taken = session.execute(
        update(Outbox)
        .where(
            Outbox.id == outbox_id,
            Outbox.status != OutboxStatus.SENT.value,
            or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= now),
        )
        .values(next_attempt_at=now + SEND_LEASE)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        return None
    return PendingMail(row.id, row.recipient, row.subject, row.body)


def stale_mail_ids(*, session: Session, limit: int = STALE_BATCH) -> list[int]:
    """Pending mails between STALE_PENDING and STALE_LIMIT old that no sender holds, oldest
    first: when the mail queue is empty, their send job was lost (a worker died between
    the commit and the enqueue)."""
    now = utcnow()
    return list(
        session.scalars(
            select(Outbox.id)
            .where(
                Outbox.kind == OutboxKind.MAIL.value,
                Outbox.status == OutboxStatus.PENDING.value,
                Outbox.created_at <= now - STALE_PENDING,
                Outbox.created_at > now - STALE_LIMIT,
                or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= now),
            )
            .order_by(Outbox.id)
            .limit(limit)
        )
    )


def mark_sent(*, session: Session, outbox_id: int) -> None:
    row = session.get(Outbox, outbox_id)
    row.status = OutboxStatus.SENT.value
    row.attempts += 1
    row.sent_at = utcnow()
    row.last_error = None
    row.next_attempt_at = None
    session.add(row)


def mark_failed(*, session: Session, outbox_id: int, error: str) -> None:
    """Record a failed attempt, unless another sender has sent the mail meanwhile (a lease
    that ran out): a late failure must not turn a sent mail into one to retry."""
    session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.status != OutboxStatus.SENT.value)
        .values(
            status=OutboxStatus.FAILED.value,
            attempts=Outbox.attempts + 1,
            last_error=error[:2000],
            next_attempt_at=None,  # the job's retry may take it at once
        )
        .execution_options(synchronize_session=False)
    )


def _message(mail: PendingMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    return message


def smtp_send(message: EmailMessage) -> None:
    """Send through settings.smtp_*: implicit TLS on port 465, STARTTLS when offered."""
    host, port = settings.smtp_host, settings.smtp_port
    if port == 465:
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
    else:
        client = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
    with client:
        client.ehlo()
        if port != 465 and client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if settings.smtp_user:
            client.login(settings.smtp_user, settings.smtp_password)
        sender = parseaddr(settings.smtp_from)[1] or settings.smtp_from
        client.send_message(message, from_addr=sender, to_addrs=[mail_address(message["To"])])


def mail_address(value: str) -> str:
    return parseaddr(value)[1] or value


def deliver(outbox_id: int) -> bool:
    """Send one outbox mail; True when sent now, False when it had been sent already or
    another sender holds it.

    The SMTP conversation runs outside any database transaction. A failure is recorded
    on the row (status failed, attempts, last_error) and raised, so the job is retried.
    """
    mail = db.run_sync(take_mail, outbox_id=outbox_id)
    if mail is None:
        return False
    try:
        smtp_send(_message(mail))
    except (OSError, smtplib.SMTPException) as error:
        db.run_sync(mark_failed, outbox_id=outbox_id, error=f"{type(error).__name__}: {error}")
        raise
    db.run_sync(mark_sent, outbox_id=outbox_id)
    log.info("mail #%s sent to %s", outbox_id, mail.recipient)
    return True
