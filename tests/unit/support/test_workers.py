"""The per-worker Redis database and the run order of the test suite (tests/support/workers.py)."""

from __future__ import annotations

import pytest

from tests.support.workers import redis_db_candidates, run_order, uses_server, worker_redis_url


def test_without_xdist_the_url_is_taken_as_given():
    assert worker_redis_url("redis://127.0.0.1:6379/7", None) == "redis://127.0.0.1:6379/7"
    assert worker_redis_url("redis://127.0.0.1:6379/15", "gw0") == "redis://127.0.0.1:6379/15"


def test_each_worker_gets_its_own_database_within_2_to_15():
    urls = [worker_redis_url("redis://127.0.0.1:6379/15", f"gw{n}") for n in range(14)]
    numbers = [int(url.rsplit("/", 1)[1]) for url in urls]
    assert numbers[:3] == [15, 14, 13]
    assert sorted(numbers) == list(range(2, 16))
    assert worker_redis_url("redis://h:1/9", "gw1") == "redis://h:1/10"


def test_more_workers_than_databases_is_an_error_not_a_shared_database():
    assert len(redis_db_candidates(7)) == 14
    with pytest.raises(ValueError, match="Redis databases"):
        worker_redis_url("redis://127.0.0.1:6379/7", "gw14")
    assert 0 not in redis_db_candidates(5) and 1 not in redis_db_candidates(5)


def test_the_server_files_run_last_and_the_larger_files_first_whole_files_together():
    class Item:
        def __init__(self, nodeid: str) -> None:
            self.nodeid = nodeid

    ids = [
        "tests/e2e/test_home.py::a[chromium]",
        "tests/unit/test_x.py::a",
        "tests/e2e/test_quiz.py::a[chromium]",
        "tests/security/test_web_http.py::a",
        "tests/e2e/test_quiz.py::b[chromium]",
        "tests/api/test_y.py::a",
        "tests/unit/test_x.py::b",
        "tests/e2e/test_home.py::b[chromium]",
        "tests/e2e/test_home.py::c[chromium]",
    ]
    ordered = [item.nodeid for item in run_order([Item(nodeid) for nodeid in ids])]
    assert ordered == [
        "tests/unit/test_x.py::a",
        "tests/unit/test_x.py::b",
        "tests/api/test_y.py::a",
        "tests/e2e/test_home.py::a[chromium]",
        "tests/e2e/test_home.py::b[chromium]",
        "tests/e2e/test_home.py::c[chromium]",
        "tests/e2e/test_quiz.py::a[chromium]",
        "tests/e2e/test_quiz.py::b[chromium]",
        "tests/security/test_web_http.py::a",
    ]
    assert uses_server("tests/e2e/test_quiz.py::b[chromium]")
    assert not uses_server("tests/integration/test_e2e_like.py::test_z")


def test_every_file_that_uses_the_prod_server_runs_after_the_build_with_the_browser_tests():
    from pathlib import Path

    from tests.support import workers

    root = Path(__file__).resolve().parents[3]
    users = {
        path.relative_to(root).as_posix()
        for path in (root / "tests").rglob("test_*.py")
        if "app_server" in path.read_text(encoding="utf-8")
        and not path.relative_to(root).as_posix().startswith(workers.E2E_PREFIX)
        and path.resolve() != Path(__file__).resolve()
    }
    assert users <= set(workers.SERVER_FILES), users - set(workers.SERVER_FILES)
    assert all(workers.uses_server(f"{name}::test_x") for name in users)
