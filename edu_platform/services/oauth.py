"""Sign-in identities at external providers (Google, Yandex, VK ID, any OpenID Connect).

The rules for linking a provider's identity to an account live here, apart from the HTTP
exchange with the provider (services/oauth_clients.py), so they are tested without one:

- a known identity (provider + subject) signs into its account;
- an unknown identity whose email belongs to an account is linked to it only when the
  provider says the email is verified; otherwise the person must sign in with their
  password and link the provider from the account page (`link_identity`);
- when that account's own email was never verified, whoever registered it did not prove
  the address, and the provider's user just did: linking takes the account over
  (`_take_over_unverified`) - its password is cleared, its sessions, refresh tokens and
  other linked identities end, and the email counts as verified. Without this, a
  squatter who registered somebody's email first would keep a password into the
  account the real owner then uses (pre-account takeover);
- otherwise a new student account without a password is created (its email verified
  when the provider says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.i18n import LANGUAGES
from edu_platform.models import OAuthAccount, Role, User, utcnow
from edu_platform.services import password_reset
from edu_platform.services.accounts import find_user_by_email, get_user, normalise_email
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from edu_platform.services.users import add_new_user, mark_signed_in

PROVIDERS = ("google", "yandex", "vk", "oidc")


@dataclass
class LinkedAccount:
    """A linked sign-in method as the account page shows it."""

    provider: str
    email: str
    linked_at: datetime


def _check_provider(provider: str) -> None:
    if provider not in PROVIDERS:
        raise Invalid(f"unknown provider {provider}", field="provider")


def _check_subject(subject: str) -> str:
    subject = (subject or "").strip()
    if not subject or len(subject) > 255:
        raise Invalid("the provider sent no usable user id", message_key="oauth.error.failed")
    return subject


def _identity(session: Session, provider: str, subject: str) -> OAuthAccount | None:
    return session.scalar(
        select(OAuthAccount).where(
            OAuthAccount.provider == provider, OAuthAccount.subject == subject
        )
    )


def _require_active(user: User) -> User:
    if not user.is_active:
        raise Forbidden("account is blocked", message_key="accounts.blocked")
    return user


def _display_name(full_name: str | None, email: str) -> str:
    name = " ".join((full_name or "").split())[:200]
    return name or email.split("@", 1)[0][:200]


def _add_identity(
    session: Session, *, user_id: int, provider: str, subject: str, email: str | None
) -> None:
    """Insert the identity row; the unique (provider, subject) constraint decides races."""
    other_of_provider = session.scalar(
        select(OAuthAccount.id).where(
            OAuthAccount.user_id == user_id, OAuthAccount.provider == provider
        )
    )
    if other_of_provider is not None:
        raise Conflict(
            f"another {provider} identity is already linked to this account",
            message_key="oauth.error.other_identity_linked",
        )
    link = OAuthAccount(provider=provider, subject=subject, user_id=user_id, email=email)
    if not db.inserted(session, link):
        raise Conflict(
            "this identity is already linked to an account",
            message_key="oauth.error.identity_taken",
        )


def _take_over_unverified(session: Session, user: User) -> None:
    """The provider proved the address an unverified account was registered with: only
    the address's owner keeps access. The password is cleared, every browser session and
    API refresh token ends, identities linked so far are removed, outstanding reset links
    are spent, and the email is marked verified."""
    now = utcnow()
    user.password_hash = None
    user.email_verified_at = now
    session.add(user)
    for row in session.scalars(select(OAuthAccount).where(OAuthAccount.user_id == user.id)):
        session.delete(row)
    password_reset.end_old_credentials(session=session, user_id=user.id, now=now)
    session.flush()


def sign_in_with_oauth(
    *,
    session: Session,
    provider: str,
    subject: str,
    email: str | None,
    email_verified: bool,
    full_name: str | None,
    locale: str | None = None,
) -> User:
    """The account for a provider's identity: known, linked by verified email, or new.

    Raises Forbidden for a blocked account, Conflict when the email belongs to an account
    but is not verified by the provider, Invalid when a new account would have no email.
    Linking into an account whose email was never verified takes it over (module doc).
    """
    _check_provider(provider)
    subject = _check_subject(subject)
    known = _identity(session, provider, subject)
    if known is not None:
        user = _require_active(get_user(session=session, user_id=known.user_id))
        mark_signed_in(session, user, provider)
        return user

    if not email:
        raise Invalid(
            "the provider did not share an email address",
            message_key="oauth.error.email_missing",
            field="email",
        )
    email = normalise_email(email)
    existing = find_user_by_email(session=session, email=email)
    if existing is not None:
        if not email_verified:
            raise Conflict(
                "the email belongs to an account but the provider has not verified it",
                message_key="oauth.error.email_unverified",
                field="email",
            )
        user = _require_active(existing)
        if user.email_verified_at is None:
            _take_over_unverified(session, user)
    else:
        user = User(
            email=email,
            full_name=_display_name(full_name, email),
            password_hash=None,
            role=Role.STUDENT,
            locale=locale if locale in LANGUAGES else "ru",
            email_verified_at=utcnow() if email_verified else None,
        )
        # Someone registering this email a moment ago: the person tries again.
        retry = Conflict("the email was registered meanwhile", message_key="oauth.error.retry")
        add_new_user(session, user, taken_meanwhile=retry)
    _add_identity(session, user_id=user.id, provider=provider, subject=subject, email=email)
    mark_signed_in(session, user, provider)
    return user


def link_identity(
    *, session: Session, user_id: int, provider: str, subject: str, email: str | None
) -> None:
    """Link a provider's identity to the signed-in user (no email rule: they proved both).

    Linking an identity that is already this user's is a no-op; Conflict when it belongs to
    another account or the user already has another identity at this provider.
    """
    _check_provider(provider)
    subject = _check_subject(subject)
    user = _require_active(get_user(session=session, user_id=user_id))
    known = _identity(session, provider, subject)
    if known is not None:
        if known.user_id == user.id:
            return
        raise Conflict(
            "this identity is linked to another account",
            message_key="oauth.error.identity_taken",
        )
    clean_email = normalise_email(email) if email else None
    _add_identity(session, user_id=user.id, provider=provider, subject=subject, email=clean_email)


def linked_accounts(*, session: Session, user_id: int) -> list[LinkedAccount]:
    """The user's linked providers, oldest first."""
    rows = session.scalars(
        select(OAuthAccount)
        .where(OAuthAccount.user_id == user_id)
        .order_by(OAuthAccount.created_at, OAuthAccount.id)
    ).all()
    return [
        LinkedAccount(provider=row.provider, email=row.email or "", linked_at=row.created_at)
        for row in rows
    ]


def remove_identities(
    session: Session, user: User, rows: Sequence[OAuthAccount], *, others: int
) -> None:
    """Delete these linked identities of the user; Conflict when they are its last way to
    sign in (no password and `others`, the identities it keeps, is 0)."""
    if not user.password_hash and not others:
        raise Conflict(
            "this is the only way to sign in: set a password first",
            message_key="oauth.error.last_method",
        )
    for row in rows:
        session.delete(row)
    session.flush()


def unlink(*, session: Session, user_id: int, provider: str) -> None:
    """Remove the user's identity at `provider`.

    NotFound when none is linked; Conflict when it is the last way to sign in (no password
    and no other provider).
    """
    _check_provider(provider)
    user = get_user(session=session, user_id=user_id)
    rows = session.scalars(
        select(OAuthAccount).where(
            OAuthAccount.user_id == user_id, OAuthAccount.provider == provider
        )
    ).all()
    if not rows:
        raise NotFound(f"{provider} is not linked", message_key="oauth.error.not_linked")
    others = session.scalar(
        select(func.count(OAuthAccount.id)).where(
            OAuthAccount.user_id == user_id, OAuthAccount.provider != provider
        )
    )
    remove_identities(session, user, rows, others=others or 0)
