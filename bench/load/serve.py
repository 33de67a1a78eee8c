"""A `make run`-like server for the websocket load harness: one prod-mode Reflex process
on a seeded SQLite database, without Redis, on 127.0.0.1.

    python bench/load/serve.py [--port 3990] [--data /tmp/edu-load] [--size demo]

Migrates and seeds a fresh database in `--data` (once: kept between runs unless
`--fresh`), then runs `reflex run --env prod` in the foreground until Ctrl-C. The
environment is the one `make run` gives Reflex (project-local bun and caches), with the
state store left to its default choice (no STATE_REDIS_URL / REFLEX_REDIS_URL).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from edu_platform.tools.toolchain import reflex_env  # noqa: E402  (after the root is importable)


def server_env(data_dir: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("REDIS_URL", "STATE_REDIS_URL", "REFLEX_REDIS_URL", "REFLEX_STATE_MANAGER_MODE"):
        env.pop(name, None)
    env.update(
        ENVIRONMENT="development",
        DATABASE_URL=f"sqlite:///{data_dir / 'edu.db'}",
        DATA_DIR=str(data_dir),
        FRONTEND_PORT=str(port),
        BACKEND_PORT=str(port),
        BACKEND_HOST="127.0.0.1",
        PUBLIC_URL=f"http://127.0.0.1:{port}",
        **reflex_env(env["PATH"]),
    )
    return env


def prepare_database(data_dir: Path, env: dict[str, str], size: str, fresh: bool) -> None:
    if fresh and data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    migrate_and_seed(env, size, "--if-empty")


def migrate_and_seed(env: dict[str, str], size: str, *seed_flags: str, quiet: bool = False) -> None:
    """Migrates and seeds the database `env` names, in child processes as `make run` does
    (so the benchmark's own process keeps no engine of it); `quiet` hides the seed's output."""
    python = sys.executable
    subprocess.run([python, "-m", "alembic", "upgrade", "head"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "-m", "edu_platform.seed", "--size", size, *seed_flags],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def start(port: int, env: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--loglevel", "warning"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_ready(
    port: int,
    process: subprocess.Popen,
    timeout: float = 600,
    *,
    path: str = "/ping",
    pause: float = 1,
) -> None:
    """Returns once the server `process` answers `path` on `port`; exits if it dies or
    stays silent for `timeout` seconds (every benchmark that starts a server waits so)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2):
                return
        except OSError:
            time.sleep(pause)
    raise SystemExit(f"server did not answer {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=3990)
    parser.add_argument("--data", type=Path, default=Path("/tmp/edu-load"))
    parser.add_argument("--size", default="demo")
    parser.add_argument("--fresh", action="store_true", help="drop --data and seed again")
    args = parser.parse_args()
    # Stop the server with this process, whichever signal ends it (a background job
    # started by a script ignores SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    env = server_env(args.data.resolve(), args.port)
    prepare_database(args.data.resolve(), env, args.size, args.fresh)
    process = start(args.port, env, None)
    try:
        wait_ready(args.port, process)
        print(f"ready: http://127.0.0.1:{args.port} (pid {process.pid})", flush=True)
        process.wait()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
