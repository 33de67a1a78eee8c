"""Races for real: one call in many threads, released together."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from edu_platform.services.errors import DomainError

T = TypeVar("T")


def all_at_once(fn: Callable[[int], T], count: int) -> list[T | DomainError]:
    """Run fn(index) in `count` threads released together by a barrier; each thread's
    result, or the DomainError it raised (any other exception fails the caller)."""
    barrier = threading.Barrier(count)

    def run(index: int) -> T | DomainError:
        barrier.wait(timeout=60)
        try:
            return fn(index)
        except DomainError as error:
            return error

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))
