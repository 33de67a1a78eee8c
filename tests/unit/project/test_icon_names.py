"""rx.icon gets a literal name: with a Var (rx.cond(...), state.field) Reflex renders
lucide's DynamicIcon, whose import map of every icon lands in the bundle every page
loads (issue #13: first load; bench/first_load.py)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3] / "edu_platform"


def _icon_names_built_at_run_time(root: Path = ROOT) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "rx.icon"):
                continue
            name = node.args[0] if node.args else None
            name = name or next((k.value for k in node.keywords if k.arg == "tag"), None)
            # A plain Python name is a helper's parameter (given a literal by its callers);
            # calls, attributes and subscripts are Vars.
            if isinstance(name, ast.Call | ast.Attribute | ast.Subscript | ast.BinOp):
                found.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(name)}")
    return found


def test_every_icon_name_is_known_when_the_page_compiles():
    assert _icon_names_built_at_run_time() == []


def test_the_check_sees_a_var_name_and_lets_a_parameter_pass(tmp_path):
    (tmp_path / "page.py").write_text(
        "def item(icon):\n"
        "    return rx.icon(icon, size=14)\n"
        "facet = rx.icon(rx.cond(active, 'circle-check', 'circle'), size=14)\n",
        encoding="utf-8",
    )
    assert _icon_names_built_at_run_time(tmp_path) == [
        "page.py:3 rx.cond(active, 'circle-check', 'circle')"
    ]
