"""No import circles at all: no two modules import each other, and no longer ring either,
lazy (function-level) imports included."""

from __future__ import annotations

from pathlib import Path

from edu_platform.tools import circles


def test_no_import_circles():
    assert circles.circles() == [], "enqueue jobs by name, move shared code to a lower module"


def _package(tmp_path: Path, sources: dict[str, str]) -> Path:
    """A throwaway edu_platform package of `sources` (path within it: text) to scan."""
    package = tmp_path / "edu_platform"
    for name, text in {"__init__.py": "", "a/__init__.py": "", **sources}.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    return package


def test_a_lazy_import_counts(tmp_path: Path):
    package = _package(
        tmp_path,
        {
            "a/one.py": "from edu_platform.a import two\n",
            "a/two.py": "def f():\n    from edu_platform.a.one import x\n",
        },
    )
    assert circles.circles(package) == [("edu_platform.a.one", "edu_platform.a.two")]


def test_a_longer_ring_counts_and_a_package_may_re_export(tmp_path: Path):
    package = _package(
        tmp_path,
        {
            "a/__init__.py": "from edu_platform.a.one import f\n",
            "a/one.py": "from edu_platform.a import two\n",
            "a/two.py": "from edu_platform import three\n",
            "three.py": "def g():\n    from edu_platform.a.one import f\n",
        },
    )
    assert circles.circles(package) == [
        ("edu_platform.a.one", "edu_platform.a.two", "edu_platform.three")
    ]
    (package / "three.py").write_text("x = 1\n")
    assert circles.circles(package) == []


def test_layers_import_downwards_only():
    """api and services never import a page state; services never import a job module
    (they enqueue by name through `edu_platform.jobs`)."""
    root = circles.ROOT
    paths = [p for p in root.rglob("*.py") if ".web" not in p.parts]
    modules = {circles.module_name(p): p for p in paths}
    wrong = []
    for name, path in modules.items():
        targets = circles.imports_of(path, set(modules))
        if name.startswith(("edu_platform.api", "edu_platform.services")):
            wrong += [(name, t) for t in targets if t.startswith("edu_platform.state")]
        if name.startswith("edu_platform.services"):
            wrong += [(name, t) for t in targets if t.startswith("edu_platform.jobs.")]
    assert wrong == []
