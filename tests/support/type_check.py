"""`make test`'s type check: pyright over the given folders, skipped when nothing pyright
reads has changed since it last passed.

pyright takes about 50 CPU-seconds a run here, and run beside the suite it takes them from
the suite's two cores. Its report depends only on what it reads, and each of these is in
the digest a passing check records (CHECK_RECORD):
- the project's files where pyright looks for an import, in its order (`stubPath`, the
  execution roots and `extraPaths: ["."]` of pyrightconfig.json): the whole of
  `edu_platform/` and `typings/`, `pyrightconfig.json`, the repository root's modules
  (`*.py`, `*.pyi`) and the names of its packages (a new `redis/` there would shadow the
  library);
- the venv's site-packages: every file's path, size and modification time (a package
  installed, upgraded, reinstalled or patched in place; `.pth` files and editable
  installs' links among them);
- Python's version, the folders checked, and the pyright wrapper's own PYRIGHT_*
  variables (another pyright version; "latest" is never reused: it can change without
  the variable changing).
A later run with the same digest says so and shows the passing report instead of checking
again, as a repeated run serves the frontend build already made. The digest is taken
again when pyright ends, and a check is recorded only if nothing changed while it ran. A
failing check records nothing, so it runs, and shows its errors, every time until it
passes. `EDU_TYPES_RECHECK=1` checks anyway (`.ci/run` sets it).

Usage: `python -m tests.support.type_check FOLDER...` (exits with pyright's status).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from edu_platform.settings import PROJECT_ROOT
from tests.support.digests import add_files

CHECK_RECORD = ".tools/pyright-passed.json"
# The project's folders and files pyright reads (besides the root's modules).
CHECK_INPUTS = ("edu_platform", "typings", "pyrightconfig.json")
RECHECK_ENV = "EDU_TYPES_RECHECK"
# The PyPI wrapper's own settings (another pyright version, another node) change the check.
PYRIGHT_ENV_PREFIX = "PYRIGHT_"
FORCE_VERSION_ENV = "PYRIGHT_PYTHON_FORCE_VERSION"


def site_packages() -> list[Path]:
    """Where this Python's installed packages are."""
    paths = sysconfig.get_paths()
    return sorted({Path(paths["purelib"]), Path(paths["platlib"])})


def _add_installed(digest) -> None:
    for top in site_packages():
        for folder, subfolders, files in os.walk(top):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(files):
                path = Path(folder, name)
                try:
                    stat = path.stat()
                except OSError:  # a broken link: its name is enough
                    digest.update(f"{path} broken\n".encode())
                    continue
                digest.update(f"{path} {stat.st_size} {stat.st_mtime_ns}\n".encode())


def _add_root(digest, root: Path) -> None:
    """The repository root's modules (their text) and packages (their names)."""
    for path in sorted(root.iterdir()):
        if path.is_file() and path.suffix in (".py", ".pyi"):
            add_files(digest, root, [path.name])
        elif path.is_dir() and any(
            (path / name).exists() for name in ("__init__.py", "__init__.pyi")
        ):
            digest.update(f"package {path.name}\n".encode())


def inputs_digest(folders: list[str], root: Path = PROJECT_ROOT) -> str:
    """A digest of everything the check of `folders` reads."""
    digest = hashlib.sha256(f"python {sys.version}\nfolders {' '.join(folders)}\n".encode())
    for name, value in sorted(os.environ.items()):
        if name.startswith(PYRIGHT_ENV_PREFIX):
            digest.update(f"{name}={value}\n".encode())
    _add_installed(digest)
    add_files(digest, root, CHECK_INPUTS)
    _add_root(digest, root)
    return digest.hexdigest()


def passed_before(digest: str, root: Path = PROJECT_ROOT) -> dict | None:
    """The record of an earlier passing check of the same inputs, if there is one."""
    if os.environ.get(RECHECK_ENV) == "1" or os.environ.get(FORCE_VERSION_ENV) == "latest":
        return None
    try:
        record = json.loads((root / CHECK_RECORD).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("inputs") != digest:
        return None
    if not isinstance(record.get("at"), int | float) or not isinstance(record.get("report"), str):
        return None
    return record


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
    # pyright may have read files edited while it ran: then this pass vouches for nothing.
    if done.returncode == 0 and inputs_digest(folders, root) == digest:
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
