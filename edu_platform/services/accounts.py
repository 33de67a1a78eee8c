"""Accounts: registration, password sign-in with lockout, profile and role rules."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from email_validator import EmailNotValidError, validate_email
from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.audit import acting_as
from edu_platform.i18n import LANGUAGES
from edu_platform.models import LoginAttempt, Role, User, utcnow
from edu_platform.services import email_verification, events, media, passwords, rate_limit
from edu_platform.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    RateLimited,
    Unauthorized,
)
from edu_platform.services.plain_text import one_line
from edu_platform.services.records import record_from
from edu_platform.services.users import find_user_by_email, get_user

T = TypeVar("T")

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5  # per account, from any address
ACCOUNT_ADDRESS_MAX_FAILURES = 5  # per account from one address
# Per address, counted only when it sprays this many distinct accounts. High enough that a
# classroom, an office or one test runner behind one address, getting passwords wrong
# now and then, is never refused as a whole (each account still locks after 5).
SPRAY_MAX_FAILURES = 100
SPRAY_MIN_ACCOUNTS = 20

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
    return record_from(
        CurrentUser, user, avatar_url=media.public_url(user.avatar) if user.avatar else ""
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
    """The name as stored: control characters (C0, DEL, C1; PostgreSQL holds no NUL) and
    runs of white space made one space."""
    name = one_line(full_name)
    if not name:
        raise Invalid(
            "full_name is required", message_key="accounts.name_required", field="full_name"
        )
    if len(name) > 200:
        raise Invalid("full_name is too long", message_key="accounts.name_long", field="full_name")
    return name


# --- registration and sign-in -----------------------------------------------------------


def register(
    *,
    session: Session,
    email: str,
    password: str,
    full_name: str,
    locale: str = "ru",
    role: str = Role.STUDENT,
    verified: bool = False,
    ip: str | None = None,
) -> User:
    """A new active account; Conflict(field='email') when the email is taken.

    Self-registration (verified=False) mails a verification link in the same transaction;
    accounts an operator creates (verified=True) start with the email verified.
    Self-registration also passes the caller's `ip`: RateLimited past
    `rate_limit.REGISTRATION` attempts from one address (admin tools and imports do not).
    """
    rate_limit.hit(rate_limit.REGISTRATION, ip)
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
        email_verified_at=utcnow() if verified else None,
    )
    session.add(user)
    session.flush()
    if not verified:
        email_verification.send_link(session=session, user_id=user.id)
    events.user_created(session, user)
    return user


class LoginLimiter:
    """Counts failed sign-ins over a 15-minute window, so that one address never locks
    out the other accounts behind it (a school or an office shares one NAT address).

    - per account (any address): MAX_FAILURES → that account is locked (a right
      password gets 429 too), other accounts are not;
    - per account and address: ACCOUNT_ADDRESS_MAX_FAILURES → that account is locked
      for that address (kept apart from the per-account count so that one can be
      raised without loosening the guess limit per address);
    - per address only for sprays: SPRAY_MAX_FAILURES failures across at least
      SPRAY_MIN_ACCOUNTS distinct accounts → every sign-in from that address is refused.

    Redis when configured (shared by every app replica), the login_attempt table otherwise.
    """

    def __init__(self, session: Session):
        self.session = session
        from edu_platform.jobs import redis_connection

        self.redis = redis_connection()

    @staticmethod
    def _account_key(email: str) -> str:
        return f"login-fail:email:{email}"

    @staticmethod
    def _pair_key(email: str, ip: str) -> str:
        return f"login-fail:pair:{ip}:{email}"

    @staticmethod
    def _ip_key(ip: str) -> str:
        return f"login-fail:ip:{ip}"

    @staticmethod
    def _ip_accounts_key(ip: str) -> str:
        return f"login-fail:ip-accounts:{ip}"

    def check(self, email: str, ip: str | None) -> None:
        """RateLimited when the account, the account from this address, or this
        spraying address is locked."""
        state = None
        with contextlib.suppress(RedisError):  # Redis away: count the login_attempt rows
            state = self._redis_state(email, ip) if self.redis is not None else None
        locked, seconds_left = state or self._database_state(email, ip)
        if locked is None:
            return
        error = RateLimited(
            "too many failed sign-ins, try again later",
            message_key="rate_limits.address" if locked == "address" else "accounts.locked",
        )
        error.retry_after = max(1, int(seconds_left))
        raise error

    def is_locked(self, email: str, ip: str | None) -> bool:
        try:
            self.check(email, ip)
        except RateLimited:
            return True
        return False

    def _redis_state(self, email: str, ip: str | None) -> tuple[str | None, float]:
        pipe = self.redis.pipeline()
        pipe.get(self._account_key(email))
        pipe.ttl(self._account_key(email))
        if ip:
            pipe.get(self._pair_key(email, ip))
            pipe.ttl(self._pair_key(email, ip))
            pipe.get(self._ip_key(ip))
            pipe.ttl(self._ip_key(ip))
            pipe.scard(self._ip_accounts_key(ip))
        values = pipe.execute()
        window = LOCK_WINDOW.total_seconds()

        def left(ttl: int | None) -> float:
            return float(ttl) if ttl and ttl > 0 else window

        if int(values[0] or 0) >= MAX_FAILURES:
            return "account", left(values[1])
        if ip:
            if int(values[2] or 0) >= ACCOUNT_ADDRESS_MAX_FAILURES:
                return "account", left(values[3])
            if int(values[4] or 0) >= SPRAY_MAX_FAILURES and values[6] >= SPRAY_MIN_ACCOUNTS:
                return "address", left(values[5])
        return None, 0.0

    def _database_state(self, email: str, ip: str | None) -> tuple[str | None, float]:
        now = utcnow()
        failures = select(func.count(LoginAttempt.id), func.max(LoginAttempt.at)).where(
            LoginAttempt.success.is_(False), LoginAttempt.at >= now - LOCK_WINDOW
        )

        def left(latest) -> float:
            if latest is None:
                return LOCK_WINDOW.total_seconds()
            if latest.tzinfo is None:
                latest = latest.replace(tzinfo=now.tzinfo)
            return max(1.0, (latest + LOCK_WINDOW - now).total_seconds())

        by_email, latest = self.session.execute(failures.where(LoginAttempt.email == email)).one()
        if by_email >= MAX_FAILURES:
            return "account", left(latest)
        if not ip:
            return None, 0.0
        by_pair, latest = self.session.execute(
            failures.where(LoginAttempt.email == email, LoginAttempt.ip == ip)
        ).one()
        if by_pair >= ACCOUNT_ADDRESS_MAX_FAILURES:
            return "account", left(latest)
        by_ip, latest = self.session.execute(failures.where(LoginAttempt.ip == ip)).one()
        if by_ip >= SPRAY_MAX_FAILURES:
            accounts_hit = self.session.scalar(
                select(func.count(func.distinct(LoginAttempt.email))).where(
                    LoginAttempt.success.is_(False),
                    LoginAttempt.at >= now - LOCK_WINDOW,
                    LoginAttempt.ip == ip,
                )
            )
            if accounts_hit >= SPRAY_MIN_ACCOUNTS:
                return "address", left(latest)
        return None, 0.0

    def record(self, email: str, ip: str | None, success: bool) -> None:
        self.session.add(LoginAttempt(email=email[:254], ip=ip, success=success))
        if self.redis is not None and not success:
            window = int(LOCK_WINDOW.total_seconds())
            pipe = self.redis.pipeline()
            keys = [self._account_key(email)]
            if ip:
                keys += [self._pair_key(email, ip), self._ip_key(ip)]
                pipe.sadd(self._ip_accounts_key(ip), email)
                pipe.expire(self._ip_accounts_key(ip), window, nx=True)
            for key in keys:
                pipe.incr(key)
                pipe.expire(key, window, nx=True)
            with contextlib.suppress(RedisError):  # the login_attempt row is kept anyway
                pipe.execute()


def authenticate(*, session: Session, email: str, password: str, ip: str | None = None) -> User:
    """The user whose email and password match.

    Raises RateLimited after 5 failures for the account within 15 minutes (from any
    address; other accounts behind the same address are not affected) or from an
    address that sprays many accounts (see LoginLimiter),
    Unauthorized for a wrong pair (an unknown email costs one argon2 check too) and
    Forbidden for a blocked account. Failures are recorded by `sign_in_with_password`,
    in a transaction of their own, since this one rolls back.
    """
    email = (email or "").strip().lower()
    limiter = LoginLimiter(session)
    limiter.check(email, ip)
    user = find_user_by_email(session=session, email=email) if email else None
    ok = passwords.verify_password(password or "", user.password_hash if user else None)
    if not ok or user is None:
        raise Unauthorized("wrong email or password", message_key="accounts.wrong_credentials")
    if not user.is_active:
        raise Forbidden("account is blocked", message_key="accounts.blocked")
    limiter.record(email, ip, success=True)
    with acting_as(user.id):  # the audit row of the stamp names who signed in
        user.last_login_at = utcnow()
        session.add(user)
        session.flush()
    events.user_logged_in(session, user, "password")
    return user


def record_failed_attempt(*, session: Session, email: str, ip: str | None) -> None:
    LoginLimiter(session).record((email or "").strip().lower(), ip, success=False)


def sign_in_with_password(
    then: Callable[..., T], /, *, email: str, password: str, ip: str | None, **kwargs: Any
) -> T:
    """Authenticate and call `then(session=, user=, **kwargs)` in one transaction.

    Both front doors use this: the API issues tokens, the UI creates a sign-in ticket. A
    failed attempt is committed separately so the lockout counts it; an empty field is
    no attempt at all (Invalid naming it, nothing counted).
    """
    if not (email or "").strip():
        raise Invalid("email is required", message_key="accounts.email_required", field="email")
    if not password:
        raise Invalid(
            "password is required", message_key="accounts.password_required", field="password"
        )

    def authenticate_then(*, session: Session) -> T:
        user = authenticate(session=session, email=email, password=password, ip=ip)
        return then(session=session, user=user, **kwargs)

    try:
        return db.run_sync(authenticate_then)
    except (Unauthorized, Forbidden):
        db.run_sync(record_failed_attempt, email=email, ip=ip)
        raise


# --- profile --------------------------------------------------------------------------


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


def manages_course(user: User | None, teacher_id: int | None) -> bool:
    """True for an active admin, and for the active teacher of the course while their
    role is still teacher: a teacher demoted to student loses their courses at once."""
    if user is None or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.TEACHER and teacher_id is not None and user.id == teacher_id


def writes_material(user: User | None, course: Any) -> bool:
    """True for the active author of a user-written material (kind "material"), whatever
    their role: they edit it as a teacher edits a course."""
    return (
        user is not None
        and user.is_active
        and getattr(course, "kind", "") == "material"
        and course.teacher_id == user.id
    )
