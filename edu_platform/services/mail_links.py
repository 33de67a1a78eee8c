"""One-time links mailed to a user (password reset, email verification).

A link is a random token; only its SHA-256 is stored, in a table of `MailedLink` rows
(`token_hash`, `user_id`, `created_at`, `expires_at`, `used_at`). A user gets three links of a
kind an hour at most (a "send again" button must not become a mail cannon), and using one
spends every outstanding link of that kind.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from edu_platform.models import User
from edu_platform.services import mail
from edu_platform.services.passwords import hash_token
from edu_platform.settings import settings

MAX_LINKS_PER_HOUR = 3


@dataclass(frozen=True)
class LinkKind:
    """One kind of mailed link: its table, how long a link works, the page it opens, and
    where the mail's texts are (`<messages>.mail_subject`, `.mail_body`)."""

    table: type[Any]
    lifetime: timedelta
    page_url: Callable[[str], str]
    messages: str
    max_per_hour: int = MAX_LINKS_PER_HOUR

    def issue(self, session: Session, *, user_id: int, now: datetime, **columns: Any) -> str | None:
        """A new link's token (its row stored with `columns`), or None when the user already
        got `max_per_hour` links of this kind in the hour before `now`."""
        recent = session.scalar(
            select(func.count(self.table.id)).where(
                self.table.user_id == user_id, self.table.created_at > now - timedelta(hours=1)
            )
        )
        if recent >= self.max_per_hour:
            return None
        return self.issue_many(session, user_ids=[user_id], now=now, **columns)[0]

    def issue_many(
        self, session: Session, *, user_ids: list[int], now: datetime, **columns: Any
    ) -> list[str]:
        """A new link's token for each of `user_ids`, in their order, stored in one
        statement with `columns` (no hourly count: `issue` does that for one user; a bulk
        write's accounts are new and have no links yet)."""
        tokens = [secrets.token_urlsafe(32) for _ in user_ids]
        if user_ids:
            session.execute(
                insert(self.table.__table__),
                [
                    {
                        "token_hash": hash_token(token),
                        "user_id": user_id,
                        "created_at": now,
                        "expires_at": now + self.lifetime,
                        **columns,
                    }
                    for user_id, token in zip(user_ids, tokens, strict=True)
                ],
            )
        return tokens

    def find(self, session: Session, token: str, *, lock: bool) -> Any | None:
        """The row of the link with this token, used or not (locked for update if asked)."""
        query = select(self.table).where(self.table.token_hash == hash_token(token))
        return session.scalar(query.with_for_update() if lock else query)

    def spend(self, session: Session, *, user_id: int, now: datetime) -> None:
        """Mark every unused link of this kind of the user used."""
        session.execute(
            update(self.table)
            .where(self.table.user_id == user_id, self.table.used_at.is_(None))
            .values(used_at=now)
        )

    def url(self, token: str) -> str:
        """The link a mail carries: the page that takes `token`, on the public site."""
        return settings.public_url.rstrip("/") + self.page_url(token)

    def user_mail(self, user: Any, token: str, **params: Any) -> mail.Mail:
        """The mail carrying the link to `user`, in their language (`params` fill the body)."""
        return mail.user_mail(
            user,
            f"{self.messages}.mail_subject",
            f"{self.messages}.mail_body",
            link=self.url(token),
            **params,
        )

    def mail(self, session: Session, *, user: User, token: str, **params: Any) -> int:
        """Queue the mail carrying the link; the outbox id (`params` fill the body)."""
        return mail.queue_mails(session=session, mails=[self.user_mail(user, token, **params)])[0]

    @property
    def lifetime_hours(self) -> int:
        """The lifetime in whole hours, as a mail states it."""
        return int(self.lifetime.total_seconds() // 3600)
