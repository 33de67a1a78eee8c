"""Fixtures of the scale-out suite (`make scale-test`): one Stack (stack.py) per session.

Not collected by `make test` (tests/conftest.py skips this folder unless
EDU_SCALE_TESTS=1, which `make scale-test` sets). Needs nginx, redis-server, the
PostgreSQL server binaries and chromium; with CI=true a missing one is a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from edu_platform import cache, db, jobs
from edu_platform.services import accounts
from edu_platform.settings import settings
from tests.scale.stack import PG_BIN, Stack
from tests.support.chromium import chromium_launch_args

PASSWORD = "scale-password-1"
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
_timings: list[tuple[str, float]] = []


def _missing_tools() -> list[str]:
    # /usr/sbin is not on every PATH (nginx lives there).
    search = f"{os.environ.get('PATH', '')}:/usr/sbin"
    tools = ("nginx", "redis-server", "chromium")
    missing = [tool for tool in tools if not shutil.which(tool, path=search)]
    if not (PG_BIN / "initdb").exists():
        missing.append(str(PG_BIN / "initdb"))
    return missing


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    missing = _missing_tools()
    if missing:
        message = f"the scale suite needs {', '.join(missing)} (`make scale-test` installs them)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    started = time.monotonic()
    the_stack = Stack()
    try:
        the_stack.start()
        _timings.extend(the_stack.timings)
        _timings.append(("stack ready (total)", time.monotonic() - started))
        yield the_stack
    except BaseException:
        print(the_stack.logs())
        raise
    finally:
        with the_stack.timed("stack stop"):
            the_stack.stop()
        _timings.append(the_stack.timings[-1])
        if os.environ.get("EDU_SCALE_KEEP") != "1":
            shutil.rmtree(the_stack.root, ignore_errors=True)


@pytest.fixture(scope="session")
def stack_engine(stack: Stack) -> Iterator[Engine]:
    engine = db.make_engine(stack.database_url, pool_size=2)
    yield engine
    engine.dispose()


@contextlib.contextmanager
def in_stack(stack: Stack, engine: Engine) -> Iterator[None]:
    """Run services in this process against the stack (its database, Redis, files)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "database_url", stack.database_url)
        patch.setattr(settings, "redis_url", stack.redis_url)
        patch.setattr(settings, "data_dir", stack.data_dir)
        previous = db.get_engine()
        db.set_engine(engine)
        jobs.redis_connection.cache_clear()
        try:
            yield
        finally:
            db.set_engine(previous)
            jobs.redis_connection.cache_clear()
            cache.clear()


def new_account(
    stack: Stack, engine: Engine, role: str = "student", name: str = "Scale Tester"
) -> str:
    """A verified account on the stack's database; its email (password PASSWORD)."""
    email = f"scale-{uuid.uuid4().hex[:10]}@example.com"
    with in_stack(stack, engine), Session(engine, expire_on_commit=False) as session:
        accounts.register(
            session=session,
            email=email,
            password=PASSWORD,
            full_name=name,
            locale="en",
            role=role,
            verified=True,
        )
        session.commit()
    return email


@pytest.fixture
def record_time():
    """record_time(label, seconds): a figure printed in the suite's timing summary."""

    def record(label: str, seconds: float) -> None:
        _timings.append((label, seconds))

    return record


@pytest.fixture(scope="session")
def base_url(stack: Stack) -> str:
    return stack.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, as in tests/e2e."""
    return chromium_launch_args(browser_type_launch_args, "scale-test")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report carries the end of every service's log: CI keeps nothing
    else of a stack it tore down."""
    report = yield
    stack = item.funcargs.get("stack") if report.failed else None
    if isinstance(stack, Stack):
        report.sections.append(("scale stack logs", stack.logs()))
    return report


def pytest_terminal_summary(terminalreporter) -> None:
    if not _timings:
        return
    terminalreporter.section("scale suite timings")
    for label, seconds in _timings:
        terminalreporter.write_line(f"{seconds:8.2f} s  {label}")
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        if report.when == "call":
            terminalreporter.write_line(f"{report.duration:8.2f} s  {report.nodeid}")
