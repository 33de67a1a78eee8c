"""Substring search in text columns, alike on both databases: what a person types matches
literally (`%`, `_` and `\\` are not wildcards) and regardless of case, Cyrillic included.

PostgreSQL's ILIKE folds every alphabet. SQLite's ILIKE (`lower(x) LIKE lower(y)`) folds
ASCII only, so "иванов" would miss "Иванов" there; the usual spellings of the text (as
typed, lower case, upper case, capitalised, title case) are each tried, which finds what
people write in names, titles and serials. On PostgreSQL they are redundant and harmless.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_

ESCAPE = "\\"


def escape_like(text: str) -> str:
    """`text` with LIKE's wildcards and the escape character matched literally."""
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def case_variants(text: str) -> list[str]:
    """The spellings tried on a database that folds ASCII case only (sorted: stable SQL)."""
    return sorted({text, text.lower(), text.upper(), text.capitalize(), text.title()})


def contains(column, text: str) -> ColumnElement[bool]:
    """`column` contains `text`, literally and in any case (see the module's note)."""
    return or_(
        *(
            column.ilike(f"%{escape_like(variant)}%", escape=ESCAPE)
            for variant in case_variants(text)
        )
    )
