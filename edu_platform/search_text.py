"""Words to search by: Snowball stems for Russian and English, kept in course.search_text.

Both databases index the stemmed text (PostgreSQL: a GIN index over
to_tsvector('simple', search_text); SQLite: the FTS5 table course_fts, alembic 0003), so
"программирование" finds "программированию" and "programs" finds "programming" on both.
Every ORM write of a course's title, summary or description refreshes search_text
(listener below); bulk paths call `search_text_for()` themselves.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from sqlalchemy import event, inspect

WORD = re.compile(r"[0-9a-zа-я]+")
MAX_QUERY_TERMS = 8
# Objects the migrations create by hand (not in the models): Alembic's comparison skips them.
SEARCH_INDEX_OBJECTS = frozenset(
    {
        "ix_course_search_text_gin",
        "ix_course_search_vector_gin",
        "search_vector",
        "course_fts",
        "course_fts_data",
        "course_fts_idx",
        "course_fts_docsize",
        "course_fts_config",
        "course_fts_content",
    }
)


@lru_cache(maxsize=1)
def _stemmers():
    return snowballstemmer.stemmer("russian"), snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    russian, english = _stemmers()
    return russian.stemWord(word) if re.search("[а-я]", word) else english.stemWord(word)


def words(text: str) -> list[str]:
    return WORD.findall((text or "").lower().replace("ё", "е"))


TITLE_WEIGHT = 3


def _unique_stems(text: str) -> list[str]:
    return list(dict.fromkeys(stem(word) for word in words(text)))


def search_text_for(title: str, *parts: str) -> str:
    """Stems of the title (repeated, so that both databases' ranking favours title
    matches) and of the other parts, each part's stems unique."""
    chunks = [" ".join(_unique_stems(title))] * TITLE_WEIGHT
    chunks += [" ".join(_unique_stems(part)) for part in parts]
    return " ".join(chunk for chunk in chunks if chunk)


def query_terms(query: str) -> list[str]:
    """Stems of the words of a search query (at most 8; only [0-9a-zа-я], safe to embed)."""
    terms: dict[str, None] = {}
    for word in words(query):
        terms.setdefault(stem(word), None)
    return list(terms)[:MAX_QUERY_TERMS]


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic hook: leave the hand-made search objects out of autogenerate comparisons."""
    return name not in SEARCH_INDEX_OBJECTS


def _register() -> None:
    from edu_platform.models.catalog import Course

    def _compute(course: Course) -> None:
        course.search_text = search_text_for(course.title, course.summary, course.description)

    @event.listens_for(Course, "before_insert")
    def _on_insert(_mapper, _connection, course: Course) -> None:
        _compute(course)

    @event.listens_for(Course, "before_update")
    def _on_update(_mapper, _connection, course: Course) -> None:
        state = inspect(course)
        if any(
            state.attrs[name].history.has_changes() for name in ("title", "summary", "description")
        ):
            _compute(course)


_register()
