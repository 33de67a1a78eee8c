"""The HTTP side of OAuth sign-in: authorization URLs, code exchange, ID tokens, profiles.

Providers (each enabled when its client id is set in settings):

- google: OpenID Connect through Google's discovery document;
- yandex: OAuth 2 with Yandex ID's user info (emails are verified by Yandex);
- vk: VK ID, OAuth 2.1 with mandatory PKCE; the email may be missing and is not treated
  as verified (VK ID does not say), so it never links to an existing account by itself;
- oidc: any OpenID Connect provider from `settings.oidc_discovery_url`.

Nothing is fetched at import or startup: discovery documents and JWKS are fetched on
first use and cached per URL (JWKS again when a token names an unknown key). The rules
for what a profile may do to accounts live in services/oauth.py.
"""

from __future__ import annotations

import secrets
import threading
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.deprecate import AuthlibDeprecationWarning
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from edu_platform.services.errors import NotFound
from edu_platform.services.outbound_http import tls_context
from edu_platform.settings import settings

with warnings.catch_warnings():
    # Authlib 1.9 prefers the httpx2 package and warns on import when it falls back to
    # httpx (what requirements.txt pins); the API used here is the same for both.
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import OAuth2Client
    from authlib.oidc.core import CodeIDToken

GOOGLE_DISCOVERY_URL = "https://accounts.google.com/.well-known/openid-configuration"
YANDEX_AUTHORIZE_URL = "https://oauth.yandex.ru/authorize"
YANDEX_TOKEN_URL = "https://oauth.yandex.ru/token"
YANDEX_USERINFO_URL = "https://login.yandex.ru/info?format=json"
VK_AUTHORIZE_URL = "https://id.vk.com/authorize"
VK_TOKEN_URL = "https://id.vk.com/oauth2/auth"
VK_USERINFO_URL = "https://id.vk.com/oauth2/user_info"

HTTP_TIMEOUT = 10.0
DISCOVERY_TTL = 24 * 3600
ID_TOKEN_LEEWAY = 60
# Asymmetric signatures only: "none" and HMAC (keyed with the client secret) are refused.
ID_TOKEN_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")

# Tests put an httpx transport here to stand in for a provider without a network.
http_transport: httpx.BaseTransport | None = None


class OAuthFailure(Exception):
    """The provider exchange failed (network, refused code, invalid ID token, bad reply)."""


@dataclass(frozen=True)
class Provider:
    name: str  # google | yandex | vk | oidc (OAuthAccount.provider)
    client_id: str
    client_secret: str
    scope: str
    discovery_url: str = ""  # OpenID Connect providers
    authorize_url: str = ""  # plain OAuth 2 providers
    token_url: str = ""
    userinfo_url: str = ""

    @property
    def is_oidc(self) -> bool:
        return bool(self.discovery_url)


@dataclass(frozen=True)
class ProviderButton:
    """What the sign-in page shows: `label_key` from the catalogue, else `label` as is."""

    name: str
    label_key: str
    label: str


@dataclass(frozen=True)
class AuthorizationRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class Profile:
    """The provider's answer about who signed in."""

    subject: str
    email: str | None
    email_verified: bool
    full_name: str


# --- configuration ----------------------------------------------------------------------


def _configured() -> list[Provider]:
    found = []
    if settings.google_client_id:
        found.append(
            Provider(
                "google",
                settings.google_client_id,
                settings.google_client_secret,
                "openid email profile",
                discovery_url=GOOGLE_DISCOVERY_URL,
            )
        )
    if settings.yandex_client_id:
        found.append(
            Provider(
                "yandex",
                settings.yandex_client_id,
                settings.yandex_client_secret,
                "login:email login:info",
                authorize_url=YANDEX_AUTHORIZE_URL,
                token_url=YANDEX_TOKEN_URL,
                userinfo_url=YANDEX_USERINFO_URL,
            )
        )
    if settings.vk_client_id:
        found.append(
            Provider(
                "vk",
                settings.vk_client_id,
                settings.vk_client_secret,
                "email",
                authorize_url=VK_AUTHORIZE_URL,
                token_url=VK_TOKEN_URL,
                userinfo_url=VK_USERINFO_URL,
            )
        )
    if settings.oidc_client_id and settings.oidc_discovery_url:
        found.append(
            Provider(
                "oidc",
                settings.oidc_client_id,
                settings.oidc_client_secret,
                "openid email profile",
                discovery_url=settings.oidc_discovery_url,
            )
        )
    return found


def enabled_buttons() -> list[ProviderButton]:
    """The enabled providers in display order (reads settings, fetches nothing)."""
    return [
        ProviderButton(
            name=provider.name,
            label_key="" if provider.name == "oidc" else f"oauth.provider.{provider.name}",
            label=settings.oidc_name if provider.name == "oidc" else "",
        )
        for provider in _configured()
    ]


def get_provider(name: str) -> Provider:
    """The enabled provider called `name`; NotFound for an unknown or disabled one."""
    for provider in _configured():
        if provider.name == name:
            return provider
    raise NotFound(f"sign-in with {name} is not enabled", message_key="oauth.error.unavailable")


def callback_url(name: str) -> str:
    """The redirect URI to register with the provider."""
    return f"{settings.public_url.rstrip('/')}/api/auth/oauth/{name}/callback"


# --- HTTP -------------------------------------------------------------------------------


def _http() -> httpx.Client:
    return httpx.Client(timeout=HTTP_TIMEOUT, transport=http_transport, verify=tls_context())


def _oauth_client(provider: Provider, redirect_uri: str, auth_method: str | None) -> OAuth2Client:
    return OAuth2Client(
        client_id=provider.client_id,
        client_secret=provider.client_secret or None,
        token_endpoint_auth_method=auth_method,
        scope=provider.scope,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        timeout=HTTP_TIMEOUT,
        transport=http_transport,
        verify=tls_context(),
    )


def _get_json(url: str, **kwargs: Any) -> dict:
    with _http() as client:
        response = client.get(url, **kwargs)
    response.raise_for_status()
    data = response.json()
    if not isinstance(data, dict):
        raise OAuthFailure(f"{url} did not answer with a JSON object")
    return data


_cache_lock = threading.Lock()
_discovery_cache: dict[str, tuple[float, dict]] = {}
_jwks_cache: dict[str, KeySet] = {}


def discovery(url: str) -> dict:
    """The provider's OpenID configuration, fetched on first use and kept for a day."""
    with _cache_lock:
        cached = _discovery_cache.get(url)
    if cached and time.monotonic() - cached[0] < DISCOVERY_TTL:
        return cached[1]
    metadata = _get_json(url)
    missing = {"issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"} - metadata.keys()
    if missing:
        raise OAuthFailure(f"discovery document lacks {sorted(missing)}")
    with _cache_lock:
        _discovery_cache[url] = (time.monotonic(), metadata)
    return metadata


def _key_set(jwks_uri: str, *, refresh: bool = False) -> KeySet:
    with _cache_lock:
        cached = None if refresh else _jwks_cache.get(jwks_uri)
    if cached is not None:
        return cached
    key_set = KeySet.import_key_set(_get_json(jwks_uri))
    with _cache_lock:
        _jwks_cache[jwks_uri] = key_set
    return key_set


def clear_caches() -> None:
    with _cache_lock:
        _discovery_cache.clear()
        _jwks_cache.clear()


# --- the flow ---------------------------------------------------------------------------


def begin(name: str) -> AuthorizationRequest:
    """The provider's authorization URL with fresh state, nonce and PKCE verifier."""
    provider = get_provider(name)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(64)
    extra: dict[str, str] = {}
    try:
        if provider.is_oidc:
            endpoint = discovery(provider.discovery_url)["authorization_endpoint"]
            extra["nonce"] = nonce
        else:
            endpoint = provider.authorize_url
        with _oauth_client(provider, callback_url(name), None) as client:
            url, _ = client.create_authorization_url(
                endpoint, state=state, code_verifier=code_verifier, **extra
            )
    except (httpx.HTTPError, ValueError) as error:
        raise OAuthFailure(f"{name}: cannot build the authorization URL: {error}") from error
    return AuthorizationRequest(url=url, state=state, nonce=nonce, code_verifier=code_verifier)


def finish(
    name: str, *, params: Mapping[str, str], code_verifier: str, nonce: str, state: str
) -> Profile:
    """Exchange the callback's code and read who signed in; OAuthFailure on any problem.

    `params` is the callback's query string (VK ID adds `device_id` to it). The caller
    has already checked `state` against the one it stored.
    """
    provider = get_provider(name)
    code = params.get("code", "")
    if not code:
        raise OAuthFailure(f"{name}: the callback has no code")
    try:
        if provider.is_oidc:
            return _finish_oidc(provider, code, code_verifier, nonce)
        if name == "yandex":
            return _finish_yandex(provider, code, code_verifier)
        if name == "vk":
            return _finish_vk(provider, params, code, code_verifier, state)
    except (httpx.HTTPError, AuthlibBaseError, JoseError, ValueError, KeyError, TypeError) as error:
        raise OAuthFailure(f"{name}: {type(error).__name__}: {error}") from error
    raise OAuthFailure(f"no exchange for provider {name}")


def _is_true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _token_auth_method(provider: Provider, metadata: Mapping[str, Any]) -> str:
    if not provider.client_secret:
        return "none"
    supported = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" not in supported and "client_secret_post" in supported:
        return "client_secret_post"
    return "client_secret_basic"


def _finish_oidc(provider: Provider, code: str, code_verifier: str, nonce: str) -> Profile:
    metadata = discovery(provider.discovery_url)
    redirect_uri = callback_url(provider.name)
    with _oauth_client(provider, redirect_uri, _token_auth_method(provider, metadata)) as client:
        token = client.fetch_token(
            metadata["token_endpoint"], code=code, code_verifier=code_verifier
        )
        if "id_token" not in token:
            raise OAuthFailure("the token response has no id_token")
        claims = validate_id_token(
            token["id_token"],
            metadata=metadata,
            client_id=provider.client_id,
            nonce=nonce,
            access_token=token.get("access_token"),
            extra_issuers=("accounts.google.com",) if provider.name == "google" else (),
        )
        if (not claims.get("email") or not claims.get("name")) and metadata.get(
            "userinfo_endpoint"
        ):
            info = client.get(metadata["userinfo_endpoint"]).json()
            if info.get("sub") == claims["sub"]:
                claims = {**info, **{k: v for k, v in claims.items() if v not in (None, "")}}
    return Profile(
        subject=str(claims["sub"]),
        email=claims.get("email") or None,
        email_verified=_is_true(claims.get("email_verified")),
        full_name=str(claims.get("name") or ""),
    )


def validate_id_token(
    id_token: str,
    *,
    metadata: Mapping[str, Any],
    client_id: str,
    nonce: str,
    access_token: str | None = None,
    extra_issuers: tuple[str, ...] = (),
) -> dict:
    """The ID token's claims after checking signature (JWKS), iss, aud, exp, iat and nonce."""
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [alg for alg in offered if alg in ID_TOKEN_ALGORITHMS]
    if not algorithms:
        raise OAuthFailure(f"no acceptable ID token algorithm in {offered}")
    jwks_uri = metadata["jwks_uri"]
    try:
        decoded = jwt.decode(id_token, _key_set(jwks_uri), algorithms=algorithms)
    except InvalidKeyIdError:
        # The provider rotated its keys since they were cached.
        decoded = jwt.decode(id_token, _key_set(jwks_uri, refresh=True), algorithms=algorithms)
    claims = CodeIDToken(
        decoded.claims,
        decoded.header,
        {
            "iss": {"essential": True, "values": [metadata["issuer"], *extra_issuers]},
            "aud": {"essential": True, "value": client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "nonce": {"essential": True},
        },
        {"nonce": nonce, "client_id": client_id, "access_token": access_token},
    )
    claims.validate(leeway=ID_TOKEN_LEEWAY)
    return dict(claims)


def _finish_yandex(provider: Provider, code: str, code_verifier: str) -> Profile:
    with _oauth_client(provider, callback_url(provider.name), None) as client:
        token = client.fetch_token(provider.token_url, code=code, code_verifier=code_verifier)
    info = _get_json(
        provider.userinfo_url, headers={"Authorization": f"OAuth {token['access_token']}"}
    )
    email = info.get("default_email") or next(iter(info.get("emails") or []), None)
    return Profile(
        subject=str(info["id"]),
        email=email,
        email_verified=bool(email),  # Yandex ID only hands out confirmed addresses
        full_name=str(info.get("real_name") or info.get("display_name") or ""),
    )


def _finish_vk(
    provider: Provider, params: Mapping[str, str], code: str, code_verifier: str, state: str
) -> Profile:
    device_id = params.get("device_id", "")
    if not device_id:
        raise OAuthFailure("vk: the callback has no device_id")
    # VK ID is a public client with PKCE: the client id goes in the body, no secret.
    with _oauth_client(provider, callback_url(provider.name), "none") as client:
        token = client.fetch_token(
            provider.token_url,
            body=urlencode({"state": state}),
            code=code,
            code_verifier=code_verifier,
            device_id=device_id,
        )
        response = client.request(
            "POST",
            provider.userinfo_url,
            data={"client_id": provider.client_id, "access_token": token["access_token"]},
            withhold_token=True,
        )
    response.raise_for_status()
    user = response.json()["user"]
    full_name = " ".join(part for part in (user.get("first_name"), user.get("last_name")) if part)
    return Profile(
        subject=str(user["user_id"]),
        email=user.get("email") or None,
        email_verified=False,
        full_name=full_name,
    )
