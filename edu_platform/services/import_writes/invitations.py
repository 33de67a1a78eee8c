"""Invitations of the accounts a users import creates, when the admin asked for them at
upload (`import_job.invite`): each new account is mailed a link to set its password, in
the batch's own transaction. An import creates an account once (users are written on
their email), so a re-run of the file, or of a batch after a crash, invites nobody twice.

The link is a password-reset link with a week's lifetime: it opens the reset page, and
setting the password there spends it, as any reset link."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from edu_platform import routes
from edu_platform.models import PasswordReset, User
from edu_platform.services import mail, mail_links
from edu_platform.services.import_writes.created_events import _rows_by
from edu_platform.settings import settings

INVITE_LINKS = mail_links.LinkKind(
    table=PasswordReset,
    lifetime=timedelta(days=7),
    page_url=routes.reset_url,
    messages="account.invite",
)


def invite_created_users(session: Session, emails: list[str], now: datetime) -> int:
    """Mail each account of `emails` (those the batch created) its link; how many."""
    users = _rows_by(session, User, "email", emails, "id", "email", "full_name", "locale")
    tokens = INVITE_LINKS.issue_many(session, user_ids=[user.id for user in users], now=now)
    site = settings.public_url.rstrip("/")
    days = INVITE_LINKS.lifetime.days
    mails = [
        mail.user_mail(
            user,
            f"{INVITE_LINKS.messages}.mail_subject",
            f"{INVITE_LINKS.messages}.mail_body",
            link=site + INVITE_LINKS.page_url(token),
            email=user.email,
            days=days,
        )
        for user, token in zip(users, tokens, strict=True)
    ]
    mail.queue_mails(session=session, mails=mails)
    return len(mails)
