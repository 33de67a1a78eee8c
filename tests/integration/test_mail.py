"""Outgoing mail: the outbox row, the log line, the after-commit job and SMTP delivery."""

from __future__ import annotations

import logging
import socket
import socketserver
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.message import Message

import pytest
from sqlalchemy import select

from edu_platform import db, jobs
from edu_platform.jobs import periodic
from edu_platform.jobs.mail import requeue_stale_mail, send_outbox_mail
from edu_platform.models import Outbox, utcnow
from edu_platform.services import mail
from edu_platform.settings import settings
from tests.support.jobs import redis_at
from tests.support.servers import serve_in_thread


class SMTPSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP (EHLO, MAIL, RCPT, DATA, QUIT) to receive what smtplib sends."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages: list[tuple[list[str], Message]] = []

    @property
    def port(self) -> int:
        return self.server_address[1]


class _SMTPHandler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        recipients: list[str] = []
        self._reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith("EHLO"):
                self._reply("250-sink")
                self._reply("250 8BITMIME")
            elif command.startswith("RCPT TO:"):
                recipients.append(line.decode().strip()[8:].strip("<> "))
                self._reply("250 OK")
            elif command == "DATA":
                self._reply("354 go ahead")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.server.messages.append((recipients, message_from_bytes(data)))
                recipients = []
                self._reply("250 queued")
            elif command == "QUIT":
                self._reply("221 bye")
                return
            else:  # HELO, MAIL FROM, RSET, NOOP
                self._reply("250 OK")


@pytest.fixture
def smtp_sink(monkeypatch) -> Iterator[SMTPSink]:
    sink = SMTPSink()
    serve_in_thread(sink)
    monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
    monkeypatch.setattr(settings, "smtp_port", sink.port)
    monkeypatch.setattr(settings, "smtp_user", "")
    try:
        yield sink
    finally:
        sink.shutdown()
        sink.server_close()


def _queue() -> int:
    return db.run_sync(
        mail.queue_mail, to="learner@example.com", subject="Hello", body="Line one\nLine two"
    )


def test_queue_mail_writes_a_pending_outbox_row_and_logs_the_body(session, caplog, enqueued):
    with caplog.at_level(logging.INFO, logger="edu_platform.mail"):
        outbox_id = mail.queue_mail(
            session=session, to="a@example.com", subject="Reset", body="open http://x/reset/abc"
        )
    row = session.get(Outbox, outbox_id)
    assert (row.kind, row.status, row.recipient, row.attempts) == (
        "mail",
        "pending",
        "a@example.com",
        0,
    )
    assert "http://x/reset/abc" in caplog.text
    assert enqueued == []  # no SMTP configured: the outbox and the log are the delivery


@pytest.mark.parametrize(("smtp_host", "shown"), [("", True), ("smtp.example.com", False)])
def test_without_smtp_mails_are_printed_on_the_console(monkeypatch, capsys, smtp_host, shown):
    monkeypatch.setattr(settings, "smtp_host", smtp_host)
    monkeypatch.setattr(mail.log, "handlers", [])
    monkeypatch.setattr(mail.log, "level", logging.NOTSET)
    mail.log_mails_to_console()
    mail.log_mails_to_console()  # once only
    assert len(mail.log.handlers) == (1 if shown else 0)
    mail.log.info("mail #7 to a@example.com: Reset\nhttp://x/reset/abc")
    printed = capsys.readouterr().err
    assert ("http://x/reset/abc" in printed) is shown
    assert printed.count("mail #7") == (1 if shown else 0)


def test_send_job_is_enqueued_only_after_commit_when_smtp_is_set(clean_db, monkeypatch, enqueued):
    monkeypatch.setattr(settings, "smtp_host", "smtp.invalid")

    def queue_then_fail(*, session):
        mail.queue_mail(session=session, to="a@example.com", subject="S", body="B")
        raise RuntimeError("the business transaction fails")

    with pytest.raises(RuntimeError):
        db.run_sync(queue_then_fail)
    assert enqueued == []
    outbox_id = _queue()
    assert [(call.fn, *call.args, call.queue) for call in enqueued] == [
        (send_outbox_mail, outbox_id, "mail")  # its own queue, after imports and PDFs
    ]


def test_many_mails_are_queued_in_one_go_and_sent_after_commit(
    clean_db, monkeypatch, enqueued, caplog
):
    monkeypatch.setattr(settings, "smtp_host", "smtp.invalid")
    mails = [mail.Mail(f"m{n}@example.com", f"Subject {n}", f"Body {n}") for n in range(3)]

    def queue_then_fail(*, session):
        mail.queue_mails(session=session, mails=mails)
        raise RuntimeError("the business transaction fails")

    with pytest.raises(RuntimeError):
        db.run_sync(queue_then_fail)
    assert enqueued == []
    with caplog.at_level(logging.INFO, logger="edu_platform.mail"):
        ids = db.run_sync(mail.queue_mails, mails=mails)
    assert [(call.fn, *call.args, call.queue) for call in enqueued] == [
        (send_outbox_mail, outbox_id, "mail") for outbox_id in ids
    ]
    with db.session_scope() as session:
        rows = [session.get(Outbox, outbox_id) for outbox_id in ids]
        assert [(row.recipient, row.subject, row.body, row.status) for row in rows] == [
            (f"m{n}@example.com", f"Subject {n}", f"Body {n}", "pending") for n in range(3)
        ]
    assert all(
        f"mail #{outbox_id} to m{n}@example.com" in caplog.text for n, outbox_id in enumerate(ids)
    )
    assert db.run_sync(mail.queue_mails, mails=[]) == []


def test_send_job_delivers_through_smtp_once(clean_db, smtp_sink, enqueued):
    outbox_id = _queue()
    send_outbox_mail(outbox_id)
    send_outbox_mail(outbox_id)  # a retried job must not send twice
    assert len(smtp_sink.messages) == 1
    recipients, message = smtp_sink.messages[0]
    assert recipients == ["learner@example.com"]
    assert message["Subject"] == "Hello"
    assert "Line two" in message.get_payload(decode=True).decode()
    with db.session_scope() as session:
        row = session.get(Outbox, outbox_id)
        assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
        assert row.sent_at is not None


def test_smtp_failure_is_recorded_and_raised_for_a_retry(clean_db, monkeypatch, enqueued):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
    monkeypatch.setattr(settings, "smtp_port", closed_port)
    outbox_id = _queue()
    for attempt in (1, 2):
        with pytest.raises(OSError):
            send_outbox_mail(outbox_id)
        with db.session_scope() as session:
            row = session.scalar(select(Outbox).where(Outbox.id == outbox_id))
            assert (row.status, row.attempts) == ("failed", attempt)
            assert "ConnectionRefusedError" in row.last_error


def _age(outbox_id: int, minutes: int) -> None:
    with db.session_scope() as session:
        row = session.get(Outbox, outbox_id)
        row.created_at = row.created_at - timedelta(minutes=minutes)


def test_a_mail_another_sender_holds_is_not_sent_again(clean_db, smtp_sink, enqueued):
    outbox_id = _queue()
    assert db.run_sync(mail.take_mail, outbox_id=outbox_id) is not None  # a sender took it
    assert mail.deliver(outbox_id) is False  # the sweep's copy of its job
    assert smtp_sink.messages == []
    with db.session_scope() as session:  # the first sender died: its lease runs out
        session.get(Outbox, outbox_id).next_attempt_at = utcnow() - timedelta(seconds=1)
    assert mail.deliver(outbox_id) is True
    assert mail.deliver(outbox_id) is False
    assert len(smtp_sink.messages) == 1


def test_the_sweep_enqueues_again_only_old_pending_mails_nobody_holds(
    clean_db, monkeypatch, enqueued
):
    monkeypatch.setattr(settings, "smtp_host", "smtp.invalid")
    # The fifth is under ten minutes old: its job may still be on its way; the sixth over
    # a day old: its link may have expired, its news is old.
    lost, held, sent, failed, _recent, ancient = (_queue() for _ in range(6))
    for outbox_id in (lost, held, sent, failed):
        _age(outbox_id, 11)
    _age(ancient, 24 * 60 + 1)
    db.run_sync(mail.take_mail, outbox_id=held)
    db.run_sync(mail.mark_sent, outbox_id=sent)
    db.run_sync(mail.mark_failed, outbox_id=failed, error="550 no such user")
    enqueued.clear()
    assert requeue_stale_mail() == 1
    assert [(call.fn, *call.args, call.queue) for call in enqueued] == [
        (send_outbox_mail, lost, "mail")
    ]
    # Without SMTP the outbox and the log are the delivery: nothing to send again.
    monkeypatch.setattr(settings, "smtp_host", "")
    assert requeue_stale_mail() == 0
    assert (timedelta(minutes=10), requeue_stale_mail) in periodic.PERIODIC_JOBS


def test_the_sweep_waits_while_mail_jobs_wait(clean_db, monkeypatch, enqueued, redis_url):
    """Jobs waiting on the mail queue (a bulk import's thousands): old pending mails are
    late, not lost, and are not enqueued a second time."""
    monkeypatch.setattr(settings, "smtp_host", "smtp.invalid")
    lost = _queue()
    _age(lost, 11)
    enqueued.clear()
    with redis_at(monkeypatch, redis_url):
        waiting = jobs.get_queue(jobs.MAIL_QUEUE)
        waiting.enqueue("edu_platform.jobs.mail.send_outbox_mail", lost)
        assert requeue_stale_mail() == 0
        waiting.empty()
        assert requeue_stale_mail() == 1
    assert [(call.fn, *call.args) for call in enqueued] == [(send_outbox_mail, lost)]


def test_a_failure_recorded_after_another_sender_sent_the_mail_leaves_it_sent(clean_db, enqueued):
    outbox_id = _queue()
    db.run_sync(mail.mark_sent, outbox_id=outbox_id)
    db.run_sync(mail.mark_failed, outbox_id=outbox_id, error="timed out")
    with db.session_scope() as session:
        row = session.get(Outbox, outbox_id)
        assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
