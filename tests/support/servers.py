"""What every local stand-in server of the tests shares (the webhook receiver, the fake
YooKassa, the OIDC provider)."""

from __future__ import annotations

from typing import Self


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
