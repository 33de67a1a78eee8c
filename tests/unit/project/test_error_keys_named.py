"""Every error message key is named by at least one test (issue #16).

An error key is a catalogue key that the code raises as `message_key=` (a string literal
anywhere in edu_platform/), a DomainError's `default_key`, or a catalogue key with an
`error` part (`error.*`, `<area>.error.*`; the import report's `imports.errors.*` labels
are UI text, not errors). "Named by a test" means the key appears as a string literal in a
file under tests/. Keys that no test names yet are listed in error_keys_untested.txt, each
with a reason; the list may only shrink: a listed key that a test now names fails too.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from edu_platform.i18n import has_key

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "edu_platform"
TESTS = ROOT / "tests"
UNTESTED = Path(__file__).with_name("error_keys_untested.txt")
ERROR_PART = re.compile(r"(^|\.)error\.")


def _catalogue_keys() -> set[str]:
    keys: set[str] = set()
    for path in sorted((SOURCE / "messages").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys |= {
                    k.value
                    for k in node.keys
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                }
    return keys


def _raised_keys() -> set[str]:
    keys: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "messages" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.keyword) and node.arg == "message_key") or (
                isinstance(node, ast.Assign)
                and any(
                    isinstance(target, ast.Name) and target.id == "default_key"
                    for target in node.targets
                )
            ):
                value = node.value
            else:
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                keys.add(value.value)
    return keys


@cache
def error_keys() -> frozenset[str]:
    catalogue = _catalogue_keys()
    return frozenset(_raised_keys() | {key for key in catalogue if ERROR_PART.search(key)})


@cache
def source_of_the_tests() -> str:
    me = Path(__file__).resolve()
    return "\n".join(
        path.read_text() for path in sorted(TESTS.rglob("*.py")) if path.resolve() != me
    )


def named_by_a_test(key: str) -> bool:
    text = source_of_the_tests()
    return f'"{key}"' in text or f"'{key}'" in text


def untested() -> dict[str, str]:
    listed: dict[str, str] = {}
    for number, raw in enumerate(UNTESTED.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, reason = line.partition(" ")
        assert reason.strip(), f"{UNTESTED.name}:{number}: {key} needs a reason"
        assert key not in listed, f"{UNTESTED.name}:{number}: {key} listed twice"
        listed[key] = reason.strip()
    return listed


def test_the_scan_finds_the_error_keys_it_should():
    keys = error_keys()
    # A raised literal, a default key, and a catalogue-only `.error.` key.
    assert {"commerce.cart.full", "error.not_found", "authoring.error.price"} <= keys
    assert "imports.errors.title" not in keys
    assert len(keys) > 150


def test_every_error_key_is_in_the_catalogue():
    assert sorted(key for key in error_keys() if not has_key(key)) == []


def test_every_error_key_is_named_by_a_test_or_listed_with_a_reason():
    listed = untested()
    missing = sorted(k for k in error_keys() if not named_by_a_test(k) and k not in listed)
    assert missing == [], f"name these keys in a test (or list them in {UNTESTED.name})"


def test_the_list_of_untested_keys_only_shrinks():
    listed = untested()
    now_tested = sorted(key for key in listed if named_by_a_test(key))
    assert now_tested == [], f"tested now: remove them from {UNTESTED.name}"
    unknown = sorted(key for key in listed if key not in error_keys())
    assert unknown == [], f"not error keys (any more): remove them from {UNTESTED.name}"
