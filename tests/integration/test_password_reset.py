"""Password reset by email: one-time, one-hour links that end every session."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform.models import Outbox, PasswordReset, utcnow
from edu_platform.services import password_reset, passwords, sessions, tokens
from edu_platform.services.errors import Invalid, Unauthorized
from edu_platform.settings import settings
from tests.support.factories import register_user

OLD_PASSWORD = "old-password-1"
NEW_PASSWORD = "brand-new-password-2"
# Verified: no verification mail (these tests count reset mails).
RESET_ME = {"name": "Reset Me", "password": OLD_PASSWORD, "verified": True, "locale": "en"}


def _link_token(session: Session, outbox_id: int) -> str:
    body = session.get(Outbox, outbox_id).body
    match = re.search(re.escape(settings.public_url.rstrip("/")) + r"/reset/([\w-]+)", body)
    assert match, body
    return match.group(1)


def _request(session: Session, email: str) -> str:
    outbox_id = password_reset.request_reset(session=session, email=email)
    assert outbox_id is not None
    return _link_token(session, outbox_id)


def _signed_in_browser(session: Session, user_id: int) -> str:
    ticket = sessions.create_ticket(session=session, user_id=user_id)
    return sessions.redeem_ticket(session=session, ticket=ticket)


def _later(monkeypatch, delta: timedelta) -> None:
    moment = utcnow() + delta
    monkeypatch.setattr(password_reset, "utcnow", lambda: moment)


def _count(session: Session, model) -> int:
    query = select(func.count()).select_from(model)
    if model is Outbox:
        query = query.where(Outbox.kind == "mail")  # domain events share the outbox
    return session.scalar(query)


def test_request_mails_the_link_in_the_users_language_and_stores_only_a_hash(session):
    user = register_user(session, email="reset@example.com", **(RESET_ME | {"locale": "ru"}))
    outbox_id = password_reset.request_reset(session=session, email="  RESET@example.com ")
    mail = session.get(Outbox, outbox_id)
    assert mail.kind == "mail" and mail.status == "pending"
    assert mail.recipient == user.email
    assert mail.subject == "EduPlatform: смена пароля"
    token = _link_token(session, outbox_id)
    row = session.scalar(select(PasswordReset).where(PasswordReset.user_id == user.id))
    assert row.token_hash == sessions.hash_token(token) != token
    assert row.expires_at - row.created_at == timedelta(hours=1)


def test_unknown_email_gets_the_same_answer_and_no_mail(session):
    register_user(session, email="reset@example.com", **RESET_ME)
    assert password_reset.request_reset(session=session, email="nobody@example.com") is None
    assert password_reset.request_reset(session=session, email="not an email") is None
    assert _count(session, Outbox) == 0
    assert _count(session, PasswordReset) == 0


def test_blocked_account_gets_no_mail(session):
    user = register_user(session, email="reset@example.com", **RESET_ME)
    user.is_active = False
    session.add(user)
    session.flush()
    assert password_reset.request_reset(session=session, email=user.email) is None
    assert _count(session, Outbox) == 0


def test_at_most_three_links_per_hour_then_silently_none(session, monkeypatch):
    user = register_user(session, email="reset@example.com", **RESET_ME)
    sent = [password_reset.request_reset(session=session, email=user.email) for _ in range(4)]
    assert all(sent[:3]) and sent[3] is None
    assert _count(session, Outbox) == 3
    _later(monkeypatch, timedelta(minutes=61))
    assert password_reset.request_reset(session=session, email=user.email) is not None


def test_link_sets_the_password_and_works_only_once(session):
    user = register_user(session, email="reset@example.com", **RESET_ME)
    token = _request(session, user.email)
    assert password_reset.reset_password(session=session, token=token, new_password=NEW_PASSWORD)
    session.refresh(user)
    assert passwords.verify_password(NEW_PASSWORD, user.password_hash)
    assert not passwords.verify_password(OLD_PASSWORD, user.password_hash)
    with pytest.raises(Invalid) as refused:
        password_reset.reset_password(session=session, token=token, new_password="third-pass-3")
    assert refused.value.message_key == "account.reset.link_invalid"


def test_link_expires_after_one_hour(session, monkeypatch):
    user = register_user(session, email="reset@example.com", **RESET_ME)
    token = _request(session, user.email)
    _later(monkeypatch, timedelta(minutes=59))
    assert password_reset.user_for_reset_token(session=session, token=token) == user.id
    _later(monkeypatch, timedelta(minutes=60, seconds=1))
    with pytest.raises(Invalid):
        password_reset.user_for_reset_token(session=session, token=token)
    with pytest.raises(Invalid):
        password_reset.reset_password(session=session, token=token, new_password=NEW_PASSWORD)
    session.refresh(user)
    assert passwords.verify_password(OLD_PASSWORD, user.password_hash)


def test_using_one_link_spends_the_users_other_links(session):
    user = register_user(session, email="reset@example.com", **RESET_ME)
    first, second = _request(session, user.email), _request(session, user.email)
    assert password_reset.user_for_reset_token(session=session, token=first) == user.id
    password_reset.reset_password(session=session, token=second, new_password=NEW_PASSWORD)
    with pytest.raises(Invalid):
        password_reset.user_for_reset_token(session=session, token=first)


def test_a_link_only_ever_resets_its_own_account(session):
    alice = register_user(session, email="alice@example.com", **RESET_ME)
    bob = register_user(session, email="bob@example.com", **RESET_ME)
    alice_token = _request(session, alice.email)
    bob_browser = _signed_in_browser(session, bob.id)
    assert (
        password_reset.reset_password(session=session, token=alice_token, new_password=NEW_PASSWORD)
        == alice.id
    )
    session.refresh(bob)
    assert passwords.verify_password(OLD_PASSWORD, bob.password_hash)
    assert sessions.user_for_token(session=session, token=bob_browser).id == bob.id
    with pytest.raises(Invalid):
        password_reset.reset_password(session=session, token="made-up-token", new_password="x" * 12)


def test_reset_ends_every_session_and_revokes_api_tokens(session):
    user = register_user(session, email="reset@example.com", **RESET_ME)
    browsers = [_signed_in_browser(session, user.id) for _ in range(2)]
    pair = tokens.issue_tokens(session=session, user=user)
    token = _request(session, user.email)
    password_reset.reset_password(session=session, token=token, new_password=NEW_PASSWORD)
    assert all(sessions.user_for_token(session=session, token=b) is None for b in browsers)
    with pytest.raises(Unauthorized):
        tokens.refresh_tokens(session=session, refresh_token=pair.refresh_token)


def test_weak_password_is_refused_and_the_link_stays_usable(session):
    user = register_user(session, email="reset@example.com", **RESET_ME)
    token = _request(session, user.email)
    with pytest.raises(Invalid) as refused:
        password_reset.reset_password(session=session, token=token, new_password="short")
    assert refused.value.field == "password"
    assert password_reset.user_for_reset_token(session=session, token=token) == user.id
