"""Operator commands: `python -m edu_platform.manage create-user | set-role | block | unblock`.

One test runs the command as an operator does, in a process of its own; the rest call its
`main` in process (a new Python process that imports the app costs 2 CPU-seconds)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import create_engine, select
from sqlmodel import Session

from edu_platform import db, manage
from edu_platform.models import AuthSession, User
from edu_platform.services import accounts, sessions
from edu_platform.settings import PROJECT_ROOT, settings
from tests.conftest import make_test_engine

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="module")
def cli_db_url(make_database) -> str:
    """A migrated SQLite file of its own, which the subprocess opens through DATABASE_URL."""
    return make_database("sqlite")


def run_manage(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": db_url, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "edu_platform.manage", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def stored_user(db_url: str, email: str) -> User | None:
    engine = create_engine(db_url)
    try:
        with Session(engine) as session:
            return session.scalar(select(User).where(User.email == email))
    finally:
        engine.dispose()


def _email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@ops.example.org"


def _create_user_args(email: str, role: str, *more: str, password: str = PASSWORD) -> list[str]:
    """`manage.py create-user`'s arguments: the email, password, role and `more`."""
    return ["create-user", "--email", email, "--password", password, "--role", role, *more]


def _create_user(db_url: str, email: str, role: str, *more: str, password: str = PASSWORD):
    """`python -m edu_platform.manage create-user ...` in a process of its own."""
    return run_manage(db_url, *_create_user_args(email, role, *more, password=password))


def test_create_user_makes_an_account_with_the_role(cli_db_url):
    email = _email("ops")
    result = _create_user(cli_db_url, email.upper(), "teacher", "--name", "Olga Operator")
    assert result.returncode == 0, result.stderr
    assert email in result.stdout and "teacher" in result.stdout
    user = stored_user(cli_db_url, email)
    assert (user.role, user.full_name, user.is_active) == ("teacher", "Olga Operator", True)
    assert user.password_hash.startswith("$argon2")


# --- in process: the refusals (both databases); the run above is the real entry point ---


def test_create_user_with_a_taken_email_exits_non_zero_with_one_line(
    clean_db, committed_session, capsys
):
    email = _email("taken")
    with pytest.raises(SystemExit) as refused:
        manage.main(["create-user", "--email", email, "--password", PASSWORD])
    assert refused.value.code == 2  # --role is required: argparse refuses before any work
    assert "--role" in capsys.readouterr().err
    assert manage.main(_create_user_args(email, "admin")) == 0
    capsys.readouterr()
    assert manage.main(_create_user_args(email.upper(), "student")) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: email: email is already registered"
    ]
    assert committed_session.scalar(select(User).where(User.email == email)).role == "admin"


@pytest.mark.parametrize("password", ["short", "password123"])
def test_create_user_with_a_weak_password_exits_non_zero(
    clean_db, committed_session, capsys, password
):
    email = _email("weak")
    assert manage.main(_create_user_args(email, "student", password=password)) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: password: ")
    assert committed_session.scalar(select(User).where(User.email == email)) is None


def test_create_user_on_an_unmigrated_database_says_so(empty_db_url, monkeypatch, capsys):
    empty = make_test_engine(empty_db_url)
    monkeypatch.setattr(settings, "database_url", empty_db_url)
    monkeypatch.setattr(db, "_engine", empty)  # the process's engine, restored afterwards
    try:
        assert manage.main(_create_user_args(_email("early"), "admin")) == 1
    finally:
        empty.dispose()
    error = capsys.readouterr().err
    assert "migrate" in error and "Traceback" not in error


# --- in process: the password prompt and the user changes (both databases) -------------


def _prompts(monkeypatch, *answers: str) -> list[str]:
    asked: list[str] = []
    replies = iter(answers)

    def fake_getpass(prompt: str = "") -> str:
        asked.append(prompt)
        return next(replies)

    monkeypatch.setattr(manage.getpass, "getpass", fake_getpass)
    return asked


def test_create_user_asks_for_the_password_twice(clean_db, committed_session, monkeypatch):
    asked = _prompts(monkeypatch, PASSWORD, PASSWORD)
    email = _email("prompt")
    assert manage.main(["create-user", "--email", email, "--role", "student"]) == 0
    assert len(asked) == 2
    user = committed_session.scalar(select(User).where(User.email == email))
    assert user.full_name == email.split("@")[0]
    assert accounts.authenticate(session=committed_session, email=email, password=PASSWORD)


def test_create_user_refuses_passwords_that_differ(
    clean_db, committed_session, monkeypatch, capsys
):
    _prompts(monkeypatch, PASSWORD, PASSWORD + "x")
    email = _email("typo")
    assert manage.main(["create-user", "--email", email, "--role", "student"]) == 1
    assert capsys.readouterr().err.strip() == "error: passwords do not match"
    assert committed_session.scalar(select(User).where(User.email == email)) is None


def test_create_user_without_a_terminal_or_password_says_so(
    clean_db, committed_session, monkeypatch, capsys
):
    def no_input(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(manage.getpass, "getpass", no_input)
    email = _email("eof")
    assert manage.main(["create-user", "--email", email, "--role", "student"]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: no password given: type it at the prompt or pass --password"
    )
    assert committed_session.scalar(select(User).where(User.email == email)) is None


def test_set_role_block_and_unblock_change_the_user(clean_db, committed_session, capsys):
    user = accounts.register(
        session=committed_session, email=_email("target"), password=PASSWORD, full_name="T"
    )
    ticket = sessions.create_ticket(session=committed_session, user_id=user.id)
    token = sessions.redeem_ticket(session=committed_session, ticket=ticket)
    committed_session.commit()

    assert manage.main(["set-role", "--email", user.email, "--role", "teacher"]) == 0
    assert manage.main(["block", "--email", user.email]) == 0
    committed_session.expire_all()
    blocked = committed_session.get(User, user.id)
    assert (blocked.role, blocked.is_active) == ("teacher", False)
    session_row = committed_session.scalar(
        select(AuthSession).where(AuthSession.user_id == user.id)
    )
    assert session_row.revoked_at is not None
    assert sessions.user_for_token(session=committed_session, token=token) is None

    assert manage.main(["unblock", "--email", user.email]) == 0
    committed_session.rollback()  # end the read transaction: see the CLI's commit
    assert committed_session.get(User, user.id).is_active is True
    assert "blocked" in capsys.readouterr().out


def test_block_of_an_unknown_email_fails_with_one_line(clean_db, capsys):
    assert manage.main(["block", "--email", "ghost@ops.example.org"]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: email: no user with email ghost@ops.example.org"
    )
