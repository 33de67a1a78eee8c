"""Sign-in from the Telegram WebApp by its `initData` signature (API.md "Telegram WebApp").

Telegram hands the WebApp `initData`, a query string signed by the bot: `hash` is hex
HMAC-SHA256(key, data_check_string) where key = HMAC-SHA256("WebAppData", bot token) and
data_check_string is every other field as `name=value`, sorted by name, joined by "\\n".
A valid string at most 24 hours old signs into the account linked to that Telegram user
(an OAuthAccount with provider "telegram"), creating a student on first use.

Linking from the account page: `link_code` makes a short-lived code bound to the account
(signed with SECRET_KEY, usable as Telegram's `startapp` parameter); the WebApp sends it
back (or Telegram does, as `start_param` inside the signed initData) and the Telegram
user is linked to that account instead of getting a new one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.i18n import LANGUAGES
from edu_platform.models import OAuthAccount, Role, User
from edu_platform.services.accounts import get_user
from edu_platform.services.errors import Conflict, DomainError, Forbidden, NotFound
from edu_platform.services.oauth import remove_identities
from edu_platform.services.users import add_new_user, mark_signed_in
from edu_platform.settings import settings

PROVIDER = "telegram"
MAX_AGE_SECONDS = 24 * 3600
CLOCK_SKEW_SECONDS = 300
LINK_CODE_SECONDS = 15 * 60
MAX_INIT_DATA = 4096
# New accounts need a unique address; this reserved domain (RFC 2606) never receives mail.
EMAIL_DOMAIN = "telegram.invalid"


class TelegramAuthFailed(
    DomainError, status=401, code="unauthorized", default_key="telegram.error.bad_signature"
):
    """The login widget's signature does not check out."""


@dataclass(frozen=True)
class TelegramUser:
    id: int
    first_name: str
    last_name: str
    username: str
    language_code: str
    start_param: str

    @property
    def full_name(self) -> str:
        name = " ".join(f"{self.first_name} {self.last_name}".split())
        return (name or self.username or f"Telegram {self.id}")[:200]


def enabled() -> bool:
    return bool(settings.telegram_bot_token.strip())


def require_enabled() -> str:
    """The bot token; NotFound when Telegram sign-in is not configured."""
    token = settings.telegram_bot_token.strip()
    if not token:
        raise NotFound("Telegram sign-in is not configured", message_key="telegram.error.off")
    return token


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """`fields` as an initData string with its `hash` (what Telegram does; tests use it)."""
    from urllib.parse import urlencode

    check = "\n".join(f"{name}={fields[name]}" for name in sorted(fields))
    key = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    digest = hmac.new(key, check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def verify_init_data(init_data: str, *, now: float | None = None) -> TelegramUser:
    """The Telegram user of a valid initData; TelegramAuthFailed (401) otherwise."""
    bot_token = require_enabled()
    if not init_data or len(init_data) > MAX_INIT_DATA:
        raise TelegramAuthFailed("init_data is missing or too long")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise TelegramAuthFailed("init_data is not a query string") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise TelegramAuthFailed("init_data repeats a field")
    received = fields.pop("hash", "")
    check = "\n".join(f"{name}={fields[name]}" for name in sorted(fields))
    key = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, check.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, received.lower()):
        raise TelegramAuthFailed("init_data signature does not match")
    try:
        auth_date = int(fields.get("auth_date", ""))
    except ValueError:
        raise TelegramAuthFailed("init_data has no auth_date") from None
    current = time.time() if now is None else now
    if current - auth_date > MAX_AGE_SECONDS or auth_date - current > CLOCK_SKEW_SECONDS:
        raise TelegramAuthFailed(
            "init_data is older than 24 hours", message_key="telegram.error.expired"
        )
    try:
        user = json.loads(fields.get("user", ""))
        user_id = int(user["id"])
    except (ValueError, TypeError, KeyError):
        raise TelegramAuthFailed("init_data has no user") from None
    if user_id <= 0:
        raise TelegramAuthFailed("init_data has no user")
    return TelegramUser(
        id=user_id,
        first_name=str(user.get("first_name") or ""),
        last_name=str(user.get("last_name") or ""),
        username=str(user.get("username") or ""),
        language_code=str(user.get("language_code") or ""),
        start_param=fields.get("start_param", ""),
    )


# --- link codes ---------------------------------------------------------------------------


def _code_mac(user_id: int, expires: int) -> str:
    key = hmac.new(settings.secret_key.encode(), b"edu_platform/telegram-link", "sha256").digest()
    return hmac.new(key, f"{user_id}.{expires}".encode(), hashlib.sha256).hexdigest()[:32]


def link_code(*, user_id: int, now: float | None = None) -> str:
    """A code (Telegram `startapp`-safe: letters, digits, _) linking to `user_id`."""
    expires = int(time.time() if now is None else now) + LINK_CODE_SECONDS
    return f"L{user_id}_{expires}_{_code_mac(user_id, expires)}"


def read_link_code(code: str, *, now: float | None = None) -> int | None:
    """The account id of a valid, unexpired code; None otherwise."""
    parts = (code or "").removeprefix("L").split("_")
    if not code.startswith("L") or len(parts) != 3:
        return None
    try:
        user_id, expires = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    if not hmac.compare_digest(_code_mac(user_id, expires), parts[2]):
        return None
    return user_id if expires > (time.time() if now is None else now) else None


def link_url(code: str) -> str:
    """Where the account page sends the person to link: the bot's WebApp when its names are
    set (Telegram passes the code as start_param), else this site's /tg page."""
    bot = settings.telegram_bot_username.strip().lstrip("@")
    app = settings.telegram_webapp_name.strip()
    if bot and app:
        return f"https://t.me/{bot}/{app}?startapp={code}"
    return f"{settings.public_url.rstrip('/')}/tg?link={code}"


# --- accounts -------------------------------------------------------------------------------


def _identity(session: Session, telegram_id: int) -> OAuthAccount | None:
    return session.scalar(
        select(OAuthAccount).where(
            OAuthAccount.provider == PROVIDER, OAuthAccount.subject == str(telegram_id)
        )
    )


def _active(user: User) -> User:
    if not user.is_active:
        raise Forbidden("account is blocked", message_key="accounts.blocked")
    return user


def _link(session: Session, user: User, tg: TelegramUser) -> None:
    other = session.scalar(
        select(OAuthAccount.id).where(
            OAuthAccount.user_id == user.id, OAuthAccount.provider == PROVIDER
        )
    )
    if other is not None:
        raise Conflict(
            "another Telegram account is linked to this account",
            message_key="telegram.error.other_linked",
        )
    if not db.inserted(
        session, OAuthAccount(provider=PROVIDER, subject=str(tg.id), user_id=user.id)
    ):
        raise Conflict(
            "this Telegram account is linked to another account",
            message_key="telegram.error.taken",
        )


def sign_in(*, session: Session, init_data: str, link: str = "", locale: str | None = None) -> User:
    """The account for a valid initData: linked, linked now (by a link code), or new."""
    tg = verify_init_data(init_data)
    code = link or tg.start_param
    link_user_id = read_link_code(code) if code else None
    known = _identity(session, tg.id)
    if known is not None:
        if link_user_id is not None and known.user_id != link_user_id:
            raise Conflict(
                "this Telegram account is linked to another account",
                message_key="telegram.error.taken",
            )
        user = _active(get_user(session=session, user_id=known.user_id))
    elif link_user_id is not None:
        user = _active(get_user(session=session, user_id=link_user_id))
        _link(session, user, tg)
    else:
        language = (tg.language_code or "")[:2]
        user = User(
            email=f"tg{tg.id}@{EMAIL_DOMAIN}",
            full_name=tg.full_name,
            password_hash=None,
            role=Role.STUDENT,
            locale=language if language in LANGUAGES else (locale or "ru"),
        )
        retry = Conflict("signed in meanwhile: try again", message_key="telegram.error.retry")
        add_new_user(session, user, taken_meanwhile=retry)
        _link(session, user, tg)
    mark_signed_in(session, user, PROVIDER)
    return user


def linked_telegram(*, session: Session, user_id: int) -> str:
    """The Telegram user id linked to the account, or ""."""
    return (
        session.scalar(
            select(OAuthAccount.subject).where(
                OAuthAccount.user_id == user_id, OAuthAccount.provider == PROVIDER
            )
        )
        or ""
    )


def unlink(*, session: Session, user_id: int) -> None:
    """Remove the linked Telegram account; Conflict when it is the only way to sign in."""
    user = get_user(session=session, user_id=user_id)
    rows = session.scalars(select(OAuthAccount).where(OAuthAccount.user_id == user_id)).all()
    mine = [row for row in rows if row.provider == PROVIDER]
    if not mine:
        raise NotFound("Telegram is not linked", message_key="telegram.error.not_linked")
    remove_identities(session, user, mine, others=len(rows) - len(mine))
