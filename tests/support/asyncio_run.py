"""`run(coroutine)`: asyncio.run in a thread of its own.

Playwright's sync API keeps an event loop running in the test process's main thread
once a browser test has run, and asyncio.run refuses to start inside a running loop; a
fresh thread has none, whatever ran before.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    context = contextvars.copy_context()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, coroutine).result()
