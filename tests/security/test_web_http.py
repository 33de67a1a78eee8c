"""Issue 9 (web layer) over real HTTP against the prod-mode server: security headers on
every kind of response (9.1), CORS for the API and the websocket (9.9), POST-only
sign-out and browser-bound sign-in tickets (9.10), the `/_upload` gate (9.12)."""

from __future__ import annotations

import re
import socket
from urllib.parse import quote, urlsplit

import httpx
import pytest

from edu_platform.services import sessions
from edu_platform.settings import DEV_SECRET_KEY
from tests.e2e.support import db_session, new_user, session_token
from tests.support import http

pytestmark = pytest.mark.e2e

FOREIGN = "https://evil.example"


def _session_cookie(app_server) -> str:
    """A signed-in browser session (as /api/auth/complete would set it)."""
    user_id, _email = new_user(app_server)
    return session_token(app_server, user_id)


def _raw_request(base_url: str, request: bytes, timeout: float = 10) -> bytes:
    """Send raw bytes; the reply's head (whatever arrives before `timeout`)."""
    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(request)
        reply = b""
        try:
            while b"\r\n\r\n" not in reply:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except TimeoutError:
            pass
        return reply


# --- 9.1 security headers --------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/catalog", "/api/v1/courses", "/api/v1/me", "/_upload/missing.png", "/ping"]
)
def test_every_response_carries_the_security_headers(app_server, path):
    response = http.get(f"{app_server['base_url']}{path}", timeout=60, follow_redirects=True)
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[-1].split(";")[0]
    if path in ("/", "/catalog"):
        assert "object-src 'none'" in policy
    else:  # JSON, files: nothing may run at all
        assert policy.startswith("default-src 'none'")


def test_compiled_pages_still_come_compressed(app_server):
    response = http.get(
        f"{app_server['base_url']}/catalog",
        headers={"Accept-Encoding": "gzip"},
        timeout=60,
        follow_redirects=True,
    )
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    assert b"<script" in response.content


def test_the_builds_hashed_assets_are_cached_for_a_year_and_pages_are_not(app_server):
    base = app_server["base_url"]
    page = http.get(f"{base}/", timeout=60)
    script = re.search(r'"(/assets/[^"]+\.js)"', page.text)
    assert script, "the home page names no build script"
    asset = http.get(base + script.group(1), timeout=60)
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert asset.headers["x-content-type-options"] == "nosniff"
    # A page changes with every deployment: never kept as immutable.
    assert "immutable" not in page.headers.get("cache-control", "")
    missing = http.get(f"{base}/assets/no-such-file-12345678.js", timeout=60)
    assert missing.status_code == 404
    assert "immutable" not in missing.headers.get("cache-control", "")


# --- 9.9 CORS -------------------------------------------------------------------------------


def _preflight(base_url: str, origin: str) -> httpx.Response:
    return http.options(
        f"{base_url}/api/v1/me",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
        timeout=60,
    )


def test_preflight_from_a_foreign_origin_gets_no_cors_grant(app_server):
    response = _preflight(app_server["base_url"], FOREIGN)
    assert "access-control-allow-origin" not in response.headers
    simple = http.get(
        f"{app_server['base_url']}/api/v1/courses", headers={"Origin": FOREIGN}, timeout=60
    )
    assert "access-control-allow-origin" not in simple.headers


def test_preflight_from_the_own_origin_is_granted(app_server):
    own = app_server["base_url"]  # PUBLIC_URL of the test server
    response = _preflight(own, own)
    assert response.headers["access-control-allow-origin"] == own
    assert response.headers["access-control-allow-credentials"] == "true"


def _websocket_handshake(base_url: str, origin: str) -> bytes:
    host = urlsplit(base_url).netloc
    request = (
        f"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\n\r\n"
    ).encode()
    return _raw_request(base_url, request)


def test_websocket_refuses_a_foreign_origin(app_server):
    base_url = app_server["base_url"]
    assert _websocket_handshake(base_url, base_url).startswith(b"HTTP/1.1 101")
    assert not _websocket_handshake(base_url, FOREIGN).startswith(b"HTTP/1.1 101")


# --- 9.10 sign-out and sign-in tickets ------------------------------------------------------


def test_a_get_link_does_not_sign_anyone_out(app_server):
    base_url = app_server["base_url"]
    cookies = {sessions.SESSION_COOKIE: _session_cookie(app_server)}
    http.get(f"{base_url}/api/auth/logout?next=/", cookies=cookies, timeout=60)
    assert http.get(f"{base_url}/api/v1/me", cookies=cookies, timeout=60).status_code == 200
    # A form POST from another site is refused too (the browser sends its Origin).
    foreign = http.post(
        f"{base_url}/api/auth/logout", cookies=cookies, headers={"Origin": FOREIGN}, timeout=60
    )
    assert foreign.status_code == 403
    assert http.get(f"{base_url}/api/v1/me", cookies=cookies, timeout=60).status_code == 200
    # The UI's POST signs out.
    own = http.post(
        f"{base_url}/api/auth/logout", cookies=cookies, headers={"Origin": base_url}, timeout=60
    )
    assert own.status_code == 303
    assert http.get(f"{base_url}/api/v1/me", cookies=cookies, timeout=60).status_code == 401


def test_a_sign_in_link_works_only_in_the_browser_it_was_made_for(app_server):
    """Login CSRF: an attacker's own ticket, sent as a link, must not sign the victim in."""
    base_url = app_server["base_url"]
    attacker_id, _email = new_user(app_server)
    with db_session(app_server) as session:
        ticket = sessions.create_ticket(session=session, user_id=attacker_id)
        session.commit()
    link = f"{base_url}/api/auth/complete?ticket={quote(ticket)}&next=/my"
    victim = http.get(link, timeout=60)  # a browser without the ticket's binding cookie
    assert victim.status_code == 303 and victim.headers["location"].startswith("/login?error")
    assert sessions.SESSION_COOKIE not in victim.cookies
    # The browser that asked for the ticket carries its binding and is signed in.
    # The server runs with ENVIRONMENT=test, so with the fixed test key.
    binding = sessions.ticket_binding(ticket, secret_key=DEV_SECRET_KEY)
    bound = http.get(
        link,
        cookies={sessions.BINDING_COOKIE: binding},
        timeout=60,
    )
    assert bound.status_code == 303 and bound.headers["location"] == "/my"
    assert bound.cookies[sessions.SESSION_COOKIE]


# --- 9.12 /_upload -------------------------------------------------------------------------


def test_oversized_upload_is_refused_from_content_length_before_the_body(app_server):
    base_url = app_server["base_url"]
    host = urlsplit(base_url).netloc
    token = _session_cookie(app_server)
    # 10 GB announced, not a byte sent: the answer must come without waiting for a body.
    request = (
        f"POST /_upload HTTP/1.1\r\nHost: {host}\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {10 * 1024**3}\r\n"
        f"Cookie: {sessions.SESSION_COOKIE}={token}\r\n"
        "Reflex-Client-Token: t\r\nReflex-Event-Handler: h\r\n\r\n"
    ).encode()
    reply = _raw_request(base_url, request, timeout=10)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]


def _small_upload(base_url: str, cookies: dict | None) -> httpx.Response:
    return http.post(
        f"{base_url}/_upload",
        files={"files": ("a.txt", b"hello", "text/plain")},
        headers={"Reflex-Client-Token": "t", "Reflex-Event-Handler": "h"},
        cookies=cookies,
        timeout=60,
    )


def test_upload_without_a_signed_in_session_is_refused(app_server):
    base_url = app_server["base_url"]
    assert _small_upload(base_url, None).status_code == 401
    assert _small_upload(base_url, {sessions.SESSION_COOKIE: "forged"}).status_code == 401
    # A signed-in browser passes the gate (Reflex itself then judges the request).
    signed_in = {sessions.SESSION_COOKIE: _session_cookie(app_server)}
    assert _small_upload(base_url, signed_in).status_code not in (401, 411, 413)


def test_head_on_the_api_is_its_get_without_a_body_not_the_apps_page(app_server):
    response = http.head(f"{app_server['base_url']}/api/health", timeout=60)
    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["content-type"].startswith("application/json")
