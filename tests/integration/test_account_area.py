"""The account area's services: avatar upload, sessions, password change, dashboard."""

from __future__ import annotations

import io
from datetime import timedelta
from functools import partial

import pytest
from PIL import Image
from sqlalchemy import select
from sqlmodel import Session

from edu_platform import db
from edu_platform.models import (
    AuthSession,
    Certificate,
    Course,
    Enrollment,
    Notification,
    User,
    utcnow,
)
from edu_platform.services import account_area, accounts, media, passwords, sessions, tokens
from edu_platform.services.errors import Invalid, NotFound, Unauthorized
from edu_platform.settings import settings
from tests.support.factories import make_course, register_user

PASSWORD = "account-area-pass-1"
ME = {"name": "Me Myself", "password": PASSWORD}


@pytest.fixture
def media_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    return tmp_path / "media"


def _image_bytes(fmt: str, size=(640, 400), color=(200, 60, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def _certificate(serial: str, holder: User, course: Course, name: str, **fields) -> Certificate:
    """A certificate row of `holder` for `course`, issued in `name`."""
    return Certificate(
        serial=serial,
        user_id=holder.id,
        course_id=course.id,
        holder_name=name,
        course_title=course.title,
        **fields,
    )


def _browser(
    session: Session, user_id: int, agent: str = "Mozilla/5.0 (X11; Linux) Chrome/1"
) -> str:
    ticket = sessions.create_ticket(
        session=session, user_id=user_id, user_agent=agent, ip="10.0.0.1"
    )
    return sessions.redeem_ticket(session=session, ticket=ticket)


# --- avatar -------------------------------------------------------------------------------


def test_text_file_named_png_is_refused(session, media_dir):
    user = register_user(session, email="me@example.com", **ME)
    with pytest.raises(Invalid) as refused:
        account_area.set_avatar(session=session, user_id=user.id, data=b"just some text, honest")
    assert refused.value.message_key == "account.avatar.invalid"
    assert session.get(User, user.id).avatar is None
    assert not (media_dir / "avatars").exists() or not any((media_dir / "avatars").iterdir())


def test_real_image_in_a_refused_format_is_refused(session, media_dir):
    user = register_user(session, email="me@example.com", **ME)
    with pytest.raises(Invalid):
        account_area.set_avatar(session=session, user_id=user.id, data=_image_bytes("GIF"))


def test_file_over_the_size_limit_is_refused_before_decoding(session, media_dir, monkeypatch):
    monkeypatch.setattr(settings, "max_avatar_mb", 1)
    user = register_user(session, email="me@example.com", **ME)
    too_big = _image_bytes("PNG") + b"\0" * (1024 * 1024)
    with pytest.raises(Invalid) as refused:
        account_area.set_avatar(session=session, user_id=user.id, data=too_big)
    assert refused.value.message_key == "account.avatar.too_large"


def test_real_png_is_stored_as_a_256_square_under_a_random_name(session, media_dir):
    user = register_user(session, email="me@example.com", **ME)
    url = account_area.set_avatar(session=session, user_id=user.id, data=_image_bytes("PNG"))
    stored = session.get(User, user.id).avatar
    assert stored.startswith("avatars/") and stored.endswith(".png")
    assert url == media.public_url(stored)
    with Image.open(media_dir / stored) as saved:
        assert (saved.format, saved.size) == ("PNG", (256, 256))


def test_new_avatar_replaces_the_old_file_after_commit(clean_db, media_dir):
    user_id = db.run_sync(
        lambda *, session: register_user(session, email="me@example.com", **ME).id
    )
    db.run_sync(account_area.set_avatar, user_id=user_id, data=_image_bytes("JPEG"))
    first = db.run_sync(lambda *, session: session.get(User, user_id).avatar)
    db.run_sync(account_area.set_avatar, user_id=user_id, data=_image_bytes("WEBP"))
    second = db.run_sync(lambda *, session: session.get(User, user_id).avatar)
    assert first != second
    assert not (media_dir / first).exists()
    assert (media_dir / second).is_file()


# --- sessions and password ----------------------------------------------------------------


def test_session_list_shows_only_the_callers_live_sessions_and_marks_this_one(session):
    me, other = (
        register_user(session, email="me@example.com", **ME),
        register_user(session, email="other@example.com", **ME),
    )
    this_browser = _browser(session, me.id)
    _browser(session, me.id, agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1")
    sessions.create_ticket(session=session, user_id=me.id)  # never redeemed
    revoked = _browser(session, me.id)
    sessions.end_session(session=session, token=revoked)
    expired = _browser(session, me.id)
    row = session.scalar(
        select(AuthSession).where(AuthSession.token_hash == sessions.hash_token(expired))
    )
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    _browser(session, other.id)
    session.flush()

    listed = account_area.active_sessions(
        session=session, user_id=me.id, current_token=this_browser
    )
    assert len(listed) == 2
    assert [item.is_current for item in listed].count(True) == 1
    assert {item.device for item in listed} == {"Chrome · Linux", "Safari · iOS"}
    assert all(item.ip == "10.0.0.1" for item in listed)


def test_signing_out_one_session_and_refusing_someone_elses(session):
    me, other = (
        register_user(session, email="me@example.com", **ME),
        register_user(session, email="other@example.com", **ME),
    )
    mine = _browser(session, me.id)
    theirs = _browser(session, other.id)
    listed = account_area.active_sessions(session=session, user_id=other.id, current_token=None)
    with pytest.raises(NotFound):
        account_area.end_own_session(
            session=session, user_id=me.id, session_id=listed[0].id, current_token=mine
        )
    assert sessions.user_for_token(session=session, token=theirs) is not None
    my_row = account_area.active_sessions(session=session, user_id=me.id, current_token=mine)[0]
    assert account_area.end_own_session(
        session=session, user_id=me.id, session_id=my_row.id, current_token=mine
    )
    assert sessions.user_for_token(session=session, token=mine) is None


def test_sign_out_everywhere_ends_all_sessions_and_api_tokens(session):
    me, other = (
        register_user(session, email="me@example.com", **ME),
        register_user(session, email="other@example.com", **ME),
    )
    browsers = [_browser(session, me.id) for _ in range(3)]
    pair = tokens.issue_tokens(session=session, user=me)
    other_browser = _browser(session, other.id)
    assert account_area.sign_out_everywhere(session=session, user_id=me.id) == 3
    assert all(sessions.user_for_token(session=session, token=b) is None for b in browsers)
    with pytest.raises(Unauthorized):
        tokens.refresh_tokens(session=session, refresh_token=pair.refresh_token)
    assert sessions.user_for_token(session=session, token=other_browser) is not None


def test_password_change_keeps_this_browser_and_signs_out_the_others(session):
    me = register_user(session, email="me@example.com", **ME)
    this_browser, other_browser = _browser(session, me.id), _browser(session, me.id)
    change_from_this_browser = partial(
        account_area.change_password,
        session=session,
        user_id=me.id,
        new_password="next-password-2",
        current_token=this_browser,
    )
    with pytest.raises(Invalid) as wrong:
        change_from_this_browser(current_password="not-my-password")
    assert wrong.value.field == "current_password"
    change_from_this_browser(current_password=PASSWORD)
    assert passwords.verify_password("next-password-2", session.get(User, me.id).password_hash)
    assert sessions.user_for_token(session=session, token=this_browser).id == me.id
    assert sessions.user_for_token(session=session, token=other_browser) is None


# --- dashboard ----------------------------------------------------------------------------


def test_dashboard_shows_only_the_callers_current_courses_and_items(session):
    teacher = accounts.register(
        session=session, email="t@example.com", password=PASSWORD, full_name="T", role="teacher"
    )
    me, other = (
        register_user(session, email="me@example.com", **ME),
        register_user(session, email="other@example.com", **ME),
    )
    started, done, archived, cancelled, theirs = (
        make_course(
            session,
            teacher=teacher,
            slug=slug,
            title=slug.replace("-", " ").title(),
            price="0",
            published=False,
        )
        for slug in ("started-course", "done-course", "archived-course", "cancelled", "theirs")
    )
    now = utcnow()
    session.add_all(
        [
            Enrollment(
                user_id=me.id,
                course_id=started.id,
                progress_percent=40,
                last_activity_at=now - timedelta(days=1),
            ),
            Enrollment(
                user_id=me.id,
                course_id=done.id,
                status="completed",
                progress_percent=100,
                last_activity_at=now - timedelta(days=5),
            ),
            Enrollment(user_id=me.id, course_id=archived.id, archived_at=now),
            Enrollment(user_id=me.id, course_id=cancelled.id, status="cancelled"),
            Enrollment(user_id=other.id, course_id=theirs.id, progress_percent=90),
            _certificate("SER-ME-1", me, done, "Me Myself", status="ready"),
            _certificate("SER-OTHER", other, theirs, "Other"),
            *[Notification(user_id=me.id, kind="test", title=f"Mine {i}") for i in range(12)],
            Notification(user_id=other.id, kind="test", title="Not mine"),
        ]
    )
    session.flush()

    board = account_area.dashboard(session=session, user_id=me.id)
    assert [(c.slug, c.progress_percent, c.completed) for c in board.courses] == [
        ("started-course", 40, False),
        ("done-course", 100, True),
    ]
    assert board.courses[0].continue_url == "/learn/started-course"
    assert [c.serial for c in board.certificates] == ["SER-ME-1"]
    assert len(board.notifications) == 10 and board.unread_count == 12
    assert all(n.title.startswith("Mine") for n in board.notifications)

    assert account_area.mark_all_notifications_read(session=session, user_id=me.id) == 12
    assert account_area.dashboard(session=session, user_id=me.id).unread_count == 0
    assert account_area.dashboard(session=session, user_id=other.id).unread_count == 1
    page_two = account_area.notifications(session=session, user_id=me.id, page=2, per_page=10)
    assert (page_two.total, len(page_two.items)) == (12, 2)
