"""A users import with `invite` on both databases: each account it creates gets one mail
with a link that sets its password; an account that existed, a bad row, a re-run, the same
file uploaded again, a restart after a crash and a job racing another mail nobody twice;
admins are not invited; changing the password spends the link. Other kinds refuse it."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlmodel import Session

from edu_platform import db
from edu_platform.i18n import translate
from edu_platform.jobs.imports import run_import
from edu_platform.models import Outbox, PasswordReset, User
from edu_platform.services import account_area, accounts, imports, password_reset
from edu_platform.services.errors import Invalid
from edu_platform.settings import settings
from tests.support.imports_data import count, fresh, make_people, status, upload
from tests.support.jobs import fail_on_call

PASSWORD = "A-new-passphrase-2026"
USERS_CSV = (
    "email,full_name,role\n"
    "Invited.One@Example.COM,Invited One,\n"  # new
    "not-an-email,Bad,student\n"  # a bad row: no account, no mail
    "student@imports.example.com,Existing,student\n"  # exists: no mail
    "invited.two@example.com,,teacher\n"  # a bad row (no name)
    "invited.three@example.com,Invited Three,teacher\n"  # new
    "invited.admin@example.com,Invited Admin,admin\n"  # new, but an admin: not invited
)
LINK = re.compile(re.escape(settings.public_url.rstrip("/")) + r"/reset/(\S+)")


@pytest.fixture
def people(committed_session: Session, enqueued, data_dir) -> dict[str, int]:
    return make_people(committed_session)


def _mails(session: Session) -> dict[str, list[Outbox]]:
    by_recipient: dict[str, list[Outbox]] = {}
    for row in fresh(session).scalars(select(Outbox).where(Outbox.kind == "mail")):
        by_recipient.setdefault(row.recipient, []).append(row)
    return by_recipient


def test_each_new_account_gets_one_mail_whose_link_sets_its_password(people, committed_session):
    job_id = upload(people, "users", USERS_CSV, invite=True)
    assert status(people, job_id).invite is True
    assert run_import(job_id) == "done"
    mails = _mails(committed_session)
    assert sorted(mails) == ["invited.one@example.com", "invited.three@example.com"]
    assert all(len(sent) == 1 for sent in mails.values())
    mail = mails["invited.one@example.com"][0]
    # Imported accounts speak Russian (the platform's default) until they choose.
    assert mail.subject == translate("account.invite.mail_subject", "ru")
    assert "Invited One" in mail.body and "invited.one@example.com" in mail.body
    assert "7 дней" in mail.body
    token = LINK.search(mail.body).group(1)
    session = fresh(committed_session)
    user = session.scalar(select(User).where(User.email == "invited.one@example.com"))
    link = session.scalar(select(PasswordReset).where(PasswordReset.user_id == user.id))
    assert link.expires_at - link.created_at == timedelta(days=7)
    assert db.run_sync(password_reset.reset_password, token=token, new_password=PASSWORD) == user.id
    signed_in = accounts.sign_in_with_password(
        lambda *, session, user: user.id,
        email="invited.one@example.com",
        password=PASSWORD,
        ip=None,
    )
    assert signed_in == user.id
    # The link works once.
    with pytest.raises(Invalid) as refused:
        db.run_sync(password_reset.reset_password, token=token, new_password=PASSWORD + "!")
    assert refused.value.field == "token"


def test_a_rerun_the_same_file_again_and_a_restart_after_a_crash_mail_nobody_twice(
    people, committed_session, monkeypatch
):
    rows = [f"wave-{number:02d}@example.com,Learner {number},student" for number in range(12)]
    job_id = upload(people, "users", "email,full_name,role\n" + "\n".join(rows) + "\n", invite=True)
    monkeypatch.setattr(imports, "BATCH_SIZE", 5)
    real_batch = imports.import_batch
    fail_on_call(monkeypatch, imports, "import_batch", 2, ConnectionError("database lost"))
    with pytest.raises(ConnectionError):
        run_import(job_id)
    # The first batch committed its accounts and their mails together; the second none.
    assert len(_mails(committed_session)) == 5
    monkeypatch.setattr(imports, "import_batch", real_batch)
    assert run_import(job_id) == "done"
    assert run_import(job_id) == "done"
    again = upload(people, "users", "email,full_name,role\n" + "\n".join(rows) + "\n", invite=True)
    assert run_import(again) == "done"
    mails = _mails(committed_session)
    assert sorted(mails) == [f"wave-{number:02d}@example.com" for number in range(12)]
    assert all(len(sent) == 1 for sent in mails.values())
    assert count(committed_session, PasswordReset) == 12


def test_an_account_another_transaction_is_writing_is_not_taken_for_new(
    people, committed_session, engine
):
    """Two jobs with the same addresses at once: the one whose account lands second must not
    invite it. Here another transaction holds an uncommitted account of the file while the
    import writes (PostgreSQL: its insert waits on that row; SQLite: on the write lock)."""
    job_id = upload(people, "users", USERS_CSV, invite=True)
    with Session(engine) as other:
        other.add(User(email="invited.three@example.com", full_name="Written elsewhere"))
        other.flush()
        importing = threading.Thread(target=run_import, args=(job_id,))
        importing.start()
        time.sleep(1.0)
        assert importing.is_alive()  # waiting for the other transaction
        other.commit()
    importing.join(timeout=60)
    assert status(people, job_id).status == "done"
    assert sorted(_mails(committed_session)) == ["invited.one@example.com"]


def test_changing_the_password_spends_an_unused_invitation(people, committed_session):
    job_id = upload(people, "users", USERS_CSV, invite=True)
    run_import(job_id)
    body = _mails(committed_session)["invited.one@example.com"][0].body
    token = LINK.search(body).group(1)
    user_id = db.run_sync(password_reset.user_for_reset_token, token=token)
    db.run_sync(
        account_area.change_password,
        user_id=user_id,
        current_password="",
        new_password=PASSWORD,
        current_token=None,
    )
    with pytest.raises(Invalid):
        db.run_sync(password_reset.user_for_reset_token, token=token)


def test_without_invite_an_import_mails_nobody(people, committed_session):
    job_id = upload(people, "users", USERS_CSV)
    assert status(people, job_id).invite is False
    assert run_import(job_id) == "done"
    assert count(committed_session, User, User.email.like("invited.%")) == 3
    assert _mails(committed_session) == {}
    assert count(committed_session, PasswordReset) == 0


@pytest.mark.parametrize("kind", ["courses", "enrollments", "orders"])
def test_only_a_users_import_takes_invite(people, committed_session, kind):
    with pytest.raises(Invalid) as refused:
        upload(people, kind, "a\n1\n", invite=True)
    assert (refused.value.field, refused.value.message_key) == (
        "invite",
        "imports.error.invite_users_only",
    )
