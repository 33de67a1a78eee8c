"""Browser tests: Debian's Chromium against this process's prod-mode server.

The server (`app_server`, `oidc_provider`) and Chromium's options (`browser_type_launch_args`,
the flags of tests/support/chromium.py) are plugin fixtures, tests/support/e2e_server.py,
registered by tests/conftest.py: one server per pytest process, whichever files use it
(tests/security has two), serving the run's one frontend build.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.support import SLOW


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    return app_server["base_url"]


@pytest.fixture
def patient_expect():
    """`expect` waits SLOW instead of Playwright's 5 s during the test (a busy machine needs
    more after a page load): `pytestmark = pytest.mark.usefixtures("patient_expect")`."""
    expect.set_options(timeout=SLOW)
    yield
    expect.set_options(timeout=5_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
