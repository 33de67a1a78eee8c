"""POST /api/auth/telegram: sign-in from the Telegram WebApp (services/telegram.py).

The answer carries `complete_url`, the one-time /api/auth/complete link, and binds its
ticket to this browser with the same cookie as every other sign-in (api/auth.bind_ticket),
so the link works only in the WebApp that posted the initData.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from edu_platform import db, routes
from edu_platform.api.auth import bind_ticket
from edu_platform.api.deps import client_ip
from edu_platform.api.params import errors
from edu_platform.i18n import normalise_language
from edu_platform.services import sessions, telegram

router = APIRouter(tags=["auth"])

TG_PAGE = "/tg"


class TelegramIn(BaseModel):
    init_data: str = Field(min_length=1, max_length=telegram.MAX_INIT_DATA)
    # A code from the account page's "Link Telegram" (also accepted as start_param).
    link: str = Field(default="", max_length=128)
    next: str = Field(default=TG_PAGE, max_length=500)


class TelegramOut(BaseModel):
    complete_url: str


def _sign_in(*, session, body: TelegramIn, locale: str, user_agent: str | None, ip) -> str:
    user = telegram.sign_in(
        session=session, init_data=body.init_data, link=body.link, locale=locale
    )
    assert user.id is not None  # a stored account
    return sessions.create_ticket(session=session, user_id=user.id, user_agent=user_agent, ip=ip)


def _configured() -> None:
    """A dependency, so that an unconfigured route answers 404 whatever fields the JSON
    body holds (FastAPI validates them after the dependencies; a body that is not JSON at
    all is still a 422 naming `body`, read before them)."""
    telegram.require_enabled()


@router.post(
    "/api/auth/telegram",
    response_model=TelegramOut,
    responses=errors(401, 403, 404, 409, 422),
    dependencies=[Depends(_configured)],
)
def telegram_sign_in(body: TelegramIn, request: Request) -> JSONResponse:
    """Check the WebApp's initData (signature, at most 24 h old) and sign in the linked
    account (a new student on first use). 401 bad or old initData; 404 when
    TELEGRAM_BOT_TOKEN is not set."""
    ticket = db.run_sync(
        _sign_in,
        body=body,
        locale=normalise_language(request.cookies.get("lang")),
        user_agent=request.headers.get("user-agent"),
        ip=client_ip(request),
    )
    link = routes.complete_url(ticket, routes.safe_next(body.next))
    response = JSONResponse({"complete_url": link})
    bind_ticket(response, ticket)
    return response
