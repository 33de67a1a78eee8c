"""Search words found in a text, as segments to render (never HTML built from user text).

A word matches when its stem equals a stem of the query's words (the same Snowball stems
the catalog search uses, so "программирование" marks "программированию"). The page
renders each segment as text, wrapping the matches in <mark>: the text stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edu_platform.search_text import MAX_QUERY_TERMS, stem, words

# Words as the search sees them, with their positions in the original text.
_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")
MAX_TEXT = 2000


@dataclass
class Segment:
    text: str
    hit: bool = False


def query_stems(query: str) -> frozenset[str]:
    return frozenset(stem(word) for word in words(query)[:MAX_QUERY_TERMS])


def highlight(text: str, stems: frozenset[str]) -> list[Segment]:
    """`text` cut into plain and matching segments, in order; joined they give `text`
    back (up to MAX_TEXT characters)."""
    text = (text or "")[:MAX_TEXT]
    if not stems or not text:
        return [Segment(text)] if text else []
    segments: list[Segment] = []
    position = 0
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("ё", "е")
        if stem(word) not in stems:
            continue
        if match.start() > position:
            segments.append(Segment(text[position : match.start()]))
        if segments and segments[-1].hit and match.start() == position:
            segments[-1].text += match.group()
        else:
            segments.append(Segment(match.group(), hit=True))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments
