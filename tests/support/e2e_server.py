"""The browser suite's prod-mode servers (a pytest plugin: tests/conftest.py registers it).

One frontend build per test run, any number of servers serving it:

- The build (`reflex export --frontend-only`, the same compile and Vite build as `reflex run
  --env prod`) starts in the background as soon as pytest is configured, in the main
  process, so that it overlaps the tests that need no browser; `make test` orders the
  browser files last (tests/support/workers.py). It is the only writer of the project's
  .web/ during the run.
- A run reuses the build already in .web/ when the last test build succeeded and nothing
  it is made from has changed since (the app, assets, rxconfig.py, requirements.txt, .env,
  Reflex's version, the settings in the environment), nor was anything built over it
  (`make run`):
  `reusable_build_port`. A repeated `make test` skips the build's CPU (40 s on 2 cores)
  that the tests without a browser otherwise share with it. EDU_E2E_REBUILD=1 builds anyway,
  and so does a run under coverage (compiling the pages is part of what it measures).
- Each pytest process (every xdist worker that receives browser tests) then serves that
  build with a server of its own: its own SQLite database and data folder, copied from the
  run's one migrated and demo-seeded template (made in the background beside the build),
  its own OpenID Connect provider, one session fixture (`app_server`) for every test file
  that uses it, tests/security included.
- The build embeds the server's port (Reflex's env.json), so every server of the run
  listens on the same port, each on its own loopback address: the first on 127.0.0.1
  (base URL http://localhost:PORT), the next on 127.0.0.2 (http://127.0.0.2:PORT), etc.
  The page's scripts talk to the host the page came from, the port of the build.
  `app_server["other_url"]` reaches the same server under a name that is not its
  PUBLIC_URL (127.0.0.1 beside localhost; `other-N.test`, mapped by Chromium, beyond).

`oidc_provider` (the session's provider) also serves the API sign-in tests: the `oidc`
fixture gives it, reset, with the app's settings pointed at it for one test.

`python -m tests.support.e2e_server build STATE_DIR PORT` is the build step, `... seed
STATE_DIR` makes the seeded template, and `python -m tests.support.e2e_server serve` (the
server's environment) serves a build:
Reflex's prod backend with the compiled frontend mounted, without compiling again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

from edu_platform.settings import PROJECT_ROOT
from edu_platform.tools.toolchain import reflex_env
from tests.support.argon2_profile import TEST_ARGON2
from tests.support.chromium import chromium_launch_args
from tests.support.digests import add_files
from tests.support.oidc_provider import LocalOIDCProvider, use_in_settings
from tests.support.workers import worker_index

SERVER_START_TIMEOUT = 300
BUILD_TIMEOUT = 600
# Set by the main process for its workers: where the build's status is, and its port.
STATE_ENV = "EDU_E2E_BUILD_DIR"
PORT_ENV = "EDU_E2E_PORT"
BUILDING, BUILT = "building", "ok"
# Test paths whose tests use the server (a run of any of them starts the build early).
SERVER_PATHS = (
    "tests/e2e",
    "tests/security/test_web_http.py",
    "tests/security/test_web_markdown_xss.py",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_free_on(host: str, port: int) -> bool:
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
    if not _port_free_on("127.0.0.1", port) or not (root / BUILD_OUTPUT).is_dir():
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
    (`python -m tests.support.e2e_server build`)."""
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
    """`python -m tests.support.e2e_server ARGS` in a session of its own; `status` says
    BUILDING until the step writes how it ended."""
    status.write_text(BUILDING)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.e2e_server", *args],
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


def _migrate_and_seed(env: dict[str, str]) -> None:
    for argv in (["alembic", "upgrade", "head"], ["edu_platform.seed", "--size", "demo"]):
        subprocess.run(
            [sys.executable, "-m", *argv], cwd=PROJECT_ROOT, env=env, check=True,
            capture_output=True,
        )  # fmt: skip


def seed_template(state_dir: Path) -> int:
    """Migrate and seed `state_dir/seeded` (its database and data folder) for the servers
    to copy; SEED_STATUS says how it ended. Run as a process of its own (`python -m
    tests.support.e2e_server seed STATE_DIR`). Nothing the seed writes depends on the
    server's address or port (certificates are not rendered, links are made when read)."""
    template = state_dir / TEMPLATE_DIR
    template.mkdir(exist_ok=True)
    status = state_dir / SEED_STATUS
    try:
        _migrate_and_seed(server_env(template, 0, public_url="http://localhost"))
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


def _runs_browser_tests(config: pytest.Config) -> bool:
    """Whether this run includes tests that need the server (then build at once)."""
    if "not e2e" in (config.getoption("markexpr", "") or ""):
        return False
    if os.environ.get("EDU_SCALE_TESTS") == "1":
        return False
    root = Path(config.rootpath)
    args = [a.split("::", 1)[0] for a in config.args if not a.startswith("-")]
    for arg in args or ["tests"]:
        path = (Path(config.invocation_params.dir) / arg).resolve()
        for server_path in SERVER_PATHS:
            target = (root / server_path).resolve()
            if path == target or target.is_relative_to(path) or path.is_relative_to(target):
                return True
    return False


_BUILD: dict[str, object] = {}


def pytest_configure(config: pytest.Config) -> None:
    """In the main pytest process: start the build, tell the workers where it is."""
    if os.environ.get("PYTEST_XDIST_WORKER") or STATE_ENV in os.environ:
        return
    if not _runs_browser_tests(config):
        return
    state_dir = Path(tempfile.mkdtemp(prefix="edu-e2e-build-"))
    _BUILD.update(state_dir=state_dir)
    port = _reuse_build(state_dir)
    if port is None:
        port = _free_port()
        _BUILD.update(process=start_build(state_dir, port))
    else:
        _BUILD.update(reused=True)
    _BUILD.update(seeding=start_seed_template(state_dir))
    # xdist workers start after configure and inherit these.
    os.environ[STATE_ENV] = str(state_dir)
    os.environ[PORT_ENV] = str(port)


def pytest_terminal_summary(terminalreporter) -> None:
    """The frontend build's time and how long the workers waited for it: whether the
    build, running beside the tests without a browser, delays the browser suite."""
    state_dir = _BUILD.get("state_dir")
    if _BUILD.get("reused"):
        terminalreporter.write_line(
            f"frontend build: reused, nothing it is made from changed ({REBUILD_ENV}=1 builds anew)"
        )
        return
    if not isinstance(state_dir, Path) or not (state_dir / "seconds").exists():
        return
    waits = ", ".join(
        f"{path.name.removeprefix('waited-')} {path.read_text()} s"
        for path in sorted(state_dir.glob("waited-*"))
    )
    terminalreporter.write_line(
        f"frontend build: {(state_dir / 'seconds').read_text()} s in the background; "
        f"waited for it: {waits or 'nobody'}"
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    for name in ("process", "seeding"):
        process = _BUILD.pop(name, None)
        if isinstance(process, subprocess.Popen) and process.poll() is None:
            _stop_group(process)
    state_dir = _BUILD.pop("state_dir", None)
    if isinstance(state_dir, Path):
        os.environ.pop(STATE_ENV, None)
        os.environ.pop(PORT_ENV, None)
        shutil.rmtree(state_dir, ignore_errors=True)
    _BUILD.clear()


def _reuse_build(state_dir: Path) -> int | None:
    """The port of the build in .web/ when this run may serve it (`reusable_build_port`),
    its status in `state_dir` then saying it is built; None: build."""
    port = reusable_build_port()
    if port is not None:
        (state_dir / "status").write_text(BUILT)
    return port


def _built_frontend(tmp_path_factory: pytest.TempPathFactory) -> int:
    """The port of this run's build, once it is ready; built here and now when the main
    process started none (a run whose arguments did not look like browser tests)."""
    state = os.environ.get(STATE_ENV)
    if state:
        wait_for_build(Path(state))
        return int(os.environ[PORT_ENV])
    state_dir = tmp_path_factory.mktemp("e2e-build")
    port = _reuse_build(state_dir)
    if port is None:
        port = _free_port()
        build(state_dir, port)
    wait_for_build(state_dir)  # raises with the log if it failed
    os.environ[STATE_ENV], os.environ[PORT_ENV] = str(state_dir), str(port)
    return port


# --- a server --------------------------------------------------------------------------


def serve() -> None:
    """Reflex's prod backend with the compiled frontend mounted, as `reflex run --env prod`
    ends up running it, but without compiling (the build is shared). Environment: as
    `server_env`, plus BACKEND_HOST."""
    from reflex import constants
    from reflex.config import get_config
    from reflex.utils import exec as reflex_exec
    from reflex_base.environment import environment

    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    config = get_config()
    reflex_exec.run_backend_prod(
        config.backend_host,
        int(os.environ["BACKEND_PORT"]),
        config.loglevel.subprocess_level(),
        True,
    )


def _wait_for(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server did not answer {url}:\n{log_path.read_text()[-4000:]}")


# A server under coverage writes its data on SIGTERM (.coveragerc sigterm): a SIGKILL
# loses it, and the state package's coverage with it.
STOP_TIMEOUT = 60


def _stop_group(process: subprocess.Popen) -> None:
    started = time.monotonic()
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_TIMEOUT)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
            # A warning, so that the run's summary says it (CI keeps nothing else).
            warnings.warn(
                f"the e2e server did not stop within {STOP_TIMEOUT} s of SIGTERM and was "
                "killed (under coverage its data is lost)",
                stacklevel=2,
            )
    if time.monotonic() - started > 10:
        warnings.warn(
            f"the e2e server took {time.monotonic() - started:.0f} s to stop", stacklevel=2
        )


def _addresses(index: int, port: int) -> tuple[str, str, str]:
    """(host to bind, base URL, another URL of the same server) for the index-th server."""
    if index == 0:
        return "127.0.0.1", f"http://localhost:{port}", f"http://127.0.0.1:{port}"
    host = f"127.0.0.{index + 1}"
    return host, f"http://{host}:{port}", f"http://other-{index}.test:{port}"


@pytest.fixture(scope="session")
def oidc_provider():
    """The local OpenID Connect provider the server signs in with (tests/support)."""
    with LocalOIDCProvider() as provider:
        yield provider


@pytest.fixture
def oidc(oidc_provider, monkeypatch: pytest.MonkeyPatch):
    """`oidc_provider`, reset, as the app's OpenID Connect provider for one test (settings
    pointed at it, public URL http://testserver); reset again afterwards for the next user."""
    use_in_settings(oidc_provider, monkeypatch)
    yield oidc_provider
    oidc_provider.reset()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, oidc_provider) -> dict:
    """This process's server: a fresh migrated and seeded SQLite database, the run's
    frontend build, yields its URLs, environment, data folder and log."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    index = worker_index(os.environ.get("PYTEST_XDIST_WORKER"))
    port = int(os.environ.get(PORT_ENV) or 0) or _built_frontend(tmp_path_factory)
    host, base_url, other_url = _addresses(index, port)
    env = server_env(
        data_dir,
        port,
        public_url=base_url,
        BACKEND_HOST=host,
        CORS_EXTRA_ORIGINS=other_url if index else "",
        OIDC_CLIENT_ID=oidc_provider.client_id,
        OIDC_CLIENT_SECRET=oidc_provider.client_secret,
        OIDC_DISCOVERY_URL=oidc_provider.discovery_url,
        OIDC_NAME="OpenID Connect",
    )
    python = sys.executable
    # The database first: it is ready by the time a build started with the run is.
    if not copy_seeded_template(data_dir):
        _migrate_and_seed(env)
    _built_frontend(tmp_path_factory)
    if not _port_free_on(host, port):
        pytest.fail(f"{host}:{port} is taken: the build's port must be free on {host}")
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [python, "-m", "tests.support.e2e_server", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(f"{base_url}/ping", process, log_path)
        server = {
            "base_url": base_url,
            "other_url": other_url,
            "env": env,
            "data_dir": data_dir,
            "log": log_path,
        }
        SERVERS[base_url] = SERVERS[other_url] = server
        yield server
    finally:
        SERVERS.pop(base_url, None)
        SERVERS.pop(other_url, None)
        _stop_group(process)


# This process's server by its base URLs (helpers given only a URL find its database).
SERVERS: dict[str, dict] = {}
# Where the server's log stood when a test started (what it wrote since goes with a failure).
_LOG_START = pytest.StashKey[int]()
LOG_TAIL_CHARS = 6000


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    yield
    server = getattr(item, "funcargs", {}).get("app_server")
    if isinstance(server, dict) and server.get("log") and server["log"].exists():
        item.stash[_LOG_START] = server["log"].stat().st_size


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test's report carries what the server logged during the test (an
    event handler's traceback, say): CI keeps nothing else of the server."""
    outcome = yield
    report = outcome.get_result()
    start = item.stash.get(_LOG_START, None)
    if not report.failed or start is None:
        return
    log_path = item.funcargs["app_server"]["log"]
    with log_path.open("rb") as log:
        log.seek(start)
        written = log.read().decode(errors="replace")
    report.sections.append(
        ("app server log during the test", written[-LOG_TAIL_CHARS:] or "(nothing)")
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    index = worker_index(os.environ.get("PYTEST_XDIST_WORKER"))
    # app_server["other_url"] of this worker's server (see above): other-N.test → 127.0.0.N+1
    extra = [f"--host-resolver-rules=MAP other-{index}.test 127.0.0.{index + 1}"] if index else []
    return chromium_launch_args(browser_type_launch_args, "test", *extra)


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"]:
        sys.exit(build(Path(sys.argv[2]), int(sys.argv[3])))
    elif sys.argv[1:2] == ["seed"]:
        sys.exit(seed_template(Path(sys.argv[2])))
    elif sys.argv[1:2] == ["serve"]:
        serve()
    else:
        sys.exit(
            "usage: python -m tests.support.e2e_server "
            "build STATE_DIR PORT | seed STATE_DIR | serve"
        )
