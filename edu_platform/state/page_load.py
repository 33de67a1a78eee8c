"""A page's on_load as one event: the language, who is signed in, the header's counts
(cart, bell), then the page's own loaders (pages/registry.py), run by
`AuthState.open_page`.

Each Reflex event takes the visitor's state lock, loads the state (from Redis in the
scaled-out shape), runs, sends a delta and saves the state again. A navigation was nine
events: Reflex's own two around three on_load handlers, and four from the header
remounting (the cart badge's count twice, desktop and phone, the bell's stop and start).
Now it is three (bench/load/ws_visitors.py). Within the event the session cookie is
checked against the database once: the loaders reuse that answer (`event_user`).
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import reflex as rx

from edu_platform.services.accounts import CurrentUser

# route → the page's own on_load handlers (edu_platform.py registers every page)
_LOADERS: dict[str, tuple[Any, ...]] = {}
# handlers every page runs first (the header's counts), registered by edu_platform.py
_EVERY_PAGE: list[Any] = []

# (session token, its user) checked by the page load running in this context
_checked: ContextVar[tuple[str, CurrentUser | None] | None] = ContextVar(
    "page_load_user", default=None
)


def register(route: str, loaders: tuple[Any, ...]) -> None:
    _LOADERS[route] = tuple(loaders)


def register_every_page(*handlers: Any) -> None:
    _EVERY_PAGE.extend(handler for handler in handlers if handler not in _EVERY_PAGE)


def every_page() -> tuple[Any, ...]:
    return tuple(_EVERY_PAGE)


def loaders_of(route: object) -> tuple[Any, ...] | None:
    """What a registered page runs after the user is known: the every-page handlers,
    then its own; None for anything else (the route comes from the event's payload,
    which any client can send)."""
    own = _LOADERS.get(route) if isinstance(route, str) else None
    return None if own is None else (*every_page(), *own)


@contextmanager
def event_user(token: str | None, user: CurrentUser | None) -> Iterator[None]:
    """While the page loads, `known_user(token)` answers without the database."""
    if not token:
        yield
        return
    reset = _checked.set((token, user))
    try:
        yield
    finally:
        _checked.reset(reset)


def known_user(token: str) -> tuple[bool, CurrentUser | None]:
    """(True, user) when this page load already checked `token`."""
    checked = _checked.get()
    if checked is not None and checked[0] == token:
        return True, checked[1]
    return False, None


async def run_loaders(caller: rx.State, loaders: tuple[Any, ...]) -> AsyncIterator[Any]:
    """Run each loader on its own state, in order, as its own event would have; yields
    what they return or yield (redirects, toasts; a generator's None flushes a delta)."""
    for handler in loaders:
        state = await caller.get_state(handler.state)
        result = handler.fn(state)
        if inspect.isasyncgen(result):
            async for step in result:
                yield step
        elif inspect.isgenerator(result):
            for step in result:
                yield step
        else:
            if inspect.isawaitable(result):
                result = await result
            if result is not None:
                yield result
