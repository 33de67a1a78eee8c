"""Which store holds visitors' Reflex state: Redis when configured, else memory (never
the disk store, whose folder scans dominated the server under load). Each case imports
rxconfig in a process of its own, as `reflex run` does, and builds Reflex's state manager:
forked from one that has imported Reflex and read no configuration yet
(tests/support/preloaded_python.py; 2.5 CPU-seconds less per case)."""

from __future__ import annotations

import json
import os

import pytest

from edu_platform.settings import PROJECT_ROOT
from tests.support import preloaded_python

PROBE = """
import json
from reflex.config import get_config
from reflex.istate.manager import StateManager
from reflex.utils import processes
config = get_config()
print(json.dumps({
    "mode": config.state_manager_mode.value,
    "manager": type(StateManager.create()).__name__,
    "workers": processes.get_num_workers(),
}))
"""
STATE_VARIABLES = ("REDIS_URL", "STATE_REDIS_URL", "REFLEX_REDIS_URL", "REFLEX_STATE_MANAGER_MODE")
# Reflex's modules read their settings when get_config() is first called, not on import.
REFLEX_PRELOADS = ("reflex.config", "reflex.istate.manager", "reflex.utils.processes")


def _state_store(**variables: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in STATE_VARIABLES}
    env.update(variables, PYTHONPATH=str(PROJECT_ROOT), REFLEX_TELEMETRY_ENABLED="false")
    completed = preloaded_python.run(
        REFLEX_PRELOADS, ["-c", PROBE], cwd=PROJECT_ROOT, env=env, timeout=120
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_without_redis_state_lives_in_memory_of_one_process():
    assert _state_store() == {"mode": "memory", "manager": "StateManagerMemory", "workers": 1}


@pytest.mark.parametrize("variable", ["STATE_REDIS_URL", "REFLEX_REDIS_URL"])
def test_with_a_redis_url_state_lives_in_redis(redis_url, variable):
    store = _state_store(**{variable: redis_url})
    assert store["mode"] == "redis"
    assert store["manager"] == "StateManagerRedis"
    assert store["workers"] > 1 or os.cpu_count() == 1


def test_reflex_redis_url_wins_over_an_empty_state_redis_url(redis_url):
    # The browser tests' environment sets STATE_REDIS_URL="" explicitly.
    store = _state_store(STATE_REDIS_URL="", REFLEX_REDIS_URL=redis_url)
    assert store["mode"] == "redis"


def test_an_explicit_mode_overrides_the_choice():
    assert _state_store(REFLEX_STATE_MANAGER_MODE="disk")["manager"] == "StateManagerDisk"
