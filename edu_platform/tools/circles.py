"""Import circles between the project's modules, lazy (function-level) imports included.

    python -m edu_platform.tools.circles      # prints each pair; exit 1 when there is one

Two modules that import each other (directly, in either order, at module level or inside
a function) are a circle: the layering (state/api/jobs → services → models) says which
way imports go, and a lazy import inside a function only hides the circle from Python.
A package's `__init__` re-exporting its own submodules is not counted.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = "edu_platform"
ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str], root: Path = ROOT) -> set[str]:
    """The project modules `path` imports anywhere in its body."""
    name = module_name(path, root)
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # `from pkg import mod` imports the submodule pkg.mod when there is one.
            targets = [f"{prefix}.{alias.name}" for alias in node.names] + [prefix]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def circles(root: Path = ROOT) -> list[tuple[str, str]]:
    paths = [p for p in root.rglob("*.py") if ".web" not in p.parts]
    modules = {module_name(p, root): p for p in paths}
    graph = {name: imports_of(path, set(modules), root) for name, path in modules.items()}
    pairs = set()
    for name, targets in graph.items():
        for target in targets:
            if name in graph.get(target, ()):
                a, b = sorted((name, target))
                # A package importing its own submodule (re-exports) is not a circle.
                if b.startswith(a + ".") and modules[a].name == "__init__.py":
                    continue
                pairs.add((a, b))
    return sorted(pairs)


def main() -> int:
    found = circles()
    for a, b in found:
        print(f"{a} <-> {b}")
    print(f"{len(found)} import circle(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
