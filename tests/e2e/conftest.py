"""Browser tests: one prod-mode server per test session on a fresh, seeded database."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from edu_platform.settings import PROJECT_ROOT
from tests.support.oidc_provider import LocalOIDCProvider

TOOLS = PROJECT_ROOT / ".tools"
SERVER_START_TIMEOUT = 300


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(data_dir: Path, port: int, oidc: LocalOIDCProvider) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        OIDC_CLIENT_ID=oidc.client_id,
        OIDC_CLIENT_SECRET=oidc.client_secret,
        OIDC_DISCOVERY_URL=oidc.discovery_url,
        OIDC_NAME="OpenID Connect",
        TELEGRAM_BOT_TOKEN="123456:e2e-telegram-bot-token",
        ENVIRONMENT="test",
        DATABASE_URL=f"sqlite:///{data_dir / 'e2e.db'}",
        DATA_DIR=str(data_dir),
        REDIS_URL="",
        STATE_REDIS_URL="",
        FRONTEND_PORT=str(port),
        BACKEND_PORT=str(port),
        PUBLIC_URL=f"http://localhost:{port}",
        REFLEX_DIR=str(TOOLS / "reflex"),
        REFLEX_CHECK_LATEST_VERSION="0",
        REFLEX_TELEMETRY_ENABLED="false",
        BUN_INSTALL_CACHE_DIR=str(TOOLS / "bun-cache"),
        BUN_RUNTIME_TRANSPILER_CACHE_PATH=str(TOOLS / "bun-transpiler-cache"),
        PYTHONPATH=str(PROJECT_ROOT),
        PATH=f"{TOOLS / 'node_modules' / '.bin'}:{Path(sys.executable).parent}:{env['PATH']}",
    )
    bun = TOOLS / "node_modules" / ".bin" / "bun"
    if bun.exists():
        env["REFLEX_BUN_PATH"] = str(bun)
    return env


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
        time.sleep(1)
    raise RuntimeError(f"server did not answer {url}:\n{log_path.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def oidc_provider():
    """The local OpenID Connect provider the server signs in with (tests/support)."""
    with LocalOIDCProvider() as provider:
        yield provider


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, oidc_provider) -> dict:
    """Migrate and seed a fresh SQLite database, serve the app in prod mode, yield its URL."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    port = _free_port()
    env = _server_env(data_dir, port, oidc_provider)
    python = sys.executable
    subprocess.run(
        [python, "-m", "alembic", "upgrade", "head"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [python, "-m", "edu_platform.seed", "--size", "demo"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                python,
                "-m",
                "reflex",
                "run",
                "--env",
                "prod",
                "--loglevel",
                "warning",
                "--frontend-port",
                str(port),
                "--backend-port",
                str(port),
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://localhost:{port}"
    try:
        _wait_for(f"{base_url}/ping", process, log_path)
        yield {"base_url": base_url, "env": env, "data_dir": data_dir, "log": log_path}
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    return app_server["base_url"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium: Playwright's own browser download cannot work offline."""
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("chromium is not installed: `make test` installs Debian's package")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # Under pytest-xdist (`--dist loadgroup`, as `make test` runs it) every browser
            # test goes to one worker: one server per session, and one frontend build into
            # the project's .web/ at a time (the scheduler in tests/support/workers.py).
            item.add_marker(pytest.mark.xdist_group("e2e"))
