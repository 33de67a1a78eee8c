"""Import circles between the project's modules, lazy (function-level) imports included.

    python -m edu_platform.tools.circles      # prints each pair; exit 1 when there is one

Modules that reach each other through imports (two that import each other, or a longer
ring A → B → C → A; at module level or inside a function) are a circle: the layering
(state/api/jobs → services → models) says which way imports go, and a lazy import
inside a function only hides the circle from Python.
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


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the project modules it imports. A package's `__init__` importing its own
    submodules (re-exports) is left out: that is how a package shows its API."""
    paths = [p for p in root.rglob("*.py") if ".web" not in p.parts]
    modules = {module_name(p, root): p for p in paths}
    edges = {}
    for name, path in modules.items():
        targets = imports_of(path, set(modules), root)
        if path.name == "__init__.py":
            targets = {t for t in targets if not t.startswith(name + ".")}
        edges[name] = targets
    return edges


def circles(root: Path = ROOT) -> list[tuple[str, ...]]:
    """Every circle: each group of modules that reach each other through imports (two
    that import each other, or A → B → C → A), as a sorted tuple of their names."""
    edges = graph(root)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []

    def visit(start: str) -> None:  # Tarjan's strongly connected components, iterative
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges.get(target, ())))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(tuple(sorted(group)))

    for name in sorted(edges):
        if name not in index:
            visit(name)
    return sorted(found)


def main() -> int:
    found = circles()
    for group in found:
        print(" <-> ".join(group))
    print(f"{len(found)} import circle(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
