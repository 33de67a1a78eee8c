"""Substring search in text columns, alike on both databases: what a person types matches
literally (`%`, `_` and `\\` are not wildcards) and regardless of case, Cyrillic included.

One expression, compiled per dialect: PostgreSQL's ILIKE folds every alphabet, so it gets
one ILIKE. SQLite's ILIKE (`lower(x) LIKE lower(y)`) folds ASCII only, so "иванов" would
miss "Иванов" there; it gets the usual spellings of the text (as typed, lower case, upper
case, capitalised, title case), each tried, which finds what people write in names,
titles and serials.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, or_
from sqlalchemy.ext.compiler import compiles

ESCAPE = "\\"


def escape_like(text: str) -> str:
    """`text` with LIKE's wildcards and the escape character matched literally."""
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def case_variants(text: str) -> list[str]:
    """The spellings tried on a database that folds ASCII case only (sorted: stable SQL)."""
    return sorted({text, text.lower(), text.upper(), text.capitalize(), text.title()})


class _Contains(ColumnElement[bool]):
    """`column` contains `text`; rendered by the compilers below."""

    type = Boolean()
    # The text is part of the SQL's shape (one ILIKE per spelling on SQLite): not cached.
    inherit_cache = False

    def __init__(self, column: Any, text: str) -> None:
        self.column = column
        self.text = text


def _ilike(column: Any, text: str) -> ColumnElement[bool]:
    return column.ilike(f"%{escape_like(text)}%", escape=ESCAPE)


@compiles(_Contains)
def _each_spelling(element: _Contains, compiler, **kw) -> str:
    spellings = or_(*(_ilike(element.column, text) for text in case_variants(element.text)))
    return compiler.process(spellings.self_group(), **kw)


@compiles(_Contains, "postgresql")
def _one_ilike(element: _Contains, compiler, **kw) -> str:
    return compiler.process(_ilike(element.column, element.text), **kw)


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """`column` contains `text`, literally and in any case (see the module's note). A NUL
    in the typed text is dropped: nothing stored holds one, and PostgreSQL refuses it."""
    return _Contains(column, text.replace("\x00", ""))
