"""Sign-in and sign-up forms posted by the browser itself (no JavaScript, or not yet).

The /login and /register pages are served as static HTML before the app is live; their
forms post here (`method="post"`, form-encoded) so a password never lands in a URL. The
route does what the live page does: check the password (or register), create a one-time
sign-in ticket bound to this browser, and redirect (303) through /api/auth/complete,
which sets the session cookie. Errors go back to the form as `?error=<code>` (the message
key without its `accounts.` prefix). A post from another site is refused: the Origin
(or, without one, the Referer) must be this site's (PUBLIC_URL, its local alias, or the
Host the request came to), or anyone could sign a visitor into the attacker's account.
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

from edu_platform import db, routes
from edu_platform.api.auth import bind_ticket
from edu_platform.api.deps import client_ip
from edu_platform.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_from_accept_header
from edu_platform.services import accounts, sessions
from edu_platform.services.errors import DomainError, Forbidden
from edu_platform.settings import settings

router = APIRouter(tags=["auth"])


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def _require_same_site(request: Request) -> None:
    """Refuse a form posted from another site (login CSRF)."""
    origin = request.headers.get("origin") or _origin_of(request.headers.get("referer", ""))
    allowed = {o.lower() for o in settings.cors_origins}
    host = request.headers.get("host", "")
    if host:
        allowed.add(f"{request.url.scheme}://{host}".lower())
    if not origin or origin.lower() not in allowed:
        raise Forbidden("a sign-in form posted from another site is refused")


def _page_query(request: Request) -> dict[str, str]:
    """The query string of the page the form was on (`next`, `lang`), from the Referer."""
    query = parse_qs(urlsplit(request.headers.get("referer", "")).query)
    return {name: values[0] for name, values in query.items() if values}


def _next_path(form: dict[str, str], page: dict[str, str]) -> str:
    return routes.safe_next(form.get("next") or page.get("next") or "/")


def _back_to(form_path: str, error: DomainError, next_path: str) -> RedirectResponse:
    code = error.message_key.removeprefix("accounts.")
    if error.message_key == "rate_limits.address":
        code = "locked"
    elif error.message_key.startswith("rate_limits."):
        code = "too_many"  # e.g. too many registrations from one address
    code = code[:64]
    query = {"error": code}
    if next_path != "/":
        query["next"] = next_path
    # Names the error's line in the page's <noscript> (routes.NO_SCRIPT_ERROR_ID_PREFIX).
    fragment = routes.NO_SCRIPT_ERROR_ID_PREFIX + code
    return RedirectResponse(f"{form_path}?{urlencode(query)}#{fragment}", status_code=303)


def _to_complete(ticket: str, next_path: str) -> RedirectResponse:
    response = RedirectResponse(routes.complete_url(ticket, next_path), status_code=303)
    bind_ticket(response, ticket)
    return response


# A sign-in or sign-up form is a few hundred bytes; an unauthenticated route does not
# read megabytes into memory.
MAX_FORM_BYTES = 16 * 1024


async def _form(request: Request) -> dict[str, str]:
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        raise HTTPException(status_code=411, detail="Content-Length is required")
    if int(declared) > MAX_FORM_BYTES:
        raise HTTPException(status_code=413, detail="the form is too large")
    data = await request.form()
    return {name: str(value) for name, value in data.items() if isinstance(value, str)}


@router.post(routes.FORM_SIGN_IN, include_in_schema=False)
async def form_sign_in(request: Request) -> RedirectResponse:
    """The sign-in form without JavaScript: 303 to /api/auth/complete, or back with ?error."""
    _require_same_site(request)
    form, page = await _form(request), _page_query(request)
    next_path = _next_path(form, page)
    ip = client_ip(request)
    try:
        ticket = await asyncio.to_thread(
            accounts.sign_in_with_password,  # opens its own transactions (lockout counts)
            sessions.ticket_for_user,
            email=form.get("email", "")[:254],
            password=form.get("password", "")[:256],
            ip=ip,
            user_agent=request.headers.get("user-agent", "")[:500],
            client_ip=ip,
        )
    except DomainError as error:
        return _back_to(routes.LOGIN, error, next_path)
    return _to_complete(ticket, next_path)


@router.post(routes.FORM_SIGN_UP, include_in_schema=False)
async def form_sign_up(request: Request) -> RedirectResponse:
    """The registration form without JavaScript: the account, then the same redirect."""
    _require_same_site(request)
    form, page = await _form(request), _page_query(request)
    next_path = _next_path(form, page)
    lang = page.get("lang") or language_from_accept_header(request.headers.get("accept-language"))
    ip = client_ip(request)
    try:
        ticket = await db.run(
            sessions.register_with_ticket,
            email=form.get("email", "")[:254],
            password=form.get("password", "")[:256],
            full_name=form.get("full_name", "")[:200],
            locale=lang if lang in LANGUAGES else DEFAULT_LANGUAGE,
            user_agent=request.headers.get("user-agent", "")[:500],
            ip=ip,
        )
    except DomainError as error:
        return _back_to(routes.REGISTER, error, next_path)
    return _to_complete(ticket, next_path)
