"""Runtime and development dependencies stay apart: the app (edu_platform/, alembic/,
rxconfig.py) imports nothing that only requirements-dev.txt installs, both files pin every
line, and the Docker image installs only requirements.txt."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _names(path: Path) -> dict[str, str]:
    """Normalised distribution name -> the pinned line, for every requirement in `path`."""
    found = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#")[0].strip()
        if not line or line.startswith("-r"):
            continue
        name = line.split("==")[0]
        found[re.sub(r"[-_.]+", "-", name).lower()] = line
    return found


def _app_imports() -> set[str]:
    files = [ROOT / "rxconfig.py"]
    for folder in ("edu_platform", "alembic"):
        files += [p for p in (ROOT / folder).rglob("*.py") if ".web" not in p.parts]
    top: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                top |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                top.add(node.module.split(".")[0])
    return top - set(sys.stdlib_module_names)


def test_every_requirement_is_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        lines = _names(ROOT / name).values()
        assert [line for line in lines if "==" not in line] == [], name


def test_dev_file_only_adds_to_the_runtime_file():
    runtime, dev = _names(ROOT / "requirements.txt"), _names(ROOT / "requirements-dev.txt")
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert set(runtime) & set(dev) == set()
    assert {"pytest", "playwright", "ruff", "pyright", "schemathesis", "coverage"} <= set(dev)


def test_the_app_imports_no_dev_package():
    dev = set(_names(ROOT / "requirements-dev.txt"))
    owners = importlib.metadata.packages_distributions()
    wrong = {}
    for module in _app_imports():
        for dist in owners.get(module, []):
            if re.sub(r"[-_.]+", "-", dist).lower() in dev:
                wrong[module] = dist
    assert wrong == {}


def test_docker_image_installs_only_the_runtime_file():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in dockerfile
    assert "requirements-dev" not in dockerfile
