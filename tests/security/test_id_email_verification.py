"""Email verification (issue #9, item 7): registration mails a one-time, expiring link,
stored hashed; opening it once marks the address verified; operators' accounts start
verified. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform import db
from edu_platform.models import EmailVerification, Outbox, User, utcnow
from edu_platform.services import accounts, email_verification, sessions
from edu_platform.services.errors import Invalid, RateLimited
from edu_platform.settings import settings
from tests.support.api import api_app
from tests.support.factories import provider_sign_in

PASSWORD = "correct horse 42"


def _register(session: Session, email: str = "new@example.com", locale: str = "en") -> User:
    return accounts.register(
        session=session, email=email, password=PASSWORD, full_name="New Learner", locale=locale
    )


def _mails_to(session: Session, email: str) -> list[Outbox]:
    return list(
        session.scalars(select(Outbox).where(Outbox.recipient == email).order_by(Outbox.id))
    )


def _token_in(mail: Outbox) -> str:
    pattern = re.escape(settings.public_url.rstrip("/")) + r"/verify-email/([\w-]+)"
    match = re.search(pattern, mail.body)
    assert match, mail.body
    return match.group(1)


def _count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_registration_mails_a_link_and_stores_only_its_hash(session):
    user = _register(session, locale="ru")
    assert user.email_verified_at is None
    [mail] = _mails_to(session, "new@example.com")
    assert mail.subject == "EduPlatform: подтвердите адрес почты"
    token = _token_in(mail)
    row = session.scalar(select(EmailVerification))
    assert row.user_id == user.id and row.email == user.email
    assert row.token_hash == sessions.hash_token(token) and token not in row.token_hash
    assert row.expires_at - row.created_at == timedelta(hours=48)


def test_the_link_verifies_once_and_then_is_spent(session):
    user = _register(session)
    token = _token_in(_mails_to(session, user.email)[0])
    assert email_verification.verify(session=session, token=token) == user.id
    session.refresh(user)
    assert user.email_verified_at is not None
    with pytest.raises(Invalid) as again:
        email_verification.verify(session=session, token=token)
    assert again.value.field == "token"
    assert again.value.message_key == "verify_email.link_invalid"


def test_an_expired_link_is_refused_and_verifies_nothing(session, monkeypatch):
    user = _register(session)
    token = _token_in(_mails_to(session, user.email)[0])
    later = utcnow() + timedelta(hours=48, seconds=1)
    monkeypatch.setattr(email_verification, "utcnow", lambda: later)
    with pytest.raises(Invalid):
        email_verification.verify(session=session, token=token)
    session.refresh(user)
    assert user.email_verified_at is None


@pytest.mark.parametrize("token", ["", "x" * 43, "not-a-token"])
def test_an_unknown_link_is_refused(session, token):
    _register(session)
    with pytest.raises(Invalid):
        email_verification.verify(session=session, token=token)


def test_a_new_link_works_and_spends_the_older_ones(session):
    user = _register(session)
    first = _token_in(_mails_to(session, user.email)[0])
    assert email_verification.send_link(session=session, user_id=user.id) is not None
    second = _token_in(_mails_to(session, user.email)[1])
    assert first != second
    email_verification.verify(session=session, token=second)
    with pytest.raises(Invalid):
        email_verification.verify(session=session, token=first)


def test_resending_is_limited_to_three_links_an_hour(session):
    user = _register(session)  # the first link
    email_verification.send_link(session=session, user_id=user.id)
    email_verification.send_link(session=session, user_id=user.id)
    with pytest.raises(RateLimited):
        email_verification.send_link(session=session, user_id=user.id)
    assert len(_mails_to(session, user.email)) == 3


def test_a_verified_account_gets_no_more_links(session):
    user = _register(session)
    email_verification.verify(session=session, token=_token_in(_mails_to(session, user.email)[0]))
    assert email_verification.send_link(session=session, user_id=user.id) is None
    assert len(_mails_to(session, user.email)) == 1


def test_accounts_made_by_operators_and_verified_providers_start_verified(session):
    admin_made = accounts.register(
        session=session,
        email="staff@example.com",
        password=PASSWORD,
        full_name="Staff",
        role="teacher",
        verified=True,
    )
    assert admin_made.email_verified_at is not None
    assert _mails_to(session, "staff@example.com") == []
    by_provider = provider_sign_in(session, subject="g-1", email="g@example.com", full_name="G")
    assert by_provider.email_verified_at is not None
    unproven = provider_sign_in(
        session,
        provider="vk",
        subject="vk-1",
        email="vk@example.com",
        email_verified=False,
        full_name="V",
    )
    assert unproven.email_verified_at is None


def test_unverified_accounts_can_sign_in(session):
    user = _register(session)
    signed_in = accounts.authenticate(session=session, email=user.email, password=PASSWORD)
    assert signed_in.id == user.id


def test_api_registration_mails_the_link(clean_db):
    with TestClient(api_app()) as client:
        response = client.post(
            "/api/v1/auth/register",
            json={"email": "Api@Example.com", "password": PASSWORD, "full_name": "Api User"},
        )
    assert response.status_code == 201, response.text
    with Session(db.get_engine()) as session:
        [mail] = _mails_to(session, "api@example.com")
        user_id = email_verification.verify(session=session, token=_token_in(mail))
        session.commit()
        assert session.get(User, user_id).email_verified_at is not None
        assert _count(session, EmailVerification) == 1


def test_the_purge_job_removes_spent_and_expired_links_only(session):
    from edu_platform.services import maintenance

    user = _register(session)
    email_verification.verify(session=session, token=_token_in(_mails_to(session, user.email)[0]))
    other = _register(session, email="other@example.com")
    later = utcnow() + timedelta(days=3)
    counts = maintenance.purge_expired_auth_data(session=session, now=later)
    assert counts.email_verifications == 2  # one spent, one expired by then
    fresh = email_verification.send_link(session=session, user_id=other.id)
    assert fresh is not None
    assert maintenance.purge_expired_auth_data(session=session).email_verifications == 0
    assert _count(session, EmailVerification) == 1
