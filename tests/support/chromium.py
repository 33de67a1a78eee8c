"""How the browser tests launch Chromium: Debian's package (Playwright's own browser download
cannot work offline) with the flags a container without a network needs, and the ones
measured to cost it less CPU. The browser suite (tests/support/e2e_server.py), the scale
suite and bench/browser_cpu.py launch it alike."""

from __future__ import annotations

import os
import shutil

import pytest

# Debian's chromium in a container: no sandbox, no GPU, nothing fetched from the network.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # The headless shell sends no Accept-Language of its own (the full browser sends the
    # system's, en-US here); the same for both. A context's `locale` still overrides it.
    "--accept-lang=en-US,en",
    # V8's interpreter and baseline compiler only, no optimizing tiers: a test's page lives
    # seconds, too short for Maglev's and TurboFan's compiles to pay back. Measured with
    # bench/browser_cpu.py (the same pages in two browsers, turn about): 12-18 % less
    # Chromium CPU per round of page loads; --max-opt=0 (no baseline compiler) saves no more.
    "--js-flags=--max-opt=1",
)


def chromium_launch_args(launch_args: dict, make_target: str, *extra: str) -> dict:
    """Playwright's launch arguments for Debian's chromium (Playwright's own browser
    download cannot work offline); fails the test when it is not installed.

    Headless runs take Debian's chromium-headless-shell (Chromium's old headless mode,
    what Playwright itself uses headless): the browser suite spends most of its CPU in
    Chromium, and the shell needs about a third less per test than the full browser
    (measured: median test 3.9 s against 6.7 s). `--headed` runs take the full browser."""
    headless = launch_args.get("headless", True)
    names = ("chromium-headless-shell", "chromium") if headless else ("chromium",)
    found = (shutil.which(name) for name in names)
    executable = os.environ.get("CHROMIUM") or next((path for path in found if path), None)
    if not executable:
        pytest.fail(f"chromium is not installed: `make {make_target}` installs Debian's package")
    return {**launch_args, "executable_path": executable, "args": [*CHROMIUM_ARGS, *extra]}
