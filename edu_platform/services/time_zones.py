"""A person's time zone: chosen in the profile, or taken from the browser the first time.

Times are stored in UTC; pages show them in the viewer's zone (i18n.format_time_range) and
teachers type session times in theirs (i18n.local_to_utc).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy.orm import Session

from edu_platform.i18n import LANGUAGES, format_time_range, time_zone_or_none
from edu_platform.models import User
from edu_platform.services.errors import Invalid, NotFound

Timed = TypeVar("Timed")


def with_times(rows: Sequence[Timed], zone: str | None) -> list[Timed]:
    """Copies of `rows` (dataclasses with starts_at, ends_at, when_labels) with their times
    written in `zone` for each UI language (UTC when the zone is unknown)."""
    return [
        dataclasses.replace(
            row,
            when_labels={
                lang: format_time_range(row.starts_at, row.ends_at, zone, lang)
                for lang in LANGUAGES
            },
        )
        for row in rows
    ]


def _user(session: Session, user_id: int | None) -> User:
    user = session.get(User, user_id) if user_id else None
    if user is None:
        raise NotFound("user not found", message_key="error.not_found")
    return user


def set_time_zone(*, session: Session, user_id: int, time_zone: str) -> str:
    """Store the caller's zone (an IANA name; "" clears it: the browser's is used again);
    Invalid naming `time_zone` otherwise."""
    name = (time_zone or "").strip()
    if name == "":
        user = _user(session, user_id)
        user.time_zone = None
        session.add(user)
        session.flush()
        return ""
    if time_zone_or_none(name) is None:
        raise Invalid(
            f"unknown time zone {name[:64]!r}",
            message_key="teacher.error.time_zone",
            field="time_zone",
        )
    user = _user(session, user_id)
    user.time_zone = name
    session.add(user)
    session.flush()
    return name


def viewer_zone(*, session: Session, user_id: int | None, reported: str = "") -> str:
    """The zone to show times in: the profile's, else the browser's (``reported``).

    A signed-in person whose profile has no zone yet gets the browser's stored, once.
    "" when neither is known (pages then show UTC and say so).
    """
    browser = reported if time_zone_or_none(reported) is not None else ""
    if not user_id:
        return browser
    user = session.get(User, user_id)
    if user is None:
        return browser
    if user.time_zone and time_zone_or_none(user.time_zone) is not None:
        return user.time_zone
    if browser:
        user.time_zone = browser
        session.add(user)
        session.flush()
    return browser
