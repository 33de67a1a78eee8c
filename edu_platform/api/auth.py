"""Auth routes: API tokens (register, login, refresh, me) and the browser session cookie."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from edu_platform import db, routes
from edu_platform.api.deps import Caller, client_ip
from edu_platform.i18n import LANG_COOKIE, LANG_COOKIE_MAX_AGE
from edu_platform.services import accounts, sessions, tokens
from edu_platform.services.errors import DomainError, Forbidden
from edu_platform.settings import settings

router = APIRouter(tags=["auth"])


class RegisterBody(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)
    full_name: str = Field(max_length=200)


class LoginBody(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)


class RefreshBody(BaseModel):
    refresh_token: str = Field(max_length=512)


class Tokens(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int


def _register_and_issue(*, session, body: RegisterBody, ip: str | None) -> tokens.TokenPair:
    user = accounts.register(
        session=session,
        email=body.email,
        password=body.password,
        full_name=body.full_name,
        ip=ip,
    )
    return tokens.issue_tokens(session=session, user=user)


def _issue(*, session, user) -> tokens.TokenPair:
    return tokens.issue_tokens(session=session, user=user)


@router.post("/api/v1/auth/register", status_code=201, response_model=Tokens)
def register(body: RegisterBody, request: Request) -> Tokens:
    pair = db.run_sync(_register_and_issue, body=body, ip=client_ip(request))
    return Tokens(**asdict(pair))


@router.post("/api/v1/auth/login", response_model=Tokens)
def login(body: LoginBody, request: Request) -> Tokens:
    pair = accounts.sign_in_with_password(
        _issue, email=body.email, password=body.password, ip=client_ip(request)
    )
    return Tokens(**asdict(pair))


@router.post("/api/v1/auth/refresh", response_model=Tokens)
def refresh(body: RefreshBody) -> Tokens:
    return Tokens(**asdict(tokens.rotate_refresh_token(body.refresh_token)))


@router.get("/api/v1/me", response_model=accounts.CurrentUser)
def me(user: Caller) -> accounts.CurrentUser:
    return user


@router.get("/api/auth/complete", include_in_schema=False)
def complete_sign_in(request: Request, ticket: str = "", next: str = "/") -> RedirectResponse:
    """Every sign-in ends here: swap the one-time ticket for the HttpOnly session cookie.
    Only in the browser the ticket was handed to (its binding cookie): a link carrying
    someone else's ticket must not sign this browser into their account."""
    if not sessions.ticket_is_bound(ticket, request.cookies.get(sessions.BINDING_COOKIE)):
        return RedirectResponse("/login?error=ticket", status_code=303)
    try:
        token = db.run_sync(sessions.redeem_ticket, ticket=ticket)
    except DomainError:
        return RedirectResponse("/login?error=ticket", status_code=303)
    response = RedirectResponse(routes.safe_next(next), status_code=303)
    response.set_cookie(
        sessions.SESSION_COOKIE,
        token,
        max_age=int(sessions.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
        path="/",
    )
    response.delete_cookie(sessions.BINDING_COOKIE, path=sessions.BINDING_COOKIE_PATH)
    # The page after sign-in paints in the user's saved language from its first frame: the
    # boot script reads this cookie (components/lang_boot.py; the state keeps it in step).
    user = db.run_sync(sessions.user_for_token, token=token)
    if user is not None:
        response.set_cookie(
            LANG_COOKIE, user.locale, max_age=LANG_COOKIE_MAX_AGE, samesite="lax", path="/"
        )
    return response


def bind_ticket(response: Response, ticket: str) -> None:
    """Bind `ticket` to the browser that receives `response` (see complete_sign_in)."""
    response.set_cookie(
        sessions.BINDING_COOKIE,
        sessions.ticket_binding(ticket),
        max_age=int(sessions.TICKET_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
        path=sessions.BINDING_COOKIE_PATH,
    )


@router.post("/api/auth/logout", include_in_schema=False)
def sign_out(request: Request, next: str = "/") -> RedirectResponse:
    """End this browser's session and clear the cookie, then go to `next`. A POST (the
    UI submits a form): a link or an image on another page must not sign anyone out, and
    a foreign Origin is refused."""
    origin = request.headers.get("origin")
    if origin and origin.lower() not in settings.cors_origins:
        raise Forbidden("sign-out from another site is refused")
    token = request.cookies.get(sessions.SESSION_COOKIE)
    db.run_sync(sessions.end_session, token=token)
    response = RedirectResponse(routes.safe_next(next), status_code=303)
    response.delete_cookie(sessions.SESSION_COOKIE, path="/")
    return response
