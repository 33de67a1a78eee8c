"""API refresh-token families: reuse revokes one family only; concurrent refreshes of
one token make one successor (committed data, real threads)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from edu_platform.models import ApiRefreshToken
from edu_platform.services import tokens
from edu_platform.services.errors import Unauthorized
from tests.support.factories import make_user

THREADS = 8


def _family_rows(committed_session, family_id):
    # End the session's read transaction: SQLite would keep showing its old snapshot.
    committed_session.rollback()
    return committed_session.scalars(
        select(ApiRefreshToken)
        .where(ApiRefreshToken.family_id == family_id)
        .order_by(ApiRefreshToken.id)
    ).all()


def _family_of(committed_session, user_id):
    return committed_session.scalars(
        select(ApiRefreshToken.family_id)
        .where(ApiRefreshToken.user_id == user_id)
        .order_by(ApiRefreshToken.id)
    ).all()


def test_reuse_in_one_family_leaves_the_users_other_family_working(committed_session):
    user = make_user(committed_session)
    stranger = make_user(committed_session)
    phone = tokens.issue_tokens(session=committed_session, user=user)
    laptop = tokens.issue_tokens(session=committed_session, user=user)
    theirs = tokens.issue_tokens(session=committed_session, user=stranger)
    committed_session.commit()
    phone_family, laptop_family = _family_of(committed_session, user.id)
    assert phone_family != laptop_family

    tokens.rotate_refresh_token(phone.refresh_token)
    with pytest.raises(Unauthorized):
        tokens.rotate_refresh_token(phone.refresh_token)  # reuse: the phone family dies

    assert all(row.revoked_at for row in _family_rows(committed_session, phone_family))
    # The laptop's family and another user's tokens are untouched and keep rotating.
    assert [row.revoked_at for row in _family_rows(committed_session, laptop_family)] == [None]
    assert tokens.rotate_refresh_token(laptop.refresh_token).refresh_token
    assert tokens.rotate_refresh_token(theirs.refresh_token).refresh_token


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_concurrent_refreshes_of_one_token_make_one_successor(backend, committed_session):
    user = make_user(committed_session)
    pair = tokens.issue_tokens(session=committed_session, user=user)
    committed_session.commit()
    [family_id] = _family_of(committed_session, user.id)
    barrier = threading.Barrier(THREADS)

    def refresh(_index):
        barrier.wait()
        try:
            return tokens.rotate_refresh_token(pair.refresh_token)
        except Unauthorized as error:
            return error

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(refresh, range(THREADS)))

    winners = [r for r in results if isinstance(r, tokens.TokenPair)]
    assert len(winners) == 1
    assert sum(isinstance(r, Unauthorized) for r in results) == THREADS - 1
    rows = _family_rows(committed_session, family_id)
    # One successor only, and the reuse by the losers revoked it with the family.
    assert len(rows) == 2
    assert rows[0].replaced_by == rows[1].id
    assert all(row.revoked_at for row in rows)
    with pytest.raises(Unauthorized):
        tokens.rotate_refresh_token(winners[0].refresh_token)
