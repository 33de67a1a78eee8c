"""How large a request body the API reads: 413 `too_large` past the route's limit.

Without a limit, a 20 MB JSON body was read whole and parsed before validation refused
it (a 422 about a field). The limit holds before anything is parsed: at once when the
declared Content-Length is over it, otherwise as soon as the bytes received pass it.

The largest text a route takes is 100,000 characters (a lesson or a post), up to 600 KB
as JSON with every character escaped; a batch of learning events is up to 5,000 events
of up to 4 KB of payload each. Uploads of imports are streamed by their route, which
holds them to `settings.max_import_mb` itself.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from edu_platform.services import event_intake

API_PREFIX = "/api/"
MAX_BODY_BYTES = 2 * 1024 * 1024
EVENTS_PATH = "/api/v1/events"
MAX_EVENTS_BODY_BYTES = event_intake.MAX_BATCH * (event_intake.MAX_PAYLOAD_BYTES + 1024)
IMPORTS_PATH = "/api/v1/imports"


def body_limit(path: str) -> int | None:
    """The most bytes a request body to `path` may hold; None where another check holds
    it: outside the API (the Reflex backend is mounted inside the API app: its `/_upload`
    has its own limits, web_security.py) and for imports."""
    if not path.startswith(API_PREFIX):
        return None
    if path == IMPORTS_PATH:
        return None  # streamed by its route, which holds it to MAX_IMPORT_MB itself
    if path == EVENTS_PATH:
        return MAX_EVENTS_BODY_BYTES
    return MAX_BODY_BYTES


def _too_large(limit: int) -> str:
    return f"the request body is larger than {limit // 1024} KB"


class BodyLimitMiddleware:
    """ASGI middleware of the API app: the body limit of every API request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = body_limit(scope["path"]) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            # Answered before the route runs or reads a byte.
            await JSONResponse({"detail": _too_large(limit), "code": "too_large"}, status_code=413)(
                scope, receive, send
            )
            return
        received = 0
        started = False

        async def send_tracking_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        # Raised where the route reads the body, so the API's handler of HTTPException
        # answers it (JSON, code too_large). Once the answer has started, receive() is a
        # file response listening for a disconnect: no longer the request's body.
        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request" and not started:
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, _too_large(limit))
            return message

        await self.app(scope, limited_receive, send_tracking_start)
