"""paging.fetch and paging.count on a real database: entities or rows, the total of the
whole query, an empty page past the end."""

from __future__ import annotations

from sqlalchemy import select

from edu_platform.models import User
from edu_platform.services import paging


def _users(session, n: int) -> None:
    session.add_all(
        [User(email=f"pager{i}@example.test", full_name=f"Pager {i:02d}") for i in range(n)]
    )
    session.flush()


def test_fetch_entities_and_total(session):
    _users(session, 5)
    query = select(User).where(User.email.like("pager%")).order_by(User.full_name)
    found = paging.fetch(session, query, 2, 2)
    assert [u.full_name for u in found.items] == ["Pager 02", "Pager 03"]
    assert (found.total, found.page, found.per_page, found.pages) == (5, 2, 2, 3)


def test_fetch_rows_when_selecting_several_columns(session):
    _users(session, 3)
    query = select(User.full_name, User.email).where(User.email.like("pager%"))
    found = paging.fetch(session, query.order_by(User.email.desc()), 1, 2)
    assert [tuple(row) for row in found.items] == [
        ("Pager 02", "pager2@example.test"),
        ("Pager 01", "pager1@example.test"),
    ]
    assert found.total == 3


def test_a_page_past_the_end_is_empty_with_the_real_total(session):
    _users(session, 3)
    query = select(User).where(User.email.like("pager%")).order_by(User.id)
    found = paging.fetch(session, query, 9, 2)
    assert (found.items, found.total) == ([], 3)
    assert paging.count(session, query.limit(1).offset(1)) == 3
