"""The header's bell (unread notifications) and messages badge (unread messages), live.

Every page load (state/page_load.py) counts and starts one background watcher per open
tab (a newer page load ends the older one). It polls one cheap signature every
`POLL_SECONDS` (unread notifications, newest message id and unread messages of the user)
and sends the badges only when it moved; when a conversation page is open it also asks
that page to refresh, so a new message shows in the thread without a second poller.
"""

from __future__ import annotations

import asyncio
import time

import reflex as rx
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.services import messaging, notifications
from edu_platform.state.base import VisitorState

POLL_SECONDS = 5.0
# Handlers of open pages that follow new messages (the /messages page registers its
# own at import time, so this module needs no import of it).
MESSAGE_LISTENERS: list = []
# A watcher ends on its own after this long (a tab left open overnight costs nothing).
WATCH_LIMIT_SECONDS = 4 * 3600
# client token → the generation of its newest watcher started in this process: a watcher
# learns that a newer page load replaced it without taking the tab's state lock (with
# Redis state a lock, a load and a save) every few seconds; the state's own generation,
# checked under the lock before anything is applied, stays the authority.
_newest_watch: dict[str, int] = {}


def bell_signature(*, session: Session, user_id: int) -> tuple[int, int, int]:
    """(unread notifications, newest message id, unread messages)."""
    newest, unread_messages = messaging.inbox_signature(session=session, user_id=user_id)
    return (
        notifications.unread_count(session=session, user_id=user_id),
        newest,
        unread_messages,
    )


class BellState(VisitorState, rx.State):
    unread: int = 0
    unread_messages: int = 0
    _signature: tuple[int, int, int] | None = None
    _generation: int = 0
    _user_id: int | None = None
    # Set by the /messages page while it is open: the watcher refreshes it on a change.
    _thread_open: bool = False

    def _apply(self, signature: tuple[int, int, int]) -> None:
        self._signature = signature
        if self.unread != signature[0]:
            self.unread = signature[0]
        if self.unread_messages != signature[2]:
            self.unread_messages = signature[2]

    @rx.event
    async def start(self):
        """Run by every page load: the counts now, then the watcher."""
        self._generation += 1
        user_id = await self._current_user_id()
        self._user_id = user_id
        if user_id is None:
            self._apply((0, 0, 0))  # assigns only what changed: a guest's page sends nothing
            self._signature = None
            return None
        self._apply(await db.run(bell_signature, user_id=user_id))
        _newest_watch[self.router.session.client_token] = self._generation
        return BellState.watch

    @rx.event
    async def refresh(self):
        """Recount now (after the user read something on this page)."""
        if self._user_id is not None:
            self._apply(await db.run(bell_signature, user_id=self._user_id))

    def set_thread_open(self, value: bool) -> None:
        self._thread_open = value

    @rx.event(background=True)
    async def watch(self):
        async with self:
            generation, user_id, known = self._generation, self._user_id, self._signature
            token = self.router.session.client_token
        if user_id is None:
            return
        started = time.monotonic()
        try:
            while time.monotonic() - started < WATCH_LIMIT_SECONDS:
                await asyncio.sleep(POLL_SECONDS)
                if _newest_watch.get(token) != generation:
                    return  # a newer page load of the tab started its own watcher
                signature = await db.run(bell_signature, user_id=user_id)
                if signature == known:
                    continue
                async with self:
                    if generation != self._generation:
                        return
                    self._apply(signature)
                    thread_open = self._thread_open
                previous, known = known, signature
                if thread_open and previous is not None and signature[1:] != previous[1:]:
                    for listener in MESSAGE_LISTENERS:
                        yield listener
        finally:
            if _newest_watch.get(token) == generation:
                del _newest_watch[token]
