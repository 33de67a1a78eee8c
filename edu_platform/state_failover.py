"""A visitor keeps their Reflex state when the app replica serving them dies.

Reflex (0.10, `reflex/utils/token_manager.py`) records in Redis which replica holds each
browser tab's websocket, for an hour, and treats a token it finds recorded as a
duplicated tab: it hands the reconnecting tab a NEW token, i.e. a fresh state. A replica
that stops cleanly deletes its records; one that is killed (SIGKILL, OOM, a lost
container) leaves them, so every visitor it served lost what they had on screen when
their tab reconnected to another replica (measured: tests/scale/test_failover.py).

Here each replica holds a Redis subscription to a channel named after it while it
serves. A dead process's connection is closed by its kernel at once, so Redis counts no
subscriber from the moment it dies (a liveness key with a TTL would still claim life for
its TTL, longer than a tab takes to reconnect). Before Reflex links a reconnecting tab,
a record left by a replica without a subscriber is deleted, so the tab keeps its token
and its state; a live replica's record is left alone (a real duplicated tab still gets
a new token). `install()` patches Reflex's RedisTokenManager once; `lifespan` holds the
subscription.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import pickle
from collections.abc import AsyncIterator
from typing import Any

log = logging.getLogger(__name__)

INSTANCE_CHANNEL = "edu:reflex-instance:{}"
RESUBSCRIBE_SECONDS = 1.0
# Delete the record only while it still holds what was read (no race with a new link).
_DELETE_IF_UNCHANGED = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


async def drop_record_of_dead_instance(manager: Any, token: str) -> bool:
    """Delete `token`'s socket record when the replica it names is dead; whether it was."""
    local = manager.token_to_socket.get(token)
    if local is not None and local.instance_id == manager.instance_id:
        return False
    key = manager._get_redis_key(token)
    raw = await manager.redis.get(key)
    if raw is None:
        return False
    record = pickle.loads(raw)
    if record.instance_id == manager.instance_id:
        return False
    channel = INSTANCE_CHANNEL.format(record.instance_id)
    [(_name, subscribers)] = await manager.redis.pubsub_numsub(channel)
    if subscribers:
        return False
    deleted = await manager.redis.eval(_DELETE_IF_UNCHANGED, 1, key, raw)
    if deleted:
        manager.token_to_socket.pop(token, None)
        log.info("token %s: its replica %s is gone, the tab keeps its state", token[:8], key)
    return bool(deleted)


def install() -> None:
    """Make Reflex's Redis token manager reclaim the tokens of dead replicas."""
    from reflex.utils.token_manager import RedisTokenManager

    if getattr(RedisTokenManager, "_edu_failover", False):
        return
    original = RedisTokenManager.link_token_to_sid

    async def link_token_to_sid(self, token: str, sid: str) -> str | None:
        try:
            await drop_record_of_dead_instance(self, token)
        except Exception as error:  # never worse than Reflex's own behaviour
            log.warning("token %s: dead-replica check failed: %s", token[:8], error)
        return await original(self, token, sid)

    RedisTokenManager.link_token_to_sid = link_token_to_sid
    RedisTokenManager._edu_failover = True


async def _hold_subscription(manager: Any) -> None:
    """Stay subscribed to this replica's channel (again after a Redis restart)."""
    channel = INSTANCE_CHANNEL.format(manager.instance_id)
    while True:
        try:
            async with manager.redis.pubsub() as pubsub:
                await pubsub.subscribe(channel)
                async for _message in pubsub.listen():
                    pass
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.warning("replica liveness subscription lost: %s", error)
        await asyncio.sleep(RESUBSCRIBE_SECONDS)


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """App lifespan task: hold this replica's liveness subscription while it serves."""
    from reflex.utils.token_manager import RedisTokenManager

    namespace = getattr(app, "event_namespace", None)
    manager = getattr(namespace, "_token_manager", None)
    if not isinstance(manager, RedisTokenManager):
        if namespace is None:
            log.warning("no Reflex event namespace at startup: no liveness subscription")
        yield
        return
    task = asyncio.create_task(_hold_subscription(manager))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
