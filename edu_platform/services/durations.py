"""How long a lesson takes, from its content: text by reading time, video by its length.

The teacher's `duration_minutes` is what a video (or a quiz) lasts; a text lesson's time is
its word count over a reading speed for the course's language, so a text-only course
shows the minutes its words take, not a figure typed once for every lesson.
"""

from __future__ import annotations

import math
import re

# Words per minute of an adult reading prose on screen: Russian words are longer.
WORDS_PER_MINUTE = {"ru": 180, "en": 200}
DEFAULT_WORDS_PER_MINUTE = 200

# Markdown that is not read: fenced code markers, images, link targets, HTML-ish tags.
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def word_count(text: str) -> int:
    """Words a reader reads in Markdown `text` (image and link targets left out)."""
    plain = _TAG.sub(" ", _LINK_TARGET.sub("]", _IMAGE.sub(" ", text or "")))
    return len(_WORD.findall(plain))


def reading_minutes(text: str, language: str) -> int:
    """Minutes to read `text`, rounded up, at least 1."""
    speed = WORDS_PER_MINUTE.get((language or "")[:2].lower(), DEFAULT_WORDS_PER_MINUTE)
    return max(1, math.ceil(word_count(text) / speed))


def lesson_minutes(*, kind: str, body: str, duration_minutes: int, language: str) -> int:
    """A lesson's duration as the course page and the player show it.

    Text: reading time of its body. Video and quiz, and a text lesson with no words yet
    (nothing to measure, e.g. one an integration created before its body): the length the
    teacher entered (a lesson without one falls back to the reading time of its notes,
    never 0 for content).
    """
    if kind == "text" and word_count(body):
        return reading_minutes(body, language)
    if duration_minutes and duration_minutes > 0:
        return int(duration_minutes)
    return reading_minutes(body, language) if (body or "").strip() else 0
