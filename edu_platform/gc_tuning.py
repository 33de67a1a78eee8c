"""Garbage-collector thresholds for the server process.

Without Redis, every visitor's Reflex state tree (one object per state class, ~45, plus
their values) lives in the server's heap for an hour (rxconfig.py). With CPython's default
thresholds (700, 10, 10) the collector walks that heap so often that, at 1,000 simulated
visitors (bench/load/ws_visitors.py), 29 % of the server's Python time was
`gc_collect_main` (py-spy --gil --native). A young generation of 50,000 allocations makes
the older collections ~70x rarer; cyclic garbage is still collected, only later.
Reflex freezes the startup heap itself before it forks the workers.
"""

from __future__ import annotations

import gc

YOUNG_GENERATION = 50_000


def tune() -> None:
    """Raise the youngest generation's threshold (inherited by forked workers)."""
    young, middle, old = gc.get_threshold()
    if young < YOUNG_GENERATION:
        gc.set_threshold(YOUNG_GENERATION, middle, old)
