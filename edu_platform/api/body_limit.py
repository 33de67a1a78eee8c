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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from edu_platform.services import event_intake
from edu_platform.settings import settings

MAX_BODY_BYTES = 2 * 1024 * 1024
EVENTS_PATH = "/api/v1/events"
MAX_EVENTS_BODY_BYTES = event_intake.MAX_BATCH * (event_intake.MAX_PAYLOAD_BYTES + 1024)
IMPORTS_PATH = "/api/v1/imports"


def body_limit(path: str) -> int:
    """The most bytes a request body to `path` may hold."""
    if path == EVENTS_PATH:
        return MAX_EVENTS_BODY_BYTES
    if path == IMPORTS_PATH:
        # The route refuses a file over the setting with its own message; this only stops
        # what is far past it.
        return 2 * settings.max_import_bytes + MAX_BODY_BYTES
    return MAX_BODY_BYTES


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"the request body is larger than {limit // 1024} KB")


class BodyLimitMiddleware:
    """ASGI middleware of the API app: the body limit of every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        declared_too_large = declared.isdigit() and int(declared) > limit
        received = 0

        # Raised where the route reads the body, so the API's handler of HTTPException
        # answers it (JSON, code too_large) and a route that reads nothing is not refused.
        async def limited_receive() -> Message:
            nonlocal received
            if declared_too_large:
                raise _too_large(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _too_large(limit)
            return message

        await self.app(scope, limited_receive, send)
