"""Browser sign-in through OAuth / OpenID Connect providers.

GET /api/auth/oauth/{provider}/start?next=/path
    Builds the provider's authorization URL (state, nonce, PKCE), keeps state, nonce,
    code verifier and `next` in a short-lived signed HttpOnly cookie and redirects (302).
    With `link=1` a signed-in user links the provider to their account instead.
GET /api/auth/oauth/{provider}/callback?code=...&state=...
    Checks the state against the cookie, exchanges the code, validates the ID token and
    ends like every sign-in: a one-time ticket and a 303 to /api/auth/complete. Any
    failure redirects to /login?error=oauth_<reason>, which the login page explains.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from edu_platform import db, routes
from edu_platform.api.auth import bind_ticket
from edu_platform.api.deps import client_ip, optional_user_id
from edu_platform.audit import acting_as
from edu_platform.i18n import normalise_language
from edu_platform.services import oauth, oauth_clients, sessions
from edu_platform.services.errors import DomainError
from edu_platform.settings import settings

log = logging.getLogger(__name__)
router = APIRouter(tags=["auth"])

FLOW_COOKIE = "edu_oauth"
FLOW_COOKIE_PATH = "/api/auth/oauth"
FLOW_LIFETIME_SECONDS = 600


# --- the signed flow cookie ---------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(body: str) -> bytes:
    # A key of its own, derived from SECRET_KEY, so this MAC cannot be confused with others.
    key = hmac.new(settings.secret_key.encode(), b"edu_platform/oauth-flow", "sha256").digest()
    return hmac.new(key, body.encode(), hashlib.sha256).digest()


def sign_flow(data: dict) -> str:
    """`data` with an expiry, as `body.mac` (readable, not forgeable without SECRET_KEY)."""
    body = _b64(json.dumps({**data, "exp": int(time.time()) + FLOW_LIFETIME_SECONDS}).encode())
    return f"{body}.{_b64(_mac(body))}"


def read_flow(value: str | None) -> dict | None:
    """The cookie's data when its MAC is right and it has not expired; None otherwise."""
    if not value or value.count(".") != 1:
        return None
    body, mac = value.split(".")
    try:
        if not hmac.compare_digest(_unb64(mac), _mac(body)):
            return None
        data = json.loads(_unb64(body))
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("exp"), int):
        return None
    return data if data["exp"] > time.time() else None


def _set_flow_cookie(response: RedirectResponse, data: dict) -> None:
    response.set_cookie(
        FLOW_COOKIE,
        sign_flow(data),
        max_age=FLOW_LIFETIME_SECONDS,
        httponly=True,
        # Lax: sent on the provider's top-level GET redirect back to the callback.
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
        path=FLOW_COOKIE_PATH,
    )


# --- helpers ------------------------------------------------------------------------------


def login_error_code(error: DomainError) -> str:
    """The `?error=` value for the login page: oauth_<reason> for an oauth.error.<reason>."""
    if error.message_key.startswith("oauth.error."):
        return "oauth_" + error.message_key.removeprefix("oauth.error.")
    if error.message_key == "accounts.blocked":
        return "oauth_blocked"
    return "oauth_failed"


def _fail(code: str, *, next_path: str | None = None) -> RedirectResponse:
    """Back to the login page (or, when linking, the page that asked) with the reason."""
    if next_path:
        separator = "&" if "?" in next_path else "?"
        target = f"{next_path}{separator}error={code}"
    else:
        target = f"{routes.LOGIN}?error={code}"
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_COOKIE_PATH)
    return response


def _sign_in_with_ticket(*, session, profile, provider, locale, user_agent, ip) -> str:
    user = oauth.sign_in_with_oauth(
        session=session,
        provider=provider,
        subject=profile.subject,
        email=profile.email,
        email_verified=profile.email_verified,
        full_name=profile.full_name,
        locale=locale,
    )
    assert user.id is not None  # a stored account
    return sessions.create_ticket(session=session, user_id=user.id, user_agent=user_agent, ip=ip)


# --- routes -------------------------------------------------------------------------------


@router.get("/api/auth/oauth/{provider}/start", include_in_schema=False)
def start(provider: str, request: Request, next: str = "/", link: bool = False):
    """Redirect the browser to the provider's sign-in page."""
    next_path = routes.safe_next(next)
    linking_user = None
    if link:
        linking_user = optional_user_id(request)
        if linking_user is None:
            return RedirectResponse(f"{routes.LOGIN}?next={quote(next_path)}", status_code=303)
    try:
        authorization = oauth_clients.begin(provider)
    except DomainError as error:
        return _fail(login_error_code(error))
    except oauth_clients.OAuthFailure as error:
        log.warning("OAuth start failed: %s", error)
        return _fail("oauth_failed")
    response = RedirectResponse(authorization.url, status_code=302)
    _set_flow_cookie(
        response,
        {
            "provider": provider,
            "state": authorization.state,
            "nonce": authorization.nonce,
            "verifier": authorization.code_verifier,
            "next": next_path,
            "link_user": linking_user,
        },
    )
    return response


@router.get("/api/auth/oauth/{provider}/callback", include_in_schema=False)
def callback(provider: str, request: Request, state: str = "", error: str = ""):
    """The provider sends the browser back here with a code (or an error)."""
    flow = read_flow(request.cookies.get(FLOW_COOKIE))
    if (
        flow is None
        or flow.get("provider") != provider
        or not state
        or not hmac.compare_digest(str(flow.get("state", "")), state)
    ):
        return _fail("oauth_state")
    next_path = routes.safe_next(flow.get("next"))
    linking_user = flow.get("link_user")
    error_target = next_path if linking_user else None
    if error:
        return _fail("oauth_denied", next_path=error_target)
    try:
        profile = oauth_clients.finish(
            provider,
            params=dict(request.query_params),
            code_verifier=str(flow.get("verifier", "")),
            nonce=str(flow.get("nonce", "")),
            state=state,
        )
    except DomainError as failure:
        return _fail(login_error_code(failure), next_path=error_target)
    except oauth_clients.OAuthFailure as failure:
        log.warning("OAuth sign-in with %s failed: %s", provider, failure)
        return _fail("oauth_failed", next_path=error_target)

    if linking_user:
        if optional_user_id(request) != linking_user:
            return _fail("oauth_state", next_path=error_target)
        try:
            with acting_as(linking_user):
                db.run_sync(
                    oauth.link_identity,
                    user_id=linking_user,
                    provider=provider,
                    subject=profile.subject,
                    email=profile.email,
                )
        except DomainError as failure:
            return _fail(login_error_code(failure), next_path=error_target)
        response = RedirectResponse(next_path, status_code=303)
    else:
        try:
            ticket = db.run_sync(
                _sign_in_with_ticket,
                profile=profile,
                provider=provider,
                locale=normalise_language(request.cookies.get("lang")),
                user_agent=request.headers.get("user-agent"),
                ip=client_ip(request),
            )
        except DomainError as failure:
            return _fail(login_error_code(failure))
        response = RedirectResponse(routes.complete_url(ticket, next_path), status_code=303)
        bind_ticket(response, ticket)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_COOKIE_PATH)
    return response
