"""text_match.contains on both databases: any case (Cyrillic too, which SQLite's lower()
does not fold), wildcards typed by a person matched literally; and the admin searches that
use it (users, the admin lists' user filter, certificates, the blog)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from edu_platform.models import User
from edu_platform.services import admin_lists, text_match, users_admin
from tests.support.factories import make_user

NAMES = ("Иван Петров", "ИРИНА СИДОРОВА", "Анна Иванова", "100% Ready_Man", "Plain Person")


@pytest.fixture
def people(session) -> dict[str, User]:
    return {
        name: make_user(session, name=name, email=f"tm{index}@match.test")
        for index, name in enumerate(NAMES)
    }


def _matching(session, text: str) -> set[str]:
    query = select(User.full_name).where(
        User.email.like("tm%@match.test"), text_match.contains(User.full_name, text)
    )
    return set(session.scalars(query))


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("иван", {"Иван Петров", "Анна Иванова"}),
        ("ИВАН", {"Иван Петров", "Анна Иванова"}),
        ("ирина", {"ИРИНА СИДОРОВА"}),
        ("иван петров", {"Иван Петров"}),
        ("plain", {"Plain Person"}),
        ("PERSON", {"Plain Person"}),
        ("100%", {"100% Ready_Man"}),
        ("%", {"100% Ready_Man"}),
        ("y_m", {"100% Ready_Man"}),
        ("_", {"100% Ready_Man"}),
        ("\\", set()),
        ("нет такого", set()),
    ],
)
def test_any_case_and_literal_wildcards(session, people, typed: str, found: set[str]):
    assert _matching(session, typed) == found


def test_escape_like_doubles_the_escape_first():
    assert text_match.escape_like(r"a\%_b") == r"a\\\%\_b"


def test_the_admin_user_search_finds_cyrillic_names_typed_in_lower_case(session, people):
    admin = make_user(session, role="admin")
    found = users_admin.list_users(session=session, actor_id=admin.id, q="иван")
    assert {row.full_name for row in found.items} == {"Иван Петров", "Анна Иванова"}


def test_the_admin_lists_user_filter_finds_cyrillic_names_typed_in_lower_case(session, people):
    condition = admin_lists.user_condition("сидорова")
    names = set(session.scalars(select(User.full_name).where(condition)))
    assert names == {"ИРИНА СИДОРОВА"}


def test_postgresql_gets_one_ilike_and_sqlite_each_spelling():
    from sqlalchemy.dialects import postgresql, sqlite

    condition = text_match.contains(User.full_name, "иван")
    on_postgres = str(condition.compile(dialect=postgresql.dialect()))
    on_sqlite = str(condition.compile(dialect=sqlite.dialect()))
    assert on_postgres.count("ILIKE") == 1, on_postgres
    assert on_sqlite.lower().count(" like ") == len(text_match.case_variants("иван")), on_sqlite
