"""Digests of what a step is made from, for the steps `make test` skips when nothing they
read has changed (the frontend build: tests/support/e2e_prepare.py; the type check:
tests/support/type_check.py)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def add_files(digest, root: Path, names: Iterable[str]) -> None:
    """Feed `digest` the path and the bytes of every file of `names` (files or folders under
    `root`), in a fixed order; Python's caches (`__pycache__/`) are left out. A file that is
    missing adds nothing."""
    for name in names:
        top = root / name
        for path in sorted(top.rglob("*")) if top.is_dir() else [top]:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(root)}\n".encode())
                digest.update(path.read_bytes())
