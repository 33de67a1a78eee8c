"""The browser suite's prod-mode servers (a pytest plugin: tests/conftest.py registers it).

One frontend build per test run, any number of servers serving it:

- The build and the seeded database (tests/support/e2e_prepare.py) start in the
  background as soon as pytest is configured, in the main process, so that they overlap
  the tests that need no browser; `make test` orders the browser files last
  (tests/support/workers.py). The build is the only writer of the project's .web/ during
  the run, and is reused from an earlier run when nothing it is made from has changed.
- Each pytest process (every xdist worker that receives browser tests) then serves that
  build with a server of its own: its own SQLite database and data folder, copied from the
  run's one migrated and demo-seeded template, its own OpenID Connect provider, one
  session fixture (`app_server`) for every test file that uses it, tests/security included.
- The build embeds the server's port (Reflex's env.json), so every server of the run
  listens on the same port, each on its own loopback address: the first on 127.0.0.1
  (base URL http://localhost:PORT), the next on 127.0.0.2 (http://127.0.0.2:PORT), etc.
  The page's scripts talk to the host the page came from, the port of the build.
  `app_server["other_url"]` reaches the same server under a name that is not its
  PUBLIC_URL (127.0.0.1 beside localhost; `other-N.test`, mapped by Chromium, beyond).

`oidc_provider` (the session's provider) also serves the API sign-in tests: the `oidc`
fixture gives it, reset, with the app's settings pointed at it for one test.

`python -m tests.support.e2e_server serve` (the server's environment) serves a build:
Reflex's prod backend with the compiled frontend mounted, without compiling again.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

from edu_platform.settings import PROJECT_ROOT
from tests.support.chromium import chromium_launch_args
from tests.support.e2e_prepare import (
    BUILT,
    PORT_ENV,
    REBUILD_ENV,
    STATE_ENV,
    build,
    copy_seeded_template,
    free_port,
    migrate_and_seed,
    port_free_on,
    reusable_build_port,
    server_env,
    start_build,
    start_seed_template,
    wait_for_build,
)
from tests.support.oidc_provider import LocalOIDCProvider, use_in_settings
from tests.support.workers import worker_index

SERVER_START_TIMEOUT = 300
# Test paths whose tests use the server (a run of any of them starts the build early).
SERVER_PATHS = (
    "tests/e2e",
    "tests/security/test_web_http.py",
    "tests/security/test_web_markdown_xss.py",
)


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
        port = free_port()
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
        port = free_port()
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
        migrate_and_seed(env)
    _built_frontend(tmp_path_factory)
    if not port_free_on(host, port):
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
    if sys.argv[1:2] == ["serve"]:
        serve()
    else:
        sys.exit("usage: python -m tests.support.e2e_server serve")
