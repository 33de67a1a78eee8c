"""Browser tests: Debian's Chromium against this process's prod-mode server.

The server (`app_server`, `oidc_provider`) and Chromium's options (`browser_type_launch_args`)
are plugin fixtures, tests/support/e2e_server.py, registered by tests/conftest.py: one
server per pytest process, whichever files use it (tests/security has two), serving the
run's one frontend build.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    return app_server["base_url"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
