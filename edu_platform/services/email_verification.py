"""Email verification: a one-time link mailed at registration, valid for two days.

Only the SHA-256 of a token is stored, with the address it was mailed to: a link stops
working once used, once expired, or when the account's email is no longer that address.
An unverified account can sign in and learn; what it cannot do is keep its password when
someone proves the address through an OAuth provider (services/oauth.py): that is how a
squatter who registered somebody else's email loses the account to its real owner.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from edu_platform import routes
from edu_platform.models import EmailVerification, User, utcnow
from edu_platform.services import mail_links, users
from edu_platform.services.errors import Invalid, RateLimited

VERIFICATION_LINKS = mail_links.LinkKind(
    table=EmailVerification,
    lifetime=timedelta(hours=48),
    page_url=routes.verify_email_url,
    messages="verify_email",
)


def is_verified(user: User) -> bool:
    return user.email_verified_at is not None


def mark_verified(user: User) -> None:
    """Record that the address is proven (no-op when it already is)."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()


def send_link(*, session: Session, user_id: int) -> int | None:
    """Mail a verification link to the user's address; the outbox id of the mail.

    None when the address is already verified. RateLimited after three links in an hour
    (the account page offers "send again", which must not become a mail cannon).
    """
    user = users.get_user(session=session, user_id=user_id)
    if is_verified(user):
        return None
    assert user.id is not None  # a stored row has its id
    token = VERIFICATION_LINKS.issue(session, user_id=user.id, now=utcnow(), email=user.email)
    if token is None:
        raise RateLimited(
            "too many verification mails, try again in an hour",
            message_key="verify_email.too_many",
        )
    return VERIFICATION_LINKS.mail(
        session, user=user, token=token, hours=VERIFICATION_LINKS.lifetime_hours
    )


def verify(*, session: Session, token: str) -> int:
    """Mark the email of the link's account verified; gives the user id.

    Invalid(field='token') for an unknown, used or expired link, or one mailed to an
    address the account no longer has. Spends every outstanding link of the user.
    """
    row = VERIFICATION_LINKS.find(session, str(token or "")[:200], lock=True)
    now = utcnow()
    user = session.get(User, row.user_id) if row is not None else None
    if (
        row is None
        or row.used_at is not None
        or row.expires_at <= now
        or user is None
        or user.email != row.email
    ):
        raise Invalid(
            "verification link is invalid, expired or already used",
            message_key="verify_email.link_invalid",
            field="token",
        )
    mark_verified(user)
    session.add(user)
    assert user.id is not None  # a stored row has its id
    VERIFICATION_LINKS.spend(session, user_id=user.id, now=now)
    session.flush()
    return user.id


def verification_status(*, session: Session, user_id: int) -> bool:
    """True when the user's email is verified."""
    return is_verified(users.get_user(session=session, user_id=user_id))
