"""A tab whose Reflex replica died keeps its token (and state) on the next replica; a tab
whose replica lives (a duplicated tab) does not (edu_platform/state_failover.py)."""

from __future__ import annotations

import asyncio
import pickle
from types import SimpleNamespace

import redis.asyncio as aioredis
from reflex.utils.token_manager import SocketRecord

from edu_platform import state_failover

TOKEN = "0b7c4d3e-aaaa-bbbb-cccc-000000000001"


def _manager(client, instance_id: str = "replica-b"):
    return SimpleNamespace(
        instance_id=instance_id,
        redis=client,
        token_to_socket={},
        _get_redis_key=lambda token: f"token_manager_socket_record_{token}",
    )


async def _scenario(url: str, owner_alive: bool) -> tuple[bool, bool]:
    client = aioredis.Redis.from_url(url)
    holder = aioredis.Redis.from_url(url)
    try:
        manager = _manager(client)
        key = manager._get_redis_key(TOKEN)
        await client.set(key, pickle.dumps(SocketRecord(instance_id="replica-a", sid="s1")))
        pubsub = holder.pubsub()
        if owner_alive:  # replica A still holds its liveness subscription
            await pubsub.subscribe(state_failover.INSTANCE_CHANNEL.format("replica-a"))
        dropped = await state_failover.drop_record_of_dead_instance(manager, TOKEN)
        kept = bool(await client.exists(key))
        await pubsub.aclose()
        return dropped, kept
    finally:
        await client.aclose()
        await holder.aclose()


def test_the_record_of_a_dead_replica_is_dropped(redis_url):
    assert asyncio.run(_scenario(redis_url, owner_alive=False)) == (True, False)


def test_the_record_of_a_live_replica_is_kept(redis_url):
    assert asyncio.run(_scenario(redis_url, owner_alive=True)) == (False, True)


def test_install_wraps_reflex_token_linking_once():
    from reflex.utils.token_manager import RedisTokenManager

    state_failover.install()
    wrapped = RedisTokenManager.link_token_to_sid
    state_failover.install()
    assert RedisTokenManager.link_token_to_sid is wrapped
    assert RedisTokenManager._edu_failover is True
