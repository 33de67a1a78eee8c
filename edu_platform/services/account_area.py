"""The personal account area: profile and avatar, security (password, sessions) and the
learner dashboard (courses and certificates from services/my_learning.py, notifications).
Linked sign-in methods are services/oauth.py's (`linked_accounts`, `unlink`).

Every function takes the verified id of the caller and touches only that user's rows.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from PIL import Image, ImageOps
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from edu_platform.db import call_after_commit
from edu_platform.i18n import datetime_labels
from edu_platform.models import (
    AuthSession,
    Notification,
    utcnow,
)
from edu_platform.services import accounts, media, paging, password_reset, sessions, tokens
from edu_platform.services.errors import Invalid, NotFound
from edu_platform.services.my_learning import (  # the learner's lists live there
    MyCertificate,
    MyCourse,
    my_certificates,
    my_courses,
)
from edu_platform.services.notifications import (
    NotificationOut,
    list_notifications,
)
from edu_platform.settings import settings

AVATAR_SIZE = 256
AVATAR_DIR = "avatars"
AVATAR_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})
# Refuse decompression bombs before decoding: a small file may declare a huge canvas.
MAX_AVATAR_PIXELS = 40_000_000
DASHBOARD_NOTIFICATIONS = 10


def _datetime(value: datetime | None) -> dict[str, str]:
    return datetime_labels(value)


# --- profile ------------------------------------------------------------------------------


@dataclass
class Profile:
    email: str
    full_name: str
    locale: str
    avatar_url: str
    has_password: bool
    email_verified: bool = True


def profile(*, session: Session, user_id: int) -> Profile:
    user = accounts.get_user(session=session, user_id=user_id)
    return Profile(
        email=user.email,
        full_name=user.full_name,
        locale=user.locale,
        avatar_url=media.public_url(user.avatar) if user.avatar else "",
        has_password=bool(user.password_hash),
        email_verified=user.email_verified_at is not None,
    )


def max_avatar_bytes() -> int:
    return settings.max_avatar_mb * 1024 * 1024


def _avatar_invalid() -> Invalid:
    return Invalid(
        "the avatar must be a PNG, JPEG or WebP image",
        message_key="account.avatar.invalid",
        field="avatar",
    )


def _square_avatar(data: bytes) -> Image.Image:
    """The uploaded image cropped and scaled to AVATAR_SIZE square; Invalid if it is not one."""
    if len(data) > max_avatar_bytes():
        raise Invalid(
            "the avatar file is too large",
            message_key="account.avatar.too_large",
            field="avatar",
        )
    image = media.open_image(data, AVATAR_FORMATS, MAX_AVATAR_PIXELS, _avatar_invalid())
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    return ImageOps.fit(image, (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)


def set_avatar(*, session: Session, user_id: int, data: bytes) -> str:
    """Store a new avatar for the caller and give its URL.

    The image is checked by its content (PNG, JPEG or WebP, at most max_avatar_mb),
    resized to 256x256 and saved as PNG under a random name; the previous file is
    deleted once the change commits.
    """
    user = accounts.get_user(session=session, user_id=user_id)
    avatar = _square_avatar(data)
    folder = media.media_root() / AVATAR_DIR
    folder.mkdir(parents=True, exist_ok=True)
    relative = f"{AVATAR_DIR}/{secrets.token_hex(16)}.png"
    avatar.save(media.media_root() / relative, format="PNG", optimize=True)
    previous = user.avatar
    user.avatar = relative
    session.add(user)
    session.flush()
    if previous and previous.startswith(f"{AVATAR_DIR}/"):
        call_after_commit(session, lambda: media.delete(previous))
    return media.public_url(relative)


def remove_avatar(*, session: Session, user_id: int) -> None:
    user = accounts.get_user(session=session, user_id=user_id)
    previous = user.avatar
    if not previous:
        return
    user.avatar = None
    session.add(user)
    session.flush()
    if previous.startswith(f"{AVATAR_DIR}/"):
        call_after_commit(session, lambda: media.delete(previous))


# --- security -----------------------------------------------------------------------------


@dataclass
class ActiveSession:
    id: int
    created: dict[str, str]  # per UI language
    last_seen: dict[str, str]
    device: str
    ip: str
    is_current: bool


_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("YaBrowser/", "Yandex Browser"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_user_agent(user_agent: str | None) -> str:
    """'Chrome · Linux' from a User-Agent header; the raw start of it when unknown."""
    agent = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in agent), "")
    if "HeadlessChrome/" in agent:
        browser = "Chrome (headless)"
    if browser or system:
        return " · ".join(part for part in (browser, system) if part)
    return re.sub(r"\s+", " ", agent)[:60]


def _active_sessions_query(user_id: int):
    return select(AuthSession).where(
        AuthSession.user_id == user_id,
        AuthSession.activated_at.is_not(None),
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > utcnow(),
    )


def active_sessions(
    *, session: Session, user_id: int, current_token: str | None
) -> list[ActiveSession]:
    """The caller's signed-in browsers, most recently seen first; `is_current` marks the
    one whose cookie is `current_token`."""
    current_hash = sessions.hash_token(current_token) if current_token else None
    rows = session.scalars(
        _active_sessions_query(user_id).order_by(
            AuthSession.last_seen_at.desc(), AuthSession.id.desc()
        )
    ).all()
    return [
        ActiveSession(
            id=row.id,
            created=_datetime(row.created_at),
            last_seen=_datetime(row.last_seen_at),
            device=describe_user_agent(row.user_agent),
            ip=row.ip or "",
            is_current=row.token_hash == current_hash,
        )
        for row in rows
    ]


def end_own_session(
    *, session: Session, user_id: int, session_id: int, current_token: str | None
) -> bool:
    """Sign out one of the caller's sessions; True when it was the current browser's.

    NotFound for a session that is not the caller's (or not active).
    """
    row = session.scalar(_active_sessions_query(user_id).where(AuthSession.id == session_id))
    if row is None:
        raise NotFound(f"session {session_id} not found")
    row.revoked_at = utcnow()
    session.add(row)
    return bool(current_token) and row.token_hash == sessions.hash_token(current_token)


def sign_out_everywhere(*, session: Session, user_id: int) -> int:
    """End every browser session (this one too) and revoke API refresh tokens."""
    ended = sessions.end_all_sessions(session=session, user_id=user_id)
    tokens.revoke_all_for_user(session=session, user_id=user_id)
    return ended


def change_password(
    *,
    session: Session,
    user_id: int,
    current_password: str,
    new_password: str,
    current_token: str | None,
) -> None:
    """Change the caller's password; their other sessions, API tokens and unused reset or
    invitation links stop working."""
    accounts.change_password(
        session=session,
        user_id=user_id,
        current_password=current_password,
        new_password=new_password,
    )
    password_reset.RESET_LINKS.spend(session, user_id=user_id, now=utcnow())
    keep = sessions.hash_token(current_token) if current_token else ""
    session.execute(
        update(AuthSession)
        .where(
            AuthSession.user_id == user_id,
            AuthSession.revoked_at.is_(None),
            AuthSession.token_hash != keep,
        )
        .values(revoked_at=utcnow())
    )
    tokens.revoke_all_for_user(session=session, user_id=user_id)


# --- dashboard ----------------------------------------------------------------------------


@dataclass
class NotificationItem:
    id: int
    title: str
    body: str
    link: str
    created: dict[str, str]  # per UI language
    unread: bool


@dataclass
class Dashboard:
    courses: list[MyCourse]
    certificates: list[MyCertificate]
    notifications: list[NotificationItem]
    unread_count: int


@dataclass
class NotificationPage(paging.Page[NotificationItem]):
    unread_count: int = 0


def _notification(row: NotificationOut) -> NotificationItem:
    return NotificationItem(
        id=row.id,
        title=row.title,
        body=row.body,
        link=row.link or "",
        created=_datetime(row.created_at),
        unread=row.read_at is None,
    )


def notifications(
    *, session: Session, user_id: int, page: int = 1, per_page: int = 20, lang: str | None = None
) -> NotificationPage:
    """The caller's notifications, newest first, one page of them, in `lang` (the page's)."""
    found = list_notifications(
        session=session, user_id=user_id, page=page, per_page=per_page, lang=lang
    )
    return NotificationPage(
        [_notification(row) for row in found.items],
        found.total,
        found.page,
        found.per_page,
        unread_count=found.unread,
    )


def mark_all_notifications_read(*, session: Session, user_id: int) -> int:
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0


def dashboard(*, session: Session, user_id: int, lang: str | None = None) -> Dashboard:
    """Everything /my shows: courses, certificates, the latest notifications (in `lang`)."""
    latest = notifications(
        session=session, user_id=user_id, per_page=DASHBOARD_NOTIFICATIONS, lang=lang
    )
    return Dashboard(
        courses=my_courses(session=session, user_id=user_id),
        certificates=my_certificates(session=session, user_id=user_id),
        notifications=latest.items,
        unread_count=latest.unread_count,
    )
