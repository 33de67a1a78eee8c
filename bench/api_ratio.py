"""GET /api/v1/courses (first page) against a bare FastAPI route, same server, same run.

    python bench/api_ratio.py [--backend sqlite|postgres] [--workers 1] [--seconds 10]
                              [--clients 1,8,32] [--redis-url URL] [--size demo]

Migrates and seeds (`edu_platform.seed --size demo`) a scratch database (SQLite file in a
temporary directory, or a scratch PostgreSQL database dropped at the end), starts the
integration API (`create_api()`, the routers `make run` serves) plus `GET /bench/bare`
(returns `{"ok": true}`) under uvicorn with `--workers` processes, and runs wrk (Debian's
`wrk` package) against both routes at each client count. Prints requests/s, p99 and the
ratio courses/bare per client count, and checks the issue #13 targets: the list serves
at least 1/3 of the bare route's requests/s, and 32 clients at least as many as 1.

The load generator shares the machine's cores with the server: figures are for the
whole box, as a learner's browser on the same host would see them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from load.serve import migrate_and_seed, wait_ready

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
COURSES = "/api/v1/courses?per_page=20"
BARE = "/bench/bare"


def make_app():
    """The served app (uvicorn --factory): the integration API plus the bare route."""
    sys.path.insert(0, str(ROOT))
    from edu_platform.api import create_api

    api = create_api()

    @api.get(BARE)
    def bare() -> dict:
        return {"ok": True}

    return api


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wrk(url: str, clients: int, seconds: int) -> tuple[float, str, int]:
    """(requests/s, p99, non-2xx + socket errors) of one wrk run."""
    threads = min(clients, 2)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return rate, p99, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--redis-url", default="", help="cache in Redis (default: in-process)")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--size", default="demo")
    parser.add_argument("--no-cache", action="store_true", help="CATALOG_CACHE_TTL=0")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")

    data_dir = Path(tempfile.mkdtemp(prefix="edu-api-ratio-"))
    scratch = None
    if args.backend == "sqlite":
        url = f"sqlite:///{data_dir / 'edu.db'}"
    else:
        from sqlalchemy import create_engine, make_url

        scratch = f"edu_bench_ratio_{os.getpid()}"
        admin = create_engine(args.postgres_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{scratch}"')
        url = make_url(args.postgres_url).set(database=scratch).render_as_string(False)
    env = dict(os.environ)
    for name in ("REDIS_URL", "STATE_REDIS_URL", "REFLEX_REDIS_URL"):
        env.pop(name, None)
    env.update(
        ENVIRONMENT="development",
        DATABASE_URL=url,
        DATA_DIR=str(data_dir),
        PYTHONPATH=str(ROOT),
        REDIS_URL=args.redis_url,
    )
    if args.no_cache:
        env["CATALOG_CACHE_TTL"] = "0"
    server = None
    try:
        migrate_and_seed(env, args.size, "--no-banners", quiet=True)
        port = _free_port()
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "--factory", "api_ratio:make_app"),
                *("--app-dir", str(ROOT / "bench"), "--port", str(port)),
                *("--workers", str(args.workers), "--log-level", "warning", "--no-access-log"),
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        wait_ready(port, server, 60, path=BARE, pause=0.3)
        base = f"http://127.0.0.1:{port}"
        for path in (COURSES, BARE):  # warm up: imports, pools, the cache
            _wrk(base + path, 4, 2)
        cpu = os.cpu_count()
        print(
            f"{args.backend}, {args.workers} server process(es), cache "
            f"{'off' if args.no_cache else args.redis_url or 'in-process'}, {cpu} cores, "
            f"wrk {args.seconds} s per cell"
        )
        print(
            f"{'clients':>7} | {'courses req/s':>13} {'p99':>8} | {'bare req/s':>10} "
            f"{'p99':>8} | ratio"
        )
        results = {}
        for clients in [int(c) for c in args.clients.split(",")]:
            courses, courses_p99, courses_errors = _wrk(base + COURSES, clients, args.seconds)
            bare, bare_p99, _ = _wrk(base + BARE, clients, args.seconds)
            results[clients] = (courses, bare)
            errors = f"  ({courses_errors} errors)" if courses_errors else ""
            print(
                f"{clients:>7} | {courses:>13,.0f} {courses_p99:>8} | {bare:>10,.0f} "
                f"{bare_p99:>8} | {courses / bare:.2f}{errors}"
            )
        counts = sorted(results)
        worst = min(courses / bare for courses, bare in results.values())
        scales = results[counts[-1]][0] >= results[counts[0]][0]
        print(
            f"targets: ratio >= 0.33: {'yes' if worst >= 1 / 3 else 'NO'} (worst {worst:.2f}); "
            f"{counts[-1]} clients >= {counts[0]}: {'yes' if scales else 'NO'}"
        )
        return 0 if worst >= 1 / 3 and scales else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if scratch is not None:
            from sqlalchemy import create_engine

            admin = create_engine(args.postgres_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
