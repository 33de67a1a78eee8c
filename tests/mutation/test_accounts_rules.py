"""Accounts (services/accounts.py) rules beyond the happy path, on both databases: the
display record, each validation's limits and the refusal it gives (detail, key, field),
what registration writes (name, locale, verification, event, rate limit), the profile
and password changes, and the role checks. Written to kill the mutants `make mutation`
found alive in accounts.py."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from edu_platform.models import EmailVerification, Outbox, User
from edu_platform.services import accounts, passwords, rate_limit
from edu_platform.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    Unauthorized,
)
from edu_platform.services.media import MEDIA_URL_PREFIX
from tests.support.factories import PASSWORD, make_user, register_user, unique_email


def _error(caught: pytest.ExceptionInfo) -> tuple:
    error = caught.value
    return (type(error), error.detail, error.message_key, error.field)


def _invalid(check: Callable[[Any], object], value: object) -> tuple:
    """The refusal (as _error gives it) of one validator `check` for `value`: the validators
    here take one value and refuse with Invalid."""
    with pytest.raises(Invalid) as caught:
        check(value)
    return _error(caught)


# --- the display record -----------------------------------------------------------------


def test_the_display_record_copies_the_user_and_builds_the_avatar_url(session):
    user = make_user(session, role="teacher", name="Tina T", locale="en", avatar="avatars/t.png")
    shown = accounts.to_current_user(user)
    assert shown == accounts.CurrentUser(
        id=user.id,
        email=user.email,
        full_name="Tina T",
        role="teacher",
        locale="en",
        avatar_url=MEDIA_URL_PREFIX + "avatars/t.png",
    )
    assert accounts.to_current_user(make_user(session)).avatar_url == ""


@pytest.mark.parametrize(
    ("role", "is_admin", "is_teacher"),
    [("student", False, False), ("teacher", False, True), ("admin", True, True)],
)
def test_admin_and_teacher_flags_follow_the_role(role, is_admin, is_teacher):
    shown = accounts.CurrentUser(
        id=1, email="a@example.com", full_name="A", role=role, locale="ru", avatar_url=""
    )
    assert (shown.is_admin, shown.is_teacher) == (is_admin, is_teacher)


# --- validation -------------------------------------------------------------------------


def _validator_says(email: str) -> str:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        return str(error)
    raise AssertionError(f"{email!r} is valid")


@pytest.mark.parametrize("email", [None, "", "   ", "no-at-sign", "a@b"])
def test_a_malformed_email_is_refused_with_the_validators_reason(email):
    with pytest.raises(Invalid) as caught:
        accounts.normalise_email(email)
    assert _error(caught) == (
        Invalid,
        _validator_says((email or "").strip()),
        "accounts.email_invalid",
        "email",
    )
    assert isinstance(caught.value.__cause__, EmailNotValidError)


def test_an_email_is_stripped_and_lowered():
    assert accounts.normalise_email("  Ada.Lovelace@Example.COM\t") == "ada.lovelace@example.com"


def test_the_password_length_limits_are_inclusive():
    accounts.check_password_strength("k" * accounts.MIN_PASSWORD_LENGTH)
    accounts.check_password_strength("k" * accounts.MAX_PASSWORD_LENGTH)
    short = "k" * (accounts.MIN_PASSWORD_LENGTH - 1)
    assert _invalid(accounts.check_password_strength, short) == (
        Invalid,
        "password must be at least 8 characters",
        "accounts.password_short",
        "password",
    )
    long = "k" * (accounts.MAX_PASSWORD_LENGTH + 1)
    assert _invalid(accounts.check_password_strength, long) == (
        Invalid,
        "password is too long",
        "accounts.password_long",
        "password",
    )


@pytest.mark.parametrize("password", [None, ""])
def test_no_password_is_too_short(password):
    with pytest.raises(Invalid) as caught:
        accounts.check_password_strength(password)
    assert caught.value.message_key == "accounts.password_short"


@pytest.mark.parametrize("password", ["QWERTY123", "Пароль123", "iloveyou"])
def test_a_common_password_is_refused_in_any_case(password):
    assert _invalid(accounts.check_password_strength, password) == (
        Invalid,
        "password is too common",
        "accounts.password_common",
        "password",
    )


def test_a_name_is_squeezed_and_limited_to_200_characters():
    assert accounts.check_full_name("  Ada \t  King\n Lovelace ") == "Ada King Lovelace"
    # Control characters are spaces (PostgreSQL's text cannot hold NUL at all).
    assert accounts.check_full_name("Ada\x00King\x1bLove\x85lace\x7f") == "Ada King Love lace"
    assert accounts.check_full_name("n" * 200) == "n" * 200
    assert accounts.check_full_name(" " + "n" * 200 + "  ") == "n" * 200
    assert _invalid(accounts.check_full_name, "n" * 201) == (
        Invalid,
        "full_name is too long",
        "accounts.name_long",
        "full_name",
    )
    for empty in (None, "", " \t\n"):
        assert _invalid(accounts.check_full_name, empty) == (
            Invalid,
            "full_name is required",
            "accounts.name_required",
            "full_name",
        )


# --- registration -----------------------------------------------------------------------


def _verifications(session, user_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(EmailVerification)
        .where(EmailVerification.user_id == user_id)
    )


def _events(session, subject: str, user_id: int) -> list[dict]:
    rows = session.scalars(select(Outbox.payload).where(Outbox.subject == subject)).all()
    return [row["data"] for row in rows if row["data"].get("user_id") == user_id]


def test_self_registration_stores_the_row_mails_a_link_and_emits_the_event(session):
    email = unique_email("self")
    user = accounts.register(
        session=session,
        email=email.upper(),
        password=PASSWORD,
        full_name="  Ada   Lovelace ",
        locale="en",
        ip="192.0.2.10",
    )
    session.expire_all()
    row = session.get(User, user.id)
    assert (row.email, row.full_name, row.role, row.locale, row.email_verified_at) == (
        email,
        "Ada Lovelace",
        "student",
        "en",
        None,
    )
    assert passwords.verify_password(PASSWORD, row.password_hash)
    assert _verifications(session, user.id) == 1
    assert _events(session, "user.created", user.id) == [
        {"user_id": user.id, "email": email, "full_name": "Ada Lovelace", "role": "student"}
    ]


def test_an_operator_created_account_is_verified_and_mails_nothing(session):
    user = accounts.register(
        session=session,
        email=unique_email("made"),
        password=PASSWORD,
        full_name="Made",
        role="teacher",
        verified=True,
    )
    session.expire_all()
    row = session.get(User, user.id)
    assert row.email_verified_at is not None and row.role == "teacher"
    assert _verifications(session, user.id) == 0


@pytest.mark.parametrize(("locale", "stored"), [("de", "ru"), ("", "ru"), ("ru", "ru")])
def test_an_unknown_locale_falls_back_to_russian(session, locale, stored):
    user = register_user(session, locale=locale)
    assert user.locale == stored


def test_the_default_locale_is_russian(session):
    user = accounts.register(
        session=session, email=unique_email(), password=PASSWORD, full_name="Default"
    )
    assert (user.locale, user.role) == ("ru", "student")


def test_an_unknown_role_is_refused_naming_it(session):
    email = unique_email("root")
    with pytest.raises(Invalid) as caught:
        accounts.register(
            session=session, email=email, password=PASSWORD, full_name="Root", role="root"
        )
    assert _error(caught) == (Invalid, "unknown role root", "error.invalid", "role")
    assert session.scalar(select(func.count()).where(User.email == email)) == 0


def test_a_taken_email_is_refused_with_its_detail(session):
    user = register_user(session)
    with pytest.raises(Conflict) as caught:
        register_user(session, email=user.email)
    assert _error(caught) == (
        Conflict,
        "email is already registered",
        "accounts.email_taken",
        "email",
    )


def test_registration_counts_the_callers_address_only(session, monkeypatch):
    monkeypatch.setattr(accounts.rate_limit, "REGISTRATION", rate_limit.Limit("register", 2, 3600))
    register_user(session, ip="192.0.2.20")
    register_user(session, ip="192.0.2.20")
    register_user(session)  # no address (admin tools, imports): not counted
    register_user(session, ip="192.0.2.21")  # another address
    email = unique_email("third")
    with pytest.raises(RateLimited):
        register_user(session, email=email, ip="192.0.2.20")
    assert session.scalar(select(func.count()).where(User.email == email)) == 0


# --- profile ----------------------------------------------------------------------------


def test_a_profile_update_changes_only_what_is_given(session):
    user = register_user(session, name="Old Name", locale="ru")
    shown = accounts.update_profile(session=session, user_id=user.id, full_name="  New   Name ")
    assert (shown.full_name, shown.locale) == ("New Name", "ru")
    shown = accounts.update_profile(session=session, user_id=user.id, locale="en")
    assert (shown.full_name, shown.locale) == ("New Name", "en")
    assert shown == accounts.to_current_user(user)
    session.expire_all()
    row = session.get(User, user.id)
    assert (row.full_name, row.locale) == ("New Name", "en")


def test_a_profile_update_refuses_an_unknown_language_and_a_blank_name(session):
    user = register_user(session, name="Kept", locale="en")
    with pytest.raises(Invalid) as caught:
        accounts.update_profile(session=session, user_id=user.id, locale="de")
    assert _error(caught) == (Invalid, "unknown language de", "error.invalid", "locale")
    with pytest.raises(Invalid) as blank:
        accounts.update_profile(session=session, user_id=user.id, full_name="  ")
    assert blank.value.field == "full_name"
    session.expire_all()
    row = session.get(User, user.id)
    assert (row.full_name, row.locale) == ("Kept", "en")
    with pytest.raises(NotFound):
        accounts.update_profile(session=session, user_id=user.id + 10_000, locale="ru")


def test_a_password_change_checks_the_current_one(session):
    user = register_user(session)
    with pytest.raises(Invalid) as caught:
        accounts.change_password(
            session=session,
            user_id=user.id,
            current_password="not-the-password",
            new_password="a-new-password",
        )
    assert _error(caught) == (
        Invalid,
        "current password is wrong",
        "accounts.current_password_wrong",
        "current_password",
    )
    with pytest.raises(Invalid):
        accounts.change_password(
            session=session, user_id=user.id, current_password=None, new_password="a-new-password"
        )
    accounts.change_password(
        session=session, user_id=user.id, current_password=PASSWORD, new_password="a-new-password"
    )
    session.flush()
    session.expire_all()
    stored = session.get(User, user.id).password_hash
    assert passwords.verify_password("a-new-password", stored)
    assert not passwords.verify_password(PASSWORD, stored)


def test_an_account_without_a_password_sets_one_without_the_current(session):
    user = make_user(session)  # no password (e.g. signed up through an identity provider)
    accounts.change_password(
        session=session, user_id=user.id, current_password=None, new_password="first-password"
    )
    session.flush()
    session.expire_all()
    assert passwords.verify_password("first-password", session.get(User, user.id).password_hash)


def test_the_new_password_must_be_strong(session):
    user = register_user(session)
    with pytest.raises(Invalid) as caught:
        accounts.change_password(
            session=session, user_id=user.id, current_password=PASSWORD, new_password="password1"
        )
    assert caught.value.message_key == "accounts.password_common"
    session.expire_all()
    assert passwords.verify_password(PASSWORD, session.get(User, user.id).password_hash)


# --- roles ------------------------------------------------------------------------------


def test_require_role_asks_a_visitor_to_sign_in(session):
    with pytest.raises(Forbidden) as caught:
        accounts.require_role(session=session, user_id=None, roles=("admin",))
    assert _error(caught) == (Forbidden, "sign in first", "error.unauthorized", None)


def test_require_role_returns_the_user_with_one_of_the_roles(session):
    teacher = make_user(session, role="teacher")
    found = accounts.require_role(session=session, user_id=teacher.id, roles=("admin", "teacher"))
    assert found is teacher


@pytest.mark.parametrize("who", ["student", "blocked-teacher", "missing"])
def test_require_role_refuses_others_naming_the_roles(session, who):
    if who == "missing":
        user_id = make_user(session).id + 10_000
    else:
        user_id = make_user(
            session, role=who.removeprefix("blocked-"), is_active=who == "student"
        ).id
    with pytest.raises(Forbidden) as caught:
        accounts.require_role(session=session, user_id=user_id, roles=("admin", "teacher"))
    assert _error(caught) == (
        Forbidden,
        "this needs the role admin or teacher",
        "error.forbidden",
        None,
    )


def test_require_admin_takes_an_active_admin_only(session):
    admin = make_user(session, role="admin")
    assert accounts.require_admin(session=session, user_id=admin.id) is admin
    for user in (
        make_user(session, role="teacher"),
        make_user(session, role="admin", is_active=False),
    ):
        with pytest.raises(Forbidden) as caught:
            accounts.require_admin(session=session, user_id=user.id)
        assert caught.value.detail == "this needs the role admin"
    with pytest.raises(Forbidden) as anonymous:
        accounts.require_admin(session=session, user_id=None)
    assert anonymous.value.message_key == "error.unauthorized"


def test_active_user_is_the_display_record_of_an_active_account(session):
    user = make_user(session, avatar="https://cdn.example.com/a.png")
    assert accounts.active_user(session=session, user_id=user.id) == accounts.to_current_user(user)
    assert accounts.active_user(session=session, user_id=user.id).avatar_url == (
        "https://cdn.example.com/a.png"
    )
    blocked = make_user(session, is_active=False)
    for user_id in (blocked.id, blocked.id + 10_000):
        with pytest.raises(Unauthorized) as caught:
            accounts.active_user(session=session, user_id=user_id)
        assert (caught.value.detail, caught.value.message_key) == (
            "account is not active",
            "error.unauthorized",
        )


def test_manages_course_admins_and_the_courses_own_teacher_only(session):
    admin = make_user(session, role="admin")
    teacher = make_user(session, role="teacher")
    demoted = make_user(session, role="student")
    assert accounts.manages_course(admin, None) is True
    assert accounts.manages_course(admin, teacher.id) is True
    assert accounts.manages_course(teacher, teacher.id) is True
    assert accounts.manages_course(teacher, admin.id) is False
    assert accounts.manages_course(teacher, None) is False
    assert accounts.manages_course(demoted, demoted.id) is False
    assert accounts.manages_course(None, teacher.id) is False
    admin.is_active = teacher.is_active = False
    assert accounts.manages_course(admin, None) is False
    assert accounts.manages_course(teacher, teacher.id) is False


def test_writes_material_only_for_the_active_author_of_a_material(session):
    author = make_user(session, role="student")
    material = SimpleNamespace(kind="material", teacher_id=author.id)
    assert accounts.writes_material(author, material) is True
    assert accounts.writes_material(
        author, SimpleNamespace(kind="course", teacher_id=author.id)
    ) is (False)
    assert accounts.writes_material(author, SimpleNamespace(teacher_id=author.id)) is False
    other = make_user(session, role="admin")
    assert accounts.writes_material(other, material) is False
    assert accounts.writes_material(None, material) is False
    author.is_active = False
    assert accounts.writes_material(author, material) is False
