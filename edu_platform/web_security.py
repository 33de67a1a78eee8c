"""Framework-level protections applied to every HTTP response of the one server port.

`SecurityMiddleware` wraps the whole backend (Reflex pages, the FastAPI API, Reflex's
`/_upload`), installed through `rx.App(api_transformer=[api, SecurityMiddleware])`:

- Security headers on every response: `Content-Security-Policy`,
  `X-Content-Type-Options: nosniff`, `Referrer-Policy`, `X-Frame-Options`.
  The compiled pages carry a few inline scripts of their own (React Router's boot code);
  each HTML page's policy allows exactly those by SHA-256 hash, so a script injected
  into content (e.g. `<iframe srcdoc="<script>...">`, which inherits the policy) never
  runs. `'unsafe-eval'` stays because Reflex runs `rx.call_script` through `eval`.
  Everything that is not a compiled page (API JSON, uploaded files) gets a policy that
  allows nothing at all.
- `POST /_upload` (Reflex's upload endpoint, which stores the whole body before any
  handler runs) is refused before the body is read: 411 without Content-Length, 413 when
  it is over the largest upload limit, 401 without a signed-in browser session.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from edu_platform import db
from edu_platform.services import sessions
from edu_platform.settings import settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOAD_PATH = "/_upload"
# Multipart framing (boundaries, part headers, the event's extra arguments) on top of
# the file itself.
UPLOAD_OVERHEAD_BYTES = 1024 * 1024
# Paths that are never compiled pages: the API, Reflex's endpoints, built assets.
NOT_PAGES = ("/api/", "/_upload", "/_event", "/ping", "/_health", "/assets/")
# External players rx.video (react-player) may embed for an https:// lesson video link.
VIDEO_SCRIPT_SOURCES = "https://www.youtube.com https://s.ytimg.com https://player.vimeo.com"
SWAGGER_CDN = "https://cdn.jsdelivr.net"

_INLINE_SCRIPT = re.compile(rb"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)

REFERRER_POLICY = "strict-origin-when-cross-origin"
# The frontend build's scripts, styles and fonts: their names carry a hash of their
# content (Vite), so a browser may keep them for a year without asking again; without
# this header every page load of a new tab fetched and compiled them all again.
BUILD_ASSETS = "/assets/"
IMMUTABLE = b"public, max-age=31536000, immutable"
# Responses that are not compiled pages: JSON, files, redirects. Nothing may run.
STRICT_CSP = "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"


def max_upload_body_bytes() -> int:
    """The largest body `/_upload` accepts: the biggest per-kind limit plus framing."""
    largest = max(
        settings.max_upload_bytes,
        settings.max_import_bytes,
        settings.max_avatar_mb * 1024 * 1024,
    )
    return largest + UPLOAD_OVERHEAD_BYTES


def page_csp(script_hashes: list[str], *, path: str = "/") -> str:
    """The policy of a compiled page that carries these inline scripts."""
    hashes = " ".join(f"'sha256-{digest}'" for digest in script_hashes)
    script_src = f"'self' 'unsafe-eval' {hashes} {VIDEO_SCRIPT_SOURCES}".replace("  ", " ")
    style_src = "'self' 'unsafe-inline'"
    img_src = "'self' data: blob: https:"
    if path.startswith("/api/docs"):
        script_src += f" {SWAGGER_CDN}"
        style_src += f" {SWAGGER_CDN}"
        img_src += " https:"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            f"style-src {style_src}",
            f"img-src {img_src}",
            "font-src 'self' data:",
            "media-src 'self' blob: https:",
            "connect-src 'self'",
            "frame-src 'self' https:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def inline_script_hashes(html: bytes) -> list[str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        if b"src=" in match.group("attrs").lower():
            continue
        digest = hashlib.sha256(match.group("body")).digest()
        hashes.append(base64.b64encode(digest).decode())
    return list(dict.fromkeys(hashes))


class _PageCache:
    """CSP (and gzip body) per distinct page body: the compiled pages never change."""

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[bytes, tuple[str, bytes]] = OrderedDict()
        self._size = size

    def get(self, body: bytes, path: str) -> tuple[str, bytes]:
        key = hashlib.sha256((b"docs:" if path.startswith("/api/docs") else b"") + body).digest()
        found = self._items.get(key)
        if found is None:
            found = (page_csp(inline_script_hashes(body), path=path), gzip.compress(body, 6))
            self._items[key] = found
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return found


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _session_cookie(scope: Scope) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:
        return None
    morsel = jar.get(sessions.SESSION_COOKIE)
    return morsel.value if morsel else None


def _common_headers(
    headers: list[tuple[bytes, bytes]], csp: str, more: dict[bytes, bytes] | None = None
) -> list[tuple[bytes, bytes]]:
    """The response's headers with ours (and `more`, lower-case names) in place of any of
    the same name."""
    own = {
        b"content-security-policy": csp.encode(),
        b"x-content-type-options": b"nosniff",
        b"referrer-policy": REFERRER_POLICY.encode(),
        b"x-frame-options": b"SAMEORIGIN",
        **(more or {}),
    }
    kept = [(k, v) for k, v in headers if k.lower() not in own]
    return kept + list(own.items())


async def _json_error(send: Send, status: int, detail: str, code: str) -> None:
    import json

    body = json.dumps({"detail": detail, "code": code}).encode()
    headers = _common_headers(
        [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
        STRICT_CSP,
    )
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def upload_refusal(scope: Scope) -> tuple[int, str, str] | None:
    """Why this `/_upload` request must not be read, or None when it may proceed."""
    length = _header(scope, b"content-length")
    if length is None or not length.strip().isdigit():
        return 411, "Content-Length is required for uploads", "length_required"
    if int(length) > max_upload_body_bytes():
        limit_mb = max_upload_body_bytes() // (1024 * 1024)
        return 413, f"upload too large: the limit is {limit_mb} MB", "too_large"
    user = await db.run(sessions.user_for_token, token=_session_cookie(scope))
    if user is None:
        return 401, "sign in to upload files", "unauthorized"
    return None


def _is_page_request(scope: Scope) -> bool:
    path = scope["path"]
    return scope["method"] in ("GET", "HEAD") and (
        path.startswith("/api/docs") or not path.startswith(NOT_PAGES)
    )


class SecurityMiddleware:
    """ASGI middleware: security headers on every HTTP response, `/_upload` gate."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.pages = _PageCache()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].rstrip("/") == UPLOAD_PATH and scope["method"] == "POST":
            refusal = await upload_refusal(scope)
            if refusal is not None:
                await _json_error(send, *refusal)
                return
        if _is_page_request(scope):
            await self._page(scope, receive, send)
            return

        immutable = scope["path"].startswith(BUILD_ASSETS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                cached = immutable and message["status"] == 200
                message["headers"] = _common_headers(
                    list(message.get("headers", [])),
                    STRICT_CSP,
                    {b"cache-control": IMMUTABLE} if cached else None,
                )
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _page(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Compiled pages: buffer the HTML (served uncompressed by the static files) to
        hash its inline scripts into the policy, gzip it here when the browser can."""
        accepts_gzip = "gzip" in (_header(scope, b"accept-encoding") or "")
        inner_scope = dict(scope)
        # The body must come as bytes, not as a file path for the server to send.
        inner_scope["extensions"] = {
            name: value
            for name, value in (scope.get("extensions") or {}).items()
            if name != "http.response.pathsend"
        }
        # Uncompressed and unconditional: the body is needed to hash its scripts, and a
        # 304 would carry the strict policy of non-page responses into the cache.
        inner_scope["headers"] = [
            (k, v)
            for k, v in scope.get("headers", [])
            if k.lower() not in (b"accept-encoding", b"if-none-match", b"if-modified-since")
        ]
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffering_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = {k.lower(): v for k, v in headers}.get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    start = message
                    return
                message["headers"] = _common_headers(headers, STRICT_CSP)
                await send(message)
                return
            if message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                await self._send_page(send, start, b"".join(chunks), scope, accepts_gzip)
                return
            await send(message)

        await self.app(inner_scope, receive, buffering_send)

    async def _send_page(
        self, send: Send, start: Message, body: bytes, scope: Scope, accepts_gzip: bool
    ) -> None:
        csp, gzipped = self.pages.get(body, scope["path"])
        headers = [
            (k, v)
            for k, v in start.get("headers", [])
            if k.lower() not in (b"content-length", b"content-encoding", b"etag", b"last-modified")
        ]
        if scope["method"] == "HEAD":
            payload = b""
        elif accepts_gzip:
            body = gzipped
            payload = gzipped
            headers.append((b"content-encoding", b"gzip"))
        else:
            payload = body
        headers.append((b"content-length", str(len(body)).encode()))
        headers.append((b"vary", b"Accept-Encoding"))
        start = dict(start)
        start["headers"] = _common_headers(headers, csp)
        await send(start)
        await send({"type": "http.response.body", "body": payload})
