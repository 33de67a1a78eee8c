"""With Redis state (several app processes), a watcher asks about its tab on whichever
process it runs: a tab connected to another process is open, one whose process let its
websocket go is closed (edu_platform/state/tab_presence.py, Reflex's RedisTokenManager)."""

from __future__ import annotations

import asyncio

import redis.asyncio as aioredis
from reflex.utils.token_manager import RedisTokenManager

from edu_platform.state.tab_presence import tab_is_connected

TOKEN = "0b7c4d3e-aaaa-bbbb-cccc-000000000002"


async def _story(url: str) -> list[bool]:
    holder = RedisTokenManager(aioredis.Redis.from_url(url))  # the tab's process
    asker = RedisTokenManager(aioredis.Redis.from_url(url))  # the watcher's process
    try:
        seen = [await tab_is_connected(TOKEN, asker)]
        await holder.link_token_to_sid(TOKEN, "sid-1")
        seen += [await tab_is_connected(TOKEN, asker), await tab_is_connected(TOKEN, holder)]
        await holder.disconnect_token(TOKEN, "sid-1")
        seen += [await tab_is_connected(TOKEN, asker), await tab_is_connected(TOKEN, holder)]
        return seen
    finally:
        for manager in (holder, asker):
            await manager.close()


def test_a_tab_on_another_process_is_open_until_its_websocket_goes(redis_url):
    assert asyncio.run(_story(redis_url)) == [False, True, True, False, False]
