"""The project-local toolchain's environment for a Reflex process started by a script or a
test (the browser suite's servers, the scale stack, the load harness's server): what the
Makefile exports for `make run` — Reflex's and bun's caches under .tools/, no version
check or telemetry, the project on PYTHONPATH and the venv's and .tools' binaries first."""

from __future__ import annotations

import sys
from pathlib import Path

from edu_platform.settings import PROJECT_ROOT

TOOLS = PROJECT_ROOT / ".tools"


def reflex_env(path: str) -> dict[str, str]:
    """The variables to add to a child's environment; `path` is the PATH to extend."""
    env = {
        "REFLEX_DIR": str(TOOLS / "reflex"),
        "REFLEX_CHECK_LATEST_VERSION": "0",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "BUN_INSTALL_CACHE_DIR": str(TOOLS / "bun-cache"),
        "BUN_RUNTIME_TRANSPILER_CACHE_PATH": str(TOOLS / "bun-transpiler-cache"),
        "PYTHONPATH": str(PROJECT_ROOT),
        "PATH": f"{TOOLS / 'node_modules' / '.bin'}:{Path(sys.executable).parent}:{path}",
    }
    bun = TOOLS / "node_modules" / ".bin" / "bun"
    if bun.exists():
        env["REFLEX_BUN_PATH"] = str(bun)
    return env
