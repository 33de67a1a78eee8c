"""Whether a browser tab is still connected, and the poll loop of the live watchers (the
header's bell, live course analytics), which ends when their tab is gone: `live_polls`.

Reflex does not cancel a background event when its tab closes, so a watcher started by a
page load would go on polling for the tab until its own time limit (hours), one database
query every LIVE_POLL_SECONDS for every tab closed in that time. `live_polls` asks after
each sleep instead, and ends once the tab has no websocket on any process of the app.
That costs a dictionary lookup while the tab is connected to this process (where its
events, the page load that started the watcher among them, arrive); with Redis state,
where a tab may have moved to another process, one read of its socket record. A tab that
comes back (a dropped connection, a laptop waking) reconnects with Reflex's
hydrate-and-load, whose page load starts a new watcher.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

from edu_platform.settings import settings

# The module that holds the served app (rxconfig.py's app_name; granian imports it).
APP_MODULE = "edu_platform.edu_platform"


def serving_token_manager() -> Any | None:
    """Reflex's token manager of the app this process serves (which websocket belongs to
    which tab), or None outside a server (a script, a test without the app)."""
    app = getattr(sys.modules.get(APP_MODULE), "app", None)
    namespace = getattr(app, "event_namespace", None)
    return getattr(namespace, "_token_manager", None)


async def tab_is_connected(token: str, manager: Any | None = None) -> bool:
    """Whether the tab `token` has a websocket on a process of the app (`manager`: the
    serving one). True when nothing can tell: a watcher then runs to its time limit."""
    manager = manager if manager is not None else serving_token_manager()
    if manager is None or not token:
        return True
    return await manager.is_token_connected(token)


async def live_polls(token: str, *, limit_seconds: float) -> AsyncIterator[int]:
    """A watcher's turns: 1, 2, … every LIVE_POLL_SECONDS while the tab `token` is
    connected, for at most `limit_seconds` (a tab left open overnight costs nothing)."""
    started, turn = time.monotonic(), 0
    while time.monotonic() - started < limit_seconds:
        await asyncio.sleep(settings.live_poll_seconds)
        if not await tab_is_connected(token):
            return
        turn += 1
        yield turn
