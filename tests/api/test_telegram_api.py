"""Telegram WebApp sign-in: initData signed here with the bot token signs in (a new
student, then the same account), a wrong hash or an old auth_date is a 401, no token is
a 404, and a link code from the account page links Telegram to an existing account."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.models import OAuthAccount, User
from edu_platform.services import sessions, telegram
from edu_platform.settings import settings
from tests.support.api import api_app
from tests.support.factories import make_user

BOT_TOKEN = "123456:TEST-bot-token"


@pytest.fixture
def client(clean_db, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(settings, "telegram_bot_token", BOT_TOKEN)
    with TestClient(api_app()) as test_client:
        yield test_client


def init_data(*, user_id: int = 777, age: int = 60, token: str = BOT_TOKEN, **extra: str) -> str:
    user = {"id": user_id, "first_name": "Иван", "last_name": "Петров", "language_code": "ru"}
    fields = {
        "query_id": "AAH-test",
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
        "auth_date": str(int(time.time()) - age),
        **extra,
    }
    return telegram.sign_init_data(fields, token)


def _accounts() -> int:
    with Session(db.get_engine()) as session:
        return session.scalar(select(func.count(User.id)))


def test_valid_init_data_signs_in_a_new_student_then_the_same_account(client):
    response = client.post("/api/auth/telegram", json={"init_data": init_data()})
    assert response.status_code == 200, response.text
    complete = response.json()["complete_url"]
    assert complete.startswith("/api/auth/complete?ticket=") and complete.endswith("next=/tg")
    # The ticket is bound to this browser, as after every sign-in.
    assert client.cookies.get(sessions.BINDING_COOKIE)

    finished = client.get(complete, follow_redirects=False)
    assert finished.status_code == 303 and finished.headers["location"] == "/tg"
    me = client.get("/api/v1/me").json()
    assert (me["full_name"], me["role"], me["locale"]) == ("Иван Петров", "student", "ru")
    with Session(db.get_engine()) as session:
        link = session.scalar(select(OAuthAccount))
        assert (link.provider, link.subject, link.user_id) == ("telegram", "777", me["id"])

    again = TestClient(api_app())
    second = again.post("/api/auth/telegram", json={"init_data": init_data(age=5)})
    assert second.status_code == 200
    again.get(second.json()["complete_url"])
    assert again.get("/api/v1/me").json()["id"] == me["id"]
    assert _accounts() == 1


def test_a_complete_url_does_not_work_in_another_browser(client):
    response = client.post("/api/auth/telegram", json={"init_data": init_data()})
    stranger = TestClient(api_app())
    refused = stranger.get(response.json()["complete_url"], follow_redirects=False)
    assert refused.headers["location"] == "/login?error=ticket"


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda: init_data(token="123456:OTHER"), id="signed-with-another-token"),
        pytest.param(lambda: init_data().replace("hash=", "hash=0"), id="hash-altered"),
        pytest.param(
            lambda: init_data().replace("%D0%98%D0%B2%D0%B0%D0%BD", "Eve"), id="user-altered"
        ),
        pytest.param(lambda: init_data(age=24 * 3600 + 60), id="auth-date-25-hours-old"),
        pytest.param(lambda: init_data(age=-3600), id="auth-date-in-the-future"),
        pytest.param(lambda: "user=%7B%7D&auth_date=1", id="no-hash"),
    ],
)
def test_wrong_hash_or_old_auth_date_is_refused(client, bad):
    response = client.post("/api/auth/telegram", json={"init_data": bad()})
    assert response.status_code == 401, response.text
    assert response.json()["code"] == "unauthorized"
    assert sessions.BINDING_COOKIE not in client.cookies
    assert _accounts() == 0


def test_without_a_bot_token_the_route_is_a_404(client, monkeypatch):
    monkeypatch.setattr(settings, "telegram_bot_token", "")
    response = client.post("/api/auth/telegram", json={"init_data": init_data()})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert response.json()["detail"] == "Telegram sign-in is not configured"
    # Before the body is looked at: an empty one is the same 404, not a 422.
    assert client.post("/api/auth/telegram", json={}).status_code == 404


def test_a_link_code_links_telegram_to_an_existing_account(client, committed_session):
    owner = make_user(committed_session, name="Olga Owner")
    committed_session.commit()
    code = telegram.link_code(user_id=owner.id)
    assert telegram.link_url(code).endswith(f"/tg?link={code}")

    # The code arrives as Telegram's start_param (inside the signed initData).
    signed = init_data(user_id=4242, start_param=code)
    response = client.post("/api/auth/telegram", json={"init_data": signed})
    assert response.status_code == 200, response.text
    client.get(response.json()["complete_url"])
    assert client.get("/api/v1/me").json()["id"] == owner.id
    assert _accounts() == 1

    # A forged or expired code links nothing.
    forged = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert telegram.read_link_code(forged) is None
    assert telegram.read_link_code(code, now=time.time() + 16 * 60) is None

    # That Telegram user cannot be linked to a second account.
    other = make_user(committed_session, name="Other")
    committed_session.commit()
    taken = client.post(
        "/api/auth/telegram",
        json={"init_data": init_data(user_id=4242), "link": telegram.link_code(user_id=other.id)},
    )
    assert taken.status_code == 409
