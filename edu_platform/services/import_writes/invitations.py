"""Invitations of the accounts a users import creates, when the admin asked for them at
upload (`import_job.invite`): each new account is mailed a link to set its password, in
the batch's own transaction. An import creates an account once (users are written on
their email), so a re-run of the file, or of a batch after a crash, invites nobody twice.

The link is a password-reset link with a week's lifetime: it opens the reset page, and
setting the password there spends it, as any reset link; so does changing the password
on the account page (account_area.change_password)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from edu_platform import routes
from edu_platform.models import PasswordReset, Role, User
from edu_platform.services import mail, mail_links
from edu_platform.services.import_writes.created_events import rows_by

INVITE_LINKS = mail_links.LinkKind(
    table=PasswordReset,
    lifetime=timedelta(days=7),
    page_url=routes.reset_url,
    messages="account.invite",
)


def invite_created_users(session: Session, emails: list[str], now: datetime) -> int:
    """Mail each account of `emails` (those the batch created) its link; how many.

    Admin accounts are not invited: a week-long link would open an admin account to
    whoever reads the mail first. They set their password through "Forgot your password?",
    whose link lasts an hour."""
    users = [
        user
        for user in rows_by(
            session, User, "email", emails, "id", "email", "full_name", "locale", "role"
        )
        if user.role != Role.ADMIN
    ]
    tokens = INVITE_LINKS.issue_many(session, user_ids=[user.id for user in users], now=now)
    days = INVITE_LINKS.lifetime.days
    mails = [
        INVITE_LINKS.user_mail(user, token, email=user.email, days=days)
        for user, token in zip(users, tokens, strict=True)
    ]
    mail.queue_mails(session=session, mails=mails)
    return len(mails)
