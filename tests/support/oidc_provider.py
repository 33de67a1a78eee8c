"""A tiny OpenID Connect provider for tests, served by uvicorn in a thread on 127.0.0.1.

It auto-approves every authorization request for `provider.next_user` and implements what
a relying party uses: discovery, /authorize (code flow, state, nonce, PKCE S256), /token
(client secret basic or post, one-time codes, PKCE check, RS256 ID token), /jwks and
/userinfo. Tests steer it through attributes:

- `next_user`: the claims of whoever "signs in" next (sub, email, email_verified, name);
- `id_token_overrides`: claims replaced in the next ID tokens (e.g. a wrong nonce);
- `sign_with_foreign_key`: sign ID tokens with a key that is not in the JWKS;
- `deny_next`: answer the next authorization with error=access_denied;
- `reset()` restores the defaults; `authorize_requests` / `token_requests` record calls.

    with LocalOIDCProvider() as provider:
        provider.next_user = {"sub": "42", "email": "a@example.com", ...}

`use_in_settings(provider, monkeypatch)` makes it, fresh, the app's OpenID Connect provider
for one test (the API tests' `client` fixtures).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from typing import Any
from urllib.parse import urlencode

import pytest
import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from edu_platform.settings import settings
from tests.support.servers import ServedInBlock

DEFAULT_USER = {
    "sub": "oidc-user-1",
    "email": "oidc.user@example.com",
    "email_verified": True,
    "name": "Olga Provider",
}


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class LocalOIDCProvider(ServedInBlock):
    def __init__(
        self, client_id: str = "edu-test-client", client_secret: str = "edu-test-secret"
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1"}, private=True)
        self._foreign_key = RSAKey.generate_key(
            2048, parameters={"kid": "test-key-1"}, private=True
        )
        self._codes: dict[str, dict[str, Any]] = {}
        self._access_tokens: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.reset()

    # --- test controls ----------------------------------------------------------------

    def reset(self) -> None:
        self.next_user: dict[str, Any] = dict(DEFAULT_USER)
        self.id_token_overrides: dict[str, Any] = {}
        self.sign_with_foreign_key = False
        self.deny_next = False
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> LocalOIDCProvider:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self._app(), log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test OIDC provider did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    # --- endpoints --------------------------------------------------------------------

    def _app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self._discovery),
                Route("/authorize", self._authorize),
                Route("/token", self._token, methods=["POST"]),
                Route("/jwks", self._jwks),
                Route("/userinfo", self._userinfo),
            ]
        )

    async def _discovery(self, _request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
                "scopes_supported": ["openid", "email", "profile"],
            }
        )

    async def _authorize(self, request: Request) -> Response:
        params = dict(request.query_params)
        self.authorize_requests.append(params)
        if params.get("client_id") != self.client_id or params.get("response_type") != "code":
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        redirect_uri = params.get("redirect_uri", "")
        if not redirect_uri.startswith(("http://", "https://")):
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        answer: dict[str, str] = {"state": params.get("state", "")}
        if self.deny_next:
            self.deny_next = False
            answer["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(24)
            with self._lock:
                self._codes[code] = {
                    "redirect_uri": redirect_uri,
                    "nonce": params.get("nonce"),
                    "challenge": params.get("code_challenge"),
                    "user": dict(self.next_user),
                }
            answer["code"] = code
        separator = "&" if "?" in redirect_uri else "?"
        return RedirectResponse(f"{redirect_uri}{separator}{urlencode(answer)}", status_code=302)

    def _client_authenticated(self, request: Request, form: dict[str, str]) -> bool:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("basic "):
            decoded = base64.b64decode(header[6:]).decode()
            client_id, _, secret = decoded.partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == self.client_id and secrets.compare_digest(secret, self.client_secret)

    async def _token(self, request: Request) -> Response:
        form = {key: str(value) for key, value in (await request.form()).items()}
        self.token_requests.append(form)
        if not self._client_authenticated(request, form):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if grant["challenge"] and _s256(form.get("code_verifier", "")) != grant["challenge"]:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        access_token = secrets.token_urlsafe(24)
        with self._lock:
            self._access_tokens[access_token] = grant["user"]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            **({"nonce": grant["nonce"]} if grant["nonce"] else {}),
            **grant["user"],
            **self.id_token_overrides,
        }
        key = self._foreign_key if self.sign_with_foreign_key else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        return JSONResponse(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
                "scope": "openid email profile",
            }
        )

    async def _jwks(self, _request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def _userinfo(self, request: Request) -> Response:
        header = request.headers.get("authorization", "")
        user = self._access_tokens.get(header[7:]) if header.startswith("Bearer ") else None
        if user is None:
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        return JSONResponse(user)


def use_in_settings(
    provider: LocalOIDCProvider,
    monkeypatch: pytest.MonkeyPatch,
    public_url: str = "http://testserver",
) -> None:
    """Reset `provider` and point the app's settings at it (and at `public_url`, where the
    provider sends the browser back) for the test."""
    provider.reset()
    monkeypatch.setattr(settings, "public_url", public_url)
    monkeypatch.setattr(settings, "oidc_client_id", provider.client_id)
    monkeypatch.setattr(settings, "oidc_client_secret", provider.client_secret)
    monkeypatch.setattr(settings, "oidc_discovery_url", provider.discovery_url)
