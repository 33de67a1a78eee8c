"""Auth routes: API tokens (register, login, refresh, me) and the browser session cookie."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from edu_platform import db
from edu_platform.api.deps import Caller, client_ip
from edu_platform.services import accounts, sessions, tokens
from edu_platform.services.errors import DomainError
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


class Me(BaseModel):
    id: int
    email: str
    full_name: str
    role: str
    locale: str
    avatar_url: str


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


@router.get("/api/v1/me", response_model=Me)
def me(user: Caller) -> Me:
    return Me(**asdict(user))


def safe_next(next_path: str | None) -> str:
    """Only same-site relative paths: an open redirect would make phishing links."""
    if (
        next_path
        and next_path.startswith("/")
        and not next_path.startswith("//")
        and "\\" not in next_path
    ):
        return next_path
    return "/"


@router.get("/api/auth/complete", include_in_schema=False)
def complete_sign_in(ticket: str = "", next: str = "/") -> RedirectResponse:
    """Every sign-in ends here: swap the one-time ticket for the HttpOnly session cookie."""
    try:
        token = db.run_sync(sessions.redeem_ticket, ticket=ticket)
    except DomainError:
        return RedirectResponse("/login?error=ticket", status_code=303)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        sessions.SESSION_COOKIE,
        token,
        max_age=int(sessions.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
        path="/",
    )
    return response


@router.get("/api/auth/logout", include_in_schema=False)
def sign_out(request: Request, next: str = "/") -> RedirectResponse:
    """End this browser's session and clear the cookie, then go to `next`."""
    token = request.cookies.get(sessions.SESSION_COOKIE)
    db.run_sync(sessions.end_session, token=token)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.delete_cookie(sessions.SESSION_COOKIE, path="/")
    return response
