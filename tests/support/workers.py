"""Per-process test resources when pytest-xdist runs the suite in several workers.

Each worker is a process of its own (`PYTEST_XDIST_WORKER` = gw0, gw1, ...): PostgreSQL
databases are already unique per process (tests/conftest.py names them after the pid),
but Redis databases are numbered, so each worker takes its own number derived from the
base database of TEST_REDIS_URL. Numbers 0 and 1 are never handed out to a worker (they
are the application's own: jobs and Reflex state), and nothing goes beyond 15.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

FIRST_FREE_DB = 2
LAST_DB = 15


def worker_index(worker_id: str | None) -> int:
    """0 for the main process or gw0, n for gwn."""
    if not worker_id or not worker_id.startswith("gw"):
        return 0
    return int(worker_id[2:])


def redis_db_candidates(base: int) -> list[int]:
    """The databases workers take, in order: the base, upwards to 15, then downwards to 2."""
    if not 0 <= base <= LAST_DB:
        raise ValueError(f"Redis database {base} is outside 0..{LAST_DB}")
    upwards = [db for db in range(base + 1, LAST_DB + 1) if db >= FIRST_FREE_DB]
    downwards = list(range(base - 1, FIRST_FREE_DB - 1, -1))
    return [base, *upwards, *downwards]


def worker_redis_url(base_url: str, worker_id: str | None) -> str:
    """TEST_REDIS_URL with the database number of this worker."""
    parts = urlsplit(base_url)
    base = int(parts.path.strip("/") or 0)
    candidates = redis_db_candidates(base)
    index = worker_index(worker_id)
    if index >= len(candidates):
        raise ValueError(
            f"{index + 1} test workers need more Redis databases than {candidates} "
            "(run fewer workers: make test TEST_WORKERS=4)"
        )
    return urlunsplit(parts._replace(path=f"/{candidates[index]}"))


E2E_PREFIX = "tests/e2e/"
# Test files outside tests/e2e/ that use its prod server (the `app_server` fixture): they
# must share the browser tests' worker, or a second server compiles into .web/ at once.
SERVER_FILES = (
    "tests/security/test_web_http.py",
    "tests/security/test_web_markdown_xss.py",
)


def forced_group(nodeid: str) -> str | None:
    """The scheduling group a test must run in whatever its marks say (None: free)."""
    if nodeid.startswith(E2E_PREFIX) or nodeid.split("::", 1)[0] in SERVER_FILES:
        return "e2e"
    return None


def browser_tests_together(config, log):
    """xdist's loadgroup scheduler that also puts every test under tests/e2e/ in one group.

    Browser tests share one server per worker session, and that server compiles the
    frontend into the project's .web/: two workers must never do so at once. xdist 3.8
    groups by an `@group` suffix it writes into the node id, which pytest 9 no longer
    lets it change, so the `xdist_group` mark alone does not hold the tests together.
    """
    from xdist.scheduler import LoadGroupScheduling

    class BrowserTestsTogether(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return forced_group(nodeid) or super()._split_scope(nodeid)

    return BrowserTestsTogether(config, log)
