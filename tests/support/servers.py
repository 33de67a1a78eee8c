"""What every local stand-in server of the tests shares (the webhook receiver, the fake
YooKassa, the OIDC provider)."""

from __future__ import annotations

import socketserver
import threading
from typing import Self

# How often a socketserver's loop looks for shutdown(): the standard library's 0.5 s made
# every test that stops a stand-in server wait half a second (23 tests, 11 s a run).
SHUTDOWN_POLL_SECONDS = 0.02


def serve_in_thread(server: socketserver.BaseServer) -> threading.Thread:
    """Run `server.serve_forever` in a daemon thread; `server.shutdown()` returns at once."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, daemon=True
    )
    thread.start()
    return thread


class ServedInBlock:
    """A server a `with` block starts and stops (`with FakeYooKassa() as fake:`), so a
    failing test never leaves its thread listening; subclasses give start() and stop()."""

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
