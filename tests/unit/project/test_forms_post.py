"""Every form names its method (issue 14): a form served as static HTML without one does a
GET when Enter is pressed before the app is live, and puts what was typed (a password) in
the URL, the history and the access log. Search boxes may GET /catalog; the rest post."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[3] / "edu_platform"
POSTING_BUILDERS = {"post_form", "inline_form", "form_card"}


def _form_calls() -> list[tuple[str, int, dict[str, str]]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "form"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "rx"
            ):
                keywords = {
                    k.arg: k.value.value
                    for k in node.keywords
                    if k.arg and isinstance(k.value, ast.Constant)
                }
                found.append((str(path.relative_to(SOURCE)), node.lineno, keywords))
            elif isinstance(node, ast.Call) and _called_name(node) in POSTING_BUILDERS:
                # blocks.post_form / inline_form, forms.form_card: the rx.form inside them
                # posts (checked above as components/blocks.py and forms.py).
                found.append((str(path.relative_to(SOURCE)), node.lineno, {"method": "post"}))
    return found


def _called_name(call: ast.Call) -> str:
    """`name` of a call `name(...)` or `module.name(...)`."""
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else ""


def test_the_app_has_forms_to_check():
    assert len(_form_calls()) >= 30


def test_every_form_posts_or_is_a_search_that_gets():
    wrong = [
        f"{path}:{line} method={keywords.get('method')!r}"
        for path, line, keywords in _form_calls()
        if keywords.get("method") != "post"
        and not (keywords.get("method") == "get" and "action" in _names(path, line))
    ]
    assert wrong == []


def _names(path: str, line: int) -> set[str]:
    """Keyword names (constant or not) of the rx.form call at path:line."""
    tree = ast.parse((SOURCE / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.lineno == line:
            return {k.arg for k in node.keywords if k.arg}
    return set()
