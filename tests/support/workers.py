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
# run after the frontend build too (`run_order`).
SERVER_FILES = (
    "tests/security/test_web_http.py",
    "tests/security/test_web_markdown_xss.py",
)


def test_file(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def uses_server(nodeid: str) -> bool:
    """Whether the test runs against the prod server (browser tests and SERVER_FILES)."""
    path = test_file(nodeid)
    return path.startswith(E2E_PREFIX) or path in SERVER_FILES


def run_order(items: list) -> list:
    """The tests file by file: first the files that need no server, the larger first, while
    the frontend builds in the background (tests/support/e2e_prepare.py); then the files
    that use the server, the larger first, so that the last units handed to a worker are
    small and the workers finish together. Stable within a file."""
    by_file: dict[str, list] = {}
    for item in items:
        by_file.setdefault(test_file(item.nodeid), []).append(item)
    files = sorted(by_file, key=lambda name: (uses_server(name), -len(by_file[name])))
    return [item for name in files for item in by_file[name]]


def files_in_run_order(config, log):
    """xdist's scheduler for `make test` (`--dist loadgroup`): whole test files as units
    (module fixtures built once), handed out in `run_order` (the collection's order)
    rather than by size, so that every worker reaches the server's files last.

    Each worker that receives a browser file starts a server of its own on the run's one
    frontend build (tests/support/e2e_server.py), so browser files spread over all workers.
    """
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False
    return LoadScopeScheduling(config, log)
