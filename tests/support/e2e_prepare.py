"""What a test run prepares once for the browser suite's servers (tests/support/e2e_server.py
serves them): the frontend build and a migrated, demo-seeded database to copy, each made in
a process of its own in the background (`python -m tests.support.e2e_prepare build STATE_DIR
PORT` / `seed STATE_DIR`) while the tests without a browser run, and the environment both
the build and a server get (`server_env`).

- A run reuses the build already in .web/ when the last test build succeeded and nothing
  it is made from has changed since (the app, assets, rxconfig.py, requirements.txt, .env,
  Reflex's version, the settings in the environment), nor was anything built over it
  (`make run`): `reusable_build_port`. A repeated `make test` skips the build's CPU (40 s
  on 2 cores) that the tests without a browser otherwise share with it. EDU_E2E_REBUILD=1
  builds anyway, and so does a run under coverage (compiling the pages is part of what it
  measures).
- Every server starts on a copy of the run's one seeded template (`copy_seeded_template`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from edu_platform.settings import PROJECT_ROOT
from edu_platform.tools.toolchain import reflex_env
from tests.support.argon2_profile import TEST_ARGON2
from tests.support.digests import add_files

BUILD_TIMEOUT = 600
# Set by the main process for its workers: where the build's status is, and its port.
STATE_ENV = "EDU_E2E_BUILD_DIR"
PORT_ENV = "EDU_E2E_PORT"
BUILDING, BUILT = "building", "ok"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_free_on(host: str, port: int) -> bool:
    """Whether a server could listen on host:port now. As the servers do, SO_REUSEADDR: the
    connections of a server that stopped a moment ago (TIME_WAIT) do not hold the port."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def server_env(data_dir: Path, port: int, *, public_url: str, **extra: str) -> dict[str, str]:
    """The environment of the build and of a server (settings read by rxconfig and the app)."""
    env = dict(os.environ)
    env.pop(STATE_ENV, None)
    env.update(
        ENVIRONMENT="test",
        DATABASE_URL=f"sqlite:///{data_dir / 'e2e.db'}",
        DATA_DIR=str(data_dir),
        REDIS_URL="",
        STATE_REDIS_URL="",
        FRONTEND_PORT=str(port),
        BACKEND_PORT=str(port),
        PUBLIC_URL=public_url,
        TELEGRAM_BOT_TOKEN="123456:e2e-telegram-bot-token",
        # Live badges and analytics check every second: the tests wait for them to move.
        LIVE_POLL_SECONDS="1",
        # tests/conftest.py's cheap argon2 profile in the server too (the seeded accounts'
        # hashes, password changes, the sign-in forms).
        **{name.upper(): str(value) for name, value in TEST_ARGON2.items()},
        **reflex_env(env["PATH"]),
        **extra,
    )
    return env


# --- the build -------------------------------------------------------------------------


# What the last successful test build was made from and what it left in .web/ (`build`
# writes it, `reusable_build_port` reads it), and where the build's files are.
BUILD_RECORD = ".web/edu-test-build.json"
BUILD_OUTPUT = ".web/build/client"
# What the build's result depends on besides the environment: the app (its pages compile
# to the frontend), the static assets, Reflex's configuration, the pinned packages and the
# settings file.
BUILD_INPUTS = ("edu_platform", "assets", "rxconfig.py", "requirements.txt", ".env")
# The environment's part in it: the app's settings (edu_platform/settings.py, which
# rxconfig.py reads) and the build tools' own variables. Nothing else (make's, pytest's,
# the shell's) reaches the build, and counting it would only build again for nothing.
BUILD_ENV_PREFIXES = ("REFLEX_", "VITE_", "NODE_", "BUN_")
REBUILD_ENV = "EDU_E2E_REBUILD"


def build_inputs_digest(env: dict[str, str], root: Path = PROJECT_ROOT) -> str:
    """A digest of everything the frontend build is made from: the files of BUILD_INPUTS,
    Reflex's version and the build's settings and tools' variables (the port and public URL
    included)."""
    from reflex import constants

    from edu_platform.settings import Settings

    settings_names = {name.upper() for name in Settings.model_fields} | {"REFLEX_REDIS_URL"}
    digest = hashlib.sha256(f"reflex {constants.Reflex.VERSION}\n".encode())
    for name, value in sorted(env.items()):
        if name.upper() in settings_names or name.upper().startswith(BUILD_ENV_PREFIXES):
            digest.update(f"{name}={value}\n".encode())
    add_files(digest, root, BUILD_INPUTS)
    return digest.hexdigest()


def build_output_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """Names, sizes and times of the built files: another build into .web/ (`make run`'s
    `reflex run` compiles there too) changes it."""
    output = root / BUILD_OUTPUT
    digest = hashlib.sha256()
    for path in sorted(output.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(
                f"{path.relative_to(output)} {stat.st_size} {stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()


def record_build(port: int, inputs: str, root: Path = PROJECT_ROOT) -> None:
    """Note a successful build for `port` from `inputs` (build_inputs_digest) and its files."""
    record = {"port": port, "inputs": inputs, "output": build_output_fingerprint(root)}
    (root / BUILD_RECORD).write_text(json.dumps(record))


def reusable_build_port(root: Path = PROJECT_ROOT) -> int | None:
    """The port of the frontend already in .web/ when this run may serve it as it is: the
    last test build succeeded, nothing it was made from has changed, nothing has been built
    over it since, and its port is free. None: build anew (EDU_E2E_REBUILD=1 forces that)."""
    record_path = root / BUILD_RECORD
    if os.environ.get(REBUILD_ENV) == "1" or _under_coverage() or not record_path.exists():
        return None
    try:
        record = json.loads(record_path.read_text())
        port = int(record["port"])
    except (ValueError, KeyError, TypeError):
        return None
    if not port_free_on("127.0.0.1", port) or not (root / BUILD_OUTPUT).is_dir():
        return None
    env = _build_env(Path(tempfile.gettempdir()), port)
    if record.get("inputs") != build_inputs_digest(env, root):
        return None
    if record.get("output") != build_output_fingerprint(root):
        return None
    return port


def _under_coverage() -> bool:
    """Whether this run is measured (`make coverage`): then it builds, because compiling the
    pages runs their code, which the coverage of pages/ and components/ counts."""
    # Set by coverage's subprocess patch (.coveragerc) in `coverage run` and its children.
    return "COVERAGE_PROCESS_CONFIG" in os.environ


def _build_env(state_dir: Path, port: int) -> dict[str, str]:
    # The database and data folder are the build's own, never read: left out of the digest.
    env = server_env(state_dir, port, public_url=f"http://localhost:{port}")
    return {**env, "DATABASE_URL": "sqlite://", "DATA_DIR": ""}


def build(state_dir: Path, port: int) -> int:
    """Compile and build the frontend for `port` into .web/; the status file says how it
    ended, and BUILD_RECORD what a later run may reuse. Run as a process of its own
    (`python -m tests.support.e2e_prepare build`)."""
    status = state_dir / "status"
    env = server_env(state_dir, port, public_url=f"http://localhost:{port}")
    inputs = build_inputs_digest(_build_env(state_dir, port))
    (PROJECT_ROOT / BUILD_RECORD).unlink(missing_ok=True)  # .web/ is about to change
    started = time.monotonic()
    with (state_dir / "build.log").open("ab") as log:
        returncode = subprocess.run(
            [sys.executable, "-m", "reflex", "export", "--frontend-only", "--no-zip",
             "--env", "prod", "--loglevel", "warning"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        ).returncode  # fmt: skip
    (state_dir / "seconds").write_text(f"{time.monotonic() - started:.0f}")
    if returncode == 0:
        record_build(port, inputs)
    status.write_text(BUILT if returncode == 0 else f"failed ({returncode})")
    return returncode


def _start_in_background(status: Path, *args: str) -> subprocess.Popen:
    """`python -m tests.support.e2e_prepare ARGS` in a session of its own; `status` says
    BUILDING until the step writes how it ended."""
    status.write_text(BUILDING)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.e2e_prepare", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait_while_building(status: Path, what: str) -> str:
    """How a background step ended (its status file), once it has."""
    deadline = time.monotonic() + BUILD_TIMEOUT
    while (text := status.read_text()) == BUILDING:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} took over {BUILD_TIMEOUT} s")
        time.sleep(0.25)
    return text


def start_build(state_dir: Path, port: int) -> subprocess.Popen:
    return _start_in_background(state_dir / "status", "build", str(state_dir), str(port))


def wait_for_build(state_dir: Path) -> None:
    status, log = state_dir / "status", state_dir / "build.log"
    started = time.monotonic()
    text = _wait_while_building(status, "the frontend build")
    # How long this process waited for the build (the run's summary prints it).
    waited = state_dir / f"waited-{os.environ.get('PYTEST_XDIST_WORKER') or 'main'}"
    waited.write_text(f"{time.monotonic() - started:.0f}")
    if text != BUILT:
        tail = log.read_text(errors="replace")[-4000:] if log.exists() else ""
        raise RuntimeError(f"the frontend build {text}:\n{tail}")


# --- the seeded database -----------------------------------------------------------------


# Every server starts on a copy of one migrated, demo-seeded database and data folder (the
# banners), made once per run in the background beside the build (`seed_template`): the
# migration and the demo seed cost 9-10 CPU-seconds, once per server before.
TEMPLATE_DIR = "seeded"
SEED_STATUS = "seed-status"
SEEDED = "ok"


def migrate_and_seed(env: dict[str, str]) -> None:
    for argv in (["alembic", "upgrade", "head"], ["edu_platform.seed", "--size", "demo"]):
        subprocess.run(
            [sys.executable, "-m", *argv], cwd=PROJECT_ROOT, env=env, check=True,
            capture_output=True,
        )  # fmt: skip


def seed_template(state_dir: Path) -> int:
    """Migrate and seed `state_dir/seeded` (its database and data folder) for the servers
    to copy; SEED_STATUS says how it ended. Run as a process of its own (`python -m
    tests.support.e2e_prepare seed STATE_DIR`). Nothing the seed writes depends on the
    server's address or port (certificates are not rendered, links are made when read)."""
    template = state_dir / TEMPLATE_DIR
    template.mkdir(exist_ok=True)
    status = state_dir / SEED_STATUS
    try:
        migrate_and_seed(server_env(template, 0, public_url="http://localhost"))
        with contextlib.closing(sqlite3.connect(template / "e2e.db")) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all of it in one file
    except Exception as failure:  # whatever it is, the servers waiting for it must hear
        details = repr(failure)
        if isinstance(failure, subprocess.CalledProcessError):
            output = (failure.stdout or b"") + (failure.stderr or b"")
            details = f"{failure.cmd}\n{output.decode(errors='replace')[-4000:]}"
        status.write_text(f"failed: {details}")
        return 1
    status.write_text(SEEDED)
    return 0


def start_seed_template(state_dir: Path) -> subprocess.Popen:
    return _start_in_background(state_dir / SEED_STATUS, "seed", str(state_dir))


def copy_seeded_template(data_dir: Path) -> bool:
    """Fill `data_dir` from the run's seeded template once it is ready; False when the run
    made none (the caller migrates and seeds itself)."""
    state = os.environ.get(STATE_ENV)
    status = Path(state) / SEED_STATUS if state else None
    if status is None or not status.exists():
        return False
    text = _wait_while_building(status, "the seeded template")
    if text != SEEDED:
        raise RuntimeError(f"the seeded template {text}")
    shutil.copytree(status.parent / TEMPLATE_DIR, data_dir, dirs_exist_ok=True)
    return True


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"]:
        sys.exit(build(Path(sys.argv[2]), int(sys.argv[3])))
    elif sys.argv[1:2] == ["seed"]:
        sys.exit(seed_template(Path(sys.argv[2])))
    else:
        sys.exit("usage: python -m tests.support.e2e_prepare build STATE_DIR PORT | seed STATE_DIR")
