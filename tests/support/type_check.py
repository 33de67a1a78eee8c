"""`make test`'s type check: pyright over the given folders, skipped when nothing it reads
has changed since it last passed.

pyright takes about 50 CPU-seconds a run here, and run beside the suite it takes them from
the suite's two cores. Its report depends only on what it reads: the app's files (the
checked folders import the rest of `edu_platform/`), `pyrightconfig.json`, pyright's own
version (its typeshed comes with it; the wrapper's PYRIGHT_* variables can pick another),
the packages installed in the venv (names and versions) and Python's version. A passing
check records a digest of those (CHECK_RECORD); a later run with the same digest and the
same folders says so instead of checking again, as a repeated run serves the frontend
build already made. A failing check records nothing, so it runs, and shows its errors,
every time until it passes.
`EDU_TYPES_RECHECK=1` checks anyway.

Usage: `python -m tests.support.type_check FOLDER...` (exits with pyright's status).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.support.digests import add_files

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHECK_RECORD = ".tools/pyright-passed.json"
# What pyright reads of the project; the packages, pyright and Python are added apart.
CHECK_INPUTS = ("edu_platform", "pyrightconfig.json")
RECHECK_ENV = "EDU_TYPES_RECHECK"
# The PyPI wrapper's own settings (another pyright version, another node) change the check.
PYRIGHT_ENV_PREFIX = "PYRIGHT_"


def installed_packages() -> list[str]:
    """`name==version` of every distribution this Python sees, sorted."""
    return sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )


def inputs_digest(folders: list[str], root: Path = PROJECT_ROOT) -> str:
    """A digest of everything the check of `folders` reads."""
    digest = hashlib.sha256(f"python {sys.version}\nfolders {' '.join(folders)}\n".encode())
    for package in installed_packages():  # pyright's own version among them
        digest.update(f"{package}\n".encode())
    for name, value in sorted(os.environ.items()):  # PYRIGHT_PYTHON_FORCE_VERSION, say
        if name.startswith(PYRIGHT_ENV_PREFIX):
            digest.update(f"{name}={value}\n".encode())
    add_files(digest, root, CHECK_INPUTS)
    return digest.hexdigest()


def passed_before(digest: str, root: Path = PROJECT_ROOT) -> dict | None:
    """The record of an earlier passing check of the same inputs, if there is one."""
    if os.environ.get(RECHECK_ENV) == "1":
        return None
    try:
        record = json.loads((root / CHECK_RECORD).read_text())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("inputs") == digest else None


def record_pass(digest: str, report: str, root: Path = PROJECT_ROOT) -> None:
    path = root / CHECK_RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"inputs": digest, "at": time.time(), "report": report}))


def check(folders: list[str], pyright: str, root: Path = PROJECT_ROOT) -> int:
    """Run pyright over `folders` (or reuse its last passing report); its status."""
    digest = inputs_digest(folders, root)
    earlier = passed_before(digest, root)
    if earlier is not None:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(earlier["at"]))
        print(
            f"unchanged since the check that passed at {when} "
            f"({RECHECK_ENV}=1 checks again):\n{earlier['report']}",
            end="",
        )
        return 0
    done = subprocess.run(
        [pyright, *folders], cwd=root, capture_output=True, text=True, check=False
    )
    report = done.stdout + done.stderr
    print(report, end="")
    if done.returncode == 0:
        record_pass(digest, report, root)
    return done.returncode


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.support.type_check FOLDER...", file=sys.stderr)
        return 2
    pyright = str(Path(sys.executable).with_name("pyright"))
    return check(argv, pyright)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
