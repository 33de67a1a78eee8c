"""Accounts: registration, password sign-in with lockout, profile and role rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.i18n import LANGUAGES
from edu_platform.models import LoginAttempt, Role, User, utcnow
from edu_platform.services import events, media, passwords
from edu_platform.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    Unauthorized,
)

T = TypeVar("T")

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5

# The most common passwords of at least 8 characters (the short ones fail the length rule).
COMMON_PASSWORDS = frozenset(
    """
    password password1 password12 password123 password1234 12345678 123456789 1234567890
    123123123 11111111 00000000 87654321 qwertyui qwerty123 qwerty12 qwertyuiop 1q2w3e4r
    1q2w3e4r5t 1qaz2wsx zaq12wsx iloveyou princess sunshine football baseball welcome1
    welcome123 abc12345 abcd1234 admin123 administrator letmein1 trustno1 superman
    starwars michael1 computer internet whatever passw0rd p@ssw0rd p@ssword qwer1234
    asdfghjk asdf1234 zxcvbnm1 monkey123 dragon123 master123 changeme12 default1
    йцукенгш пароль123 пароль12345 qwerty1234 123qweasd 1234qwer q1w2e3r4 a1b2c3d4
    """.split()
)


@dataclass
class CurrentUser:
    """Who is signed in, as pages may show it (no hash, no token)."""

    id: int
    email: str
    full_name: str
    role: str
    locale: str
    avatar_url: str

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_teacher(self) -> bool:
        return self.role in (Role.TEACHER, Role.ADMIN)


def to_current_user(user: User) -> CurrentUser:
    return CurrentUser(
        id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=user.role,
        locale=user.locale,
        avatar_url=media.public_url(user.avatar) if user.avatar else "",
    )


# --- validation -----------------------------------------------------------------------


def normalise_email(email: str) -> str:
    """The email in canonical form; Invalid(field='email') when it is malformed."""
    try:
        result = validate_email((email or "").strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise Invalid(str(error), message_key="accounts.email_invalid", field="email") from error
    return result.normalized.lower()


def check_password_strength(password: str) -> None:
    """Invalid(field='password') for a short, overlong or common password."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise Invalid(
            f"password must be at least {MIN_PASSWORD_LENGTH} characters",
            message_key="accounts.password_short",
            field="password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise Invalid(
            "password is too long", message_key="accounts.password_long", field="password"
        )
    if password.lower() in COMMON_PASSWORDS:
        raise Invalid(
            "password is too common", message_key="accounts.password_common", field="password"
        )


def check_full_name(full_name: str) -> str:
    name = " ".join((full_name or "").split())
    if not name:
        raise Invalid(
            "full_name is required", message_key="accounts.name_required", field="full_name"
        )
    if len(name) > 200:
        raise Invalid("full_name is too long", message_key="accounts.name_long", field="full_name")
    return name


def find_user_by_email(*, session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


# --- registration and sign-in -----------------------------------------------------------


def register(
    *,
    session: Session,
    email: str,
    password: str,
    full_name: str,
    locale: str = "ru",
    role: str = Role.STUDENT,
) -> User:
    """A new active account; Conflict(field='email') when the email is taken."""
    email = normalise_email(email)
    name = check_full_name(full_name)
    check_password_strength(password)
    if role not in {r.value for r in Role}:
        raise Invalid(f"unknown role {role}", field="role")
    if find_user_by_email(session=session, email=email) is not None:
        raise Conflict(
            "email is already registered", message_key="accounts.email_taken", field="email"
        )
    user = User(
        email=email,
        full_name=name,
        password_hash=passwords.hash_password(password),
        role=role,
        locale=locale if locale in LANGUAGES else "ru",
    )
    session.add(user)
    session.flush()
    events.user_created(session, user)
    return user


class LoginLimiter:
    """Counts failed sign-ins per account and per IP over a sliding 15-minute window.

    Redis when configured (shared by every app replica), the login_attempt table otherwise.
    """

    def __init__(self, session: Session):
        self.session = session
        from edu_platform.jobs import redis_connection

        self.redis = redis_connection()

    def _keys(self, email: str, ip: str | None) -> list[str]:
        keys = [f"login-fail:email:{email}"]
        if ip:
            keys.append(f"login-fail:ip:{ip}")
        return keys

    def is_locked(self, email: str, ip: str | None) -> bool:
        if self.redis is not None:
            counts = self.redis.mget(self._keys(email, ip))
            return any(int(count or 0) >= MAX_FAILURES for count in counts)
        since = utcnow() - LOCK_WINDOW
        failures = select(func.count(LoginAttempt.id)).where(
            LoginAttempt.success.is_(False), LoginAttempt.at >= since
        )
        by_email = self.session.scalar(failures.where(LoginAttempt.email == email))
        by_ip = self.session.scalar(failures.where(LoginAttempt.ip == ip)) if ip else 0
        return max(by_email, by_ip) >= MAX_FAILURES

    def record(self, email: str, ip: str | None, success: bool) -> None:
        self.session.add(LoginAttempt(email=email[:254], ip=ip, success=success))
        if self.redis is not None and not success:
            pipe = self.redis.pipeline()
            for key in self._keys(email, ip):
                pipe.incr(key)
                pipe.expire(key, int(LOCK_WINDOW.total_seconds()), nx=True)
            pipe.execute()


def authenticate(*, session: Session, email: str, password: str, ip: str | None = None) -> User:
    """The user whose email and password match.

    Raises RateLimited after 5 failures for the account or the IP within 15 minutes,
    Unauthorized for a wrong pair (an unknown email costs one argon2 check too) and
    Forbidden for a blocked account. Failures are recorded by `sign_in_with_password`,
    in a transaction of their own, since this one rolls back.
    """
    email = (email or "").strip().lower()
    limiter = LoginLimiter(session)
    if limiter.is_locked(email, ip):
        raise RateLimited(
            "too many failed sign-ins, try again later", message_key="accounts.locked"
        )
    user = find_user_by_email(session=session, email=email) if email else None
    ok = passwords.verify_password(password or "", user.password_hash if user else None)
    if not ok or user is None:
        raise Unauthorized("wrong email or password", message_key="accounts.wrong_credentials")
    if not user.is_active:
        raise Forbidden("account is blocked", message_key="accounts.blocked")
    limiter.record(email, ip, success=True)
    user.last_login_at = utcnow()
    session.add(user)
    events.user_logged_in(session, user, "password")
    return user


def record_failed_attempt(*, session: Session, email: str, ip: str | None) -> None:
    LoginLimiter(session).record((email or "").strip().lower(), ip, success=False)


def sign_in_with_password(
    then: Callable[..., T], /, *, email: str, password: str, ip: str | None, **kwargs: Any
) -> T:
    """Authenticate and call `then(session=, user=, **kwargs)` in one transaction.

    Both front doors use this: the API issues tokens, the UI creates a sign-in ticket. A
    failed attempt is committed separately so the lockout counts it.
    """

    def authenticate_then(*, session: Session) -> T:
        user = authenticate(session=session, email=email, password=password, ip=ip)
        return then(session=session, user=user, **kwargs)

    try:
        return db.run_sync(authenticate_then)
    except (Unauthorized, Forbidden):
        db.run_sync(record_failed_attempt, email=email, ip=ip)
        raise


# --- profile --------------------------------------------------------------------------


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} does not exist")
    return user


def update_profile(
    *, session: Session, user_id: int, full_name: str | None = None, locale: str | None = None
) -> CurrentUser:
    """Change the caller's own name and interface language."""
    user = get_user(session=session, user_id=user_id)
    if full_name is not None:
        user.full_name = check_full_name(full_name)
    if locale is not None:
        if locale not in LANGUAGES:
            raise Invalid(f"unknown language {locale}", field="locale")
        user.locale = locale
    session.add(user)
    session.flush()
    return to_current_user(user)


def change_password(
    *, session: Session, user_id: int, current_password: str, new_password: str
) -> None:
    """Set a new password after checking the current one (accounts without one skip that)."""
    user = get_user(session=session, user_id=user_id)
    if user.password_hash and not passwords.verify_password(
        current_password or "", user.password_hash
    ):
        raise Invalid(
            "current password is wrong",
            message_key="accounts.current_password_wrong",
            field="current_password",
        )
    check_password_strength(new_password)
    user.password_hash = passwords.hash_password(new_password)
    session.add(user)


def require_role(*, session: Session, user_id: int | None, roles: tuple[str, ...]) -> User:
    """The acting user when their role is one of `roles`; Forbidden otherwise."""
    if user_id is None:
        raise Forbidden("sign in first", message_key="error.unauthorized")
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.role not in roles:
        raise Forbidden("this needs the role " + " or ".join(roles))
    return user


def require_admin(*, session: Session, user_id: int | None) -> User:
    return require_role(session=session, user_id=user_id, roles=(Role.ADMIN,))


def active_user(*, session: Session, user_id: int) -> CurrentUser:
    """The caller as a display record; Unauthorized when the account is gone or blocked."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise Unauthorized("account is not active")
    return to_current_user(user)
