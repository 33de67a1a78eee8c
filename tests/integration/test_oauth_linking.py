"""Account linking rules of provider sign-in (services/oauth.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from edu_platform.models import OAuthAccount, User
from edu_platform.services import accounts, oauth
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.support.factories import provider_sign_in


def _password_account(session: Session, email: str = "ivan@example.com") -> User:
    # Verified: an unverified account is taken over instead (tests/security/test_id_*).
    return accounts.register(
        session=session,
        email=email,
        password="correct horse 42",
        full_name="Ivan Password",
        verified=True,
    )


def _count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_first_sign_in_creates_a_student_without_password_and_links_the_identity(session):
    user = provider_sign_in(session, email="Ivan@Example.com", locale="en")
    assert (user.email, user.full_name, user.role, user.locale) == (
        "ivan@example.com",
        "Ivan Petrov",
        "student",
        "en",
    )
    assert user.password_hash is None
    assert user.last_login_at is not None
    link = session.scalar(select(OAuthAccount).where(OAuthAccount.user_id == user.id))
    assert (link.provider, link.subject, link.email) == ("google", "g-100", "ivan@example.com")


def test_same_subject_signs_into_the_same_account_even_after_the_email_changed(session):
    first = provider_sign_in(session)
    again = provider_sign_in(session, email="new.address@example.com", email_verified=False)
    assert again.id == first.id
    assert _count(session, User) == 1
    assert _count(session, OAuthAccount) == 1


def test_verified_email_links_to_the_existing_password_account(session):
    existing = _password_account(session)
    user = provider_sign_in(session, email="IVAN@example.com", email_verified=True)
    assert user.id == existing.id
    assert user.password_hash == existing.password_hash
    assert [a.provider for a in oauth.linked_accounts(session=session, user_id=user.id)] == [
        "google"
    ]
    assert _count(session, User) == 1


def test_unverified_email_of_an_existing_account_is_refused_and_nothing_is_created(session):
    _password_account(session)
    with pytest.raises(Conflict) as refused:
        provider_sign_in(session, email_verified=False)
    assert refused.value.message_key == "oauth.error.email_unverified"
    assert _count(session, User) == 1
    assert _count(session, OAuthAccount) == 0


def test_unverified_email_of_nobody_creates_a_new_account(session):
    user = provider_sign_in(session, provider="vk", subject="vk-7", email_verified=False)
    assert user.email == "ivan@example.com"
    assert _count(session, OAuthAccount) == 1


def test_missing_email_for_an_unknown_identity_is_refused(session):
    with pytest.raises(Invalid) as refused:
        provider_sign_in(session, provider="vk", subject="vk-8", email=None, email_verified=False)
    assert refused.value.message_key == "oauth.error.email_missing"
    assert _count(session, User) == 0


def test_known_identity_signs_in_without_an_email(session):
    first = provider_sign_in(session, provider="vk", subject="vk-9")
    assert provider_sign_in(session, provider="vk", subject="vk-9", email=None).id == first.id


def test_blocked_user_is_refused_by_identity_and_by_verified_email(session):
    linked = provider_sign_in(session)
    linked.is_active = False
    session.add(linked)
    with pytest.raises(Forbidden):
        provider_sign_in(session)
    with pytest.raises(Forbidden):
        provider_sign_in(session, provider="yandex", subject="y-1")
    assert _count(session, OAuthAccount) == 1


def test_missing_name_falls_back_to_the_email_name(session):
    assert provider_sign_in(session, full_name="  ").full_name == "ivan"


def test_unknown_provider_is_refused(session):
    with pytest.raises(Invalid):
        provider_sign_in(session, provider="myspace")


def test_database_refuses_a_second_row_for_the_same_provider_and_subject(session):
    user = provider_sign_in(session)
    session.add(OAuthAccount(provider="google", subject="g-100", user_id=user.id))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_identity_of_another_account_cannot_be_linked(session):
    provider_sign_in(session)
    other = _password_account(session, email="other@example.com")
    with pytest.raises(Conflict) as refused:
        oauth.link_identity(
            session=session, user_id=other.id, provider="google", subject="g-100", email=None
        )
    assert refused.value.message_key == "oauth.error.identity_taken"


def test_signed_in_user_links_a_provider_whatever_its_email(session):
    user = _password_account(session)
    oauth.link_identity(
        session=session,
        user_id=user.id,
        provider="oidc",
        subject="corp-5",
        email="ivan@corp.example",
    )
    assert provider_sign_in(session, provider="oidc", subject="corp-5", email=None).id == user.id


def test_unlink_removes_the_identity_when_a_password_remains(session):
    user = _password_account(session)
    provider_sign_in(session)
    oauth.unlink(session=session, user_id=user.id, provider="google")
    assert oauth.linked_accounts(session=session, user_id=user.id) == []


def test_unlink_of_the_only_sign_in_method_is_refused(session):
    user = provider_sign_in(session)
    with pytest.raises(Conflict) as refused:
        oauth.unlink(session=session, user_id=user.id, provider="google")
    assert refused.value.message_key == "oauth.error.last_method"
    assert _count(session, OAuthAccount) == 1


def test_unlink_is_allowed_without_password_when_another_provider_remains(session):
    user = provider_sign_in(session)
    provider_sign_in(session, provider="yandex", subject="y-2")
    oauth.unlink(session=session, user_id=user.id, provider="google")
    assert [a.provider for a in oauth.linked_accounts(session=session, user_id=user.id)] == [
        "yandex"
    ]


def test_unlink_of_a_provider_that_is_not_linked_is_not_found(session):
    user = _password_account(session)
    with pytest.raises(NotFound):
        oauth.unlink(session=session, user_id=user.id, provider="vk")
