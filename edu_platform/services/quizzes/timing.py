"""The server's clock for timed attempts: the deadline and the grace after it."""

from __future__ import annotations

from datetime import datetime, timedelta

from edu_platform.models import QuizAttempt

GRACE = timedelta(seconds=5)  # network latency allowed after the deadline


def is_late(attempt: QuizAttempt, now: datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at + GRACE
