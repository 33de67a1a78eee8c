"""When the browser suite serves the frontend already in .web/ instead of building it again
(tests/support/e2e_prepare.py: `reusable_build_port`)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.support import e2e_prepare
from tests.support.e2e_prepare import (
    REBUILD_ENV,
    build_inputs_digest,
    record_build,
    reusable_build_port,
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project tree as the build reads it, with a built frontend; the run not measured
    (`make test COVERAGE=1` runs these tests under coverage too)."""
    monkeypatch.delenv("COVERAGE_PROCESS_CONFIG", raising=False)
    monkeypatch.delenv(REBUILD_ENV, raising=False)
    (tmp_path / "edu_platform" / "pages").mkdir(parents=True)
    (tmp_path / "edu_platform" / "pages" / "home.py").write_text("TITLE = 'Home'\n")
    (tmp_path / "edu_platform" / "__pycache__").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a11y.css").write_text("a { color: blue }\n")
    (tmp_path / "rxconfig.py").write_text("config = None\n")
    (tmp_path / "requirements.txt").write_text("reflex==0.10.0\n")
    output = tmp_path / e2e_prepare.BUILD_OUTPUT
    (output / "assets").mkdir(parents=True)
    (output / "index.html").write_text("<html></html>")
    (output / "assets" / "entry.js").write_text("console.log(1)")
    return tmp_path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _record(project: Path, port: int) -> None:
    env = e2e_prepare._build_env(project, port)
    record_build(port, build_inputs_digest(env, project), project)


@pytest.fixture
def port(project: Path) -> int:
    """The port of the project's build, recorded as a test build records it."""
    free = _free_port()
    _record(project, free)
    return free


def test_an_unchanged_build_is_served_again_on_its_port(project: Path, port: int):
    assert reusable_build_port(project) == port
    # Bytecode the tests wrote beside the sources is not an input.
    (project / "edu_platform" / "__pycache__" / "home.cpython-311.pyc").write_bytes(b"\0")
    assert reusable_build_port(project) == port


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("edu_platform/pages/home.py", "TITLE = 'Start'\n"),
        ("edu_platform/pages/about.py", "TITLE = 'About'\n"),
        ("assets/a11y.css", "a { color: red }\n"),
        ("rxconfig.py", "config = 1\n"),
        ("requirements.txt", "reflex==0.10.1\n"),
        (".env", "OIDC_NAME=Another provider\n"),
    ],
    ids=["page", "new_page", "asset", "rxconfig", "requirements", "dotenv"],
)
def test_any_change_to_what_the_build_is_made_from_builds_again(
    project: Path, port: int, name: str, text: str
):
    (project / name).write_text(text)
    assert reusable_build_port(project) is None


def test_another_environment_builds_again(
    project: Path, port: int, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("REFLEX_ENV_MODE", "dev")
    assert reusable_build_port(project) is None
    # What differs from run to run and never reaches the build does not count.
    monkeypatch.delenv("REFLEX_ENV_MODE")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw7")
    monkeypatch.setenv("OLDPWD", "/somewhere/else")
    monkeypatch.setenv("MAKEFLAGS", " -- PYTEST_RUN=-x")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    assert reusable_build_port(project) == port
    # A setting of the app's does (its pages may compile otherwise).
    monkeypatch.setenv("OIDC_NAME", "Another provider")
    assert reusable_build_port(project) is None


def test_a_build_made_over_it_since_builds_again(project: Path, port: int):
    """`make run` compiles into the same .web/: its files are not the recorded ones."""
    entry = project / e2e_prepare.BUILD_OUTPUT / "assets" / "entry.js"
    entry.write_text("console.log(2)")
    assert reusable_build_port(project) is None
    _record(project, port)
    stat = entry.stat()
    os.utime(entry, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert reusable_build_port(project) is None


def test_a_taken_port_a_forced_rebuild_or_no_record_build_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
):
    assert reusable_build_port(project) is None  # never built here
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        _record(project, port)
        assert reusable_build_port(project) is None
    assert reusable_build_port(project) == port
    monkeypatch.setenv(REBUILD_ENV, "1")
    assert reusable_build_port(project) is None
    monkeypatch.delenv(REBUILD_ENV)
    (project / e2e_prepare.BUILD_RECORD).write_text('{"port": "x"}')
    assert reusable_build_port(project) is None


def test_a_run_under_coverage_builds_again(
    project: Path, port: int, monkeypatch: pytest.MonkeyPatch
):
    """Compiling the pages runs their code: `make coverage` measures it."""
    monkeypatch.setenv("COVERAGE_PROCESS_CONFIG", "{}")
    assert reusable_build_port(project) is None
