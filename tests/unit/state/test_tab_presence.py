"""A live watcher ends when its tab is gone (edu_platform/state/tab_presence.py): Reflex's
own token managers say whether a tab still has a websocket, the served app's included,
and `live_polls`, the loop of the bell's and analytics' watchers, stops at the first turn
after the tab's websocket went. Their live updates while the tab is open run in the
browser suite (test_messages, test_analytics)."""

from __future__ import annotations

import sys

from reflex.utils.token_manager import LocalTokenManager

from edu_platform.state import tab_presence
from edu_platform.state.tab_presence import live_polls, serving_token_manager, tab_is_connected
from tests.support.asyncio_run import run


def test_a_tab_is_connected_from_its_websocket_link_until_its_disconnect():
    manager = LocalTokenManager()

    async def story() -> list[bool]:
        seen = [await tab_is_connected("tab-1", manager)]
        await manager.link_token_to_sid("tab-1", "sid-1")
        seen += [await tab_is_connected("tab-1", manager), await tab_is_connected("tab-2", manager)]
        await manager.disconnect_token("tab-1", "sid-1")
        seen.append(await tab_is_connected("tab-1", manager))
        return seen

    assert run(story()) == [False, True, False, False]


def test_the_served_apps_own_token_manager_is_the_one_asked():
    from edu_platform.edu_platform import app

    assert app.event_namespace is not None
    manager = app.event_namespace._token_manager
    assert serving_token_manager() is manager

    async def story() -> tuple[bool, bool]:
        await manager.link_token_to_sid("served-tab", "served-sid")
        open_now = await tab_is_connected("served-tab")
        await manager.disconnect_token("served-tab", "served-sid")
        return open_now, await tab_is_connected("served-tab")

    assert run(story()) == (True, False)


def test_without_an_app_being_served_nothing_tells_so_the_watcher_goes_on(monkeypatch):
    monkeypatch.setitem(sys.modules, tab_presence.APP_MODULE, None)
    assert serving_token_manager() is None
    assert run(tab_is_connected("any-tab")) is True
    # Nor does a tab without a token (a state built outside a request).
    assert run(tab_is_connected("", LocalTokenManager())) is True


def test_the_live_polls_stop_at_the_first_turn_after_the_tab_closes(monkeypatch):
    from edu_platform.edu_platform import app

    assert app.event_namespace is not None
    manager = app.event_namespace._token_manager
    monkeypatch.setattr(tab_presence.settings, "live_poll_seconds", 0.01)

    async def story() -> list[int]:
        await manager.link_token_to_sid("polled-tab", "polled-sid")
        turns = []
        async for turn in live_polls("polled-tab", limit_seconds=60):
            turns.append(turn)
            if turn == 3:  # the tab closes while the watcher works on its third turn
                await manager.disconnect_token("polled-tab", "polled-sid")
        return turns

    assert run(story()) == [1, 2, 3]


def test_the_live_polls_end_at_their_time_limit_while_the_tab_stays(monkeypatch):
    monkeypatch.setattr(tab_presence.settings, "live_poll_seconds", 0.01)
    monkeypatch.setitem(sys.modules, tab_presence.APP_MODULE, None)  # nothing tells: it stays

    async def story() -> list[int]:
        return [turn async for turn in live_polls("open-tab", limit_seconds=0.2)]

    turns = run(story())
    assert 2 <= len(turns) <= 20 and turns == list(range(1, len(turns) + 1))
