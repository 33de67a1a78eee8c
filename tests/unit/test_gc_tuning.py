"""The server's garbage-collector thresholds (edu_platform/gc_tuning.py)."""

from __future__ import annotations

import gc

from edu_platform import gc_tuning


def test_gc_tuning_raises_only_the_young_generation():
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        gc_tuning.tune()
        assert gc.get_threshold() == (gc_tuning.YOUNG_GENERATION, 10, 10)
    finally:
        gc.set_threshold(*before)
