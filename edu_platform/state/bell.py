"""The header's bell (unread notifications) and messages badge (unread messages), live.

Every page load (state/page_load.py) counts, and starts one background watcher per open
tab unless the tab's watcher is running (a sign-in as someone else replaces it, a
sign-out or the tab's closing ends it: state/tab_presence.py). It polls one cheap
signature every LIVE_POLL_SECONDS (unread notifications, newest message id and unread
messages of the user) and sends the badges only when it moved; when a conversation page
is open it also asks that page to refresh, so a new message shows in the thread without
a second poller.
"""

from __future__ import annotations

import reflex as rx
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.services import messaging, notifications
from edu_platform.settings import settings
from edu_platform.state.base import VisitorState
from edu_platform.state.tab_presence import live_polls

# Handlers of open pages that follow new messages (the /messages page registers its
# own at import time, so this module needs no import of it).
MESSAGE_LISTENERS: list = []
# A watcher ends on its own after this long (a tab left open overnight costs nothing).
WATCH_LIMIT_SECONDS = 4 * 3600
# About once a minute the watcher also checks the tab's state under its lock, so one
# replaced by a page load in another process stops.
GENERATION_CHECK_SECONDS = 60.0
# client token → the generation of its newest watcher started in this process: a watcher
# learns that a newer page load replaced it without taking the tab's state lock (with
# Redis state a lock, a load and a save) every few seconds; the state's own generation,
# checked under the lock before anything is applied, stays the authority.
_newest_watch: dict[str, int] = {}
# client token → (generation, user id, signature) handed by `start` to the watcher it asks
# the browser to run: the watcher starts without taking the tab's state lock (a lock, a
# load and a save with Redis state, per tab at an exam start), and a `watch` event with
# no plan waiting starts nothing. Never from the event's arguments (a client may send any).
_watch_plan: dict[str, tuple[int, int, tuple[int, int, int] | None]] = {}


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

    def _apply(self, signature: tuple[int, int, int] | None) -> None:
        # Only what changed is assigned: an assignment marks the state for saving (Redis)
        # and, for the counts, sends them to the browser.
        if self._signature != signature:
            self._signature = signature
        unread, _newest, unread_messages = signature or (0, 0, 0)
        if self.unread != unread:
            self.unread = unread
        if self.unread_messages != unread_messages:
            self.unread_messages = unread_messages

    @rx.event
    async def start(self):
        """Run by every page load: the counts now, and a watcher unless this tab's own is
        running in this process already (a navigation need not replace it)."""
        user_id = await self._current_user_id()
        token = self.router.session.client_token
        if user_id is None:
            if self._user_id is not None:  # signed out: the watcher stops at its next look
                self._generation += 1
                self._user_id = None
                _newest_watch.pop(token, None)
                _watch_plan.pop(token, None)
            self._apply(None)
            return None
        self._apply(await db.run(bell_signature, user_id=user_id))
        if self._user_id == user_id and _newest_watch.get(token) == self._generation:
            return None
        self._generation += 1
        self._user_id = user_id
        _watch_plan[token] = (self._generation, user_id, self._signature)
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
        token = self.router.session.client_token
        # Only the watcher a page load planned runs: a client may send this event at will.
        plan = _watch_plan.pop(token, None)
        if plan is None:
            return
        generation, user_id, known = plan
        _newest_watch[token] = generation  # running: an older watcher of the tab stops
        generation_check_polls = max(
            1, round(GENERATION_CHECK_SECONDS / settings.live_poll_seconds)
        )
        try:
            # Ends when the tab closes; if it comes back, its page load starts a new one.
            async for polls in live_polls(token, limit_seconds=WATCH_LIMIT_SECONDS):
                if _newest_watch.get(token) != generation:
                    return  # a newer page load of the tab started its own watcher
                signature = await db.run(bell_signature, user_id=user_id)
                if signature == known and polls % generation_check_polls:
                    continue
                async with self:
                    # The state's generation is the authority: a page load served by
                    # another process of the app replaced this watcher too.
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
