"""`components.i18n.localized_number` writes numbers the page language's way. It compiles to
a JavaScript expression, so the expressions themselves are run here (Node.js, which `make
install` needs for the frontend anyway; one process for all cases) with the page's language
put in for its state var."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from edu_platform.components.i18n import localized_number
from edu_platform.state.i18n import LangState

NBSP = "\u00a0"  # ICU's Russian group separator
CASES = [  # (value, places, lang, shown)
    (1260139, None, "en", "1,260,139"),
    (1260139, None, "ru", f"1{NBSP}260{NBSP}139"),
    (99.3, None, "en", "99.3"),
    (99.3, None, "ru", "99,3"),
    (2.3456, None, "en", "2.35"),  # at most two decimals
    (4, 1, "ru", "4,0"),  # exactly `places`
    (4.26, 1, "en", "4.3"),
    ("12.5", 0, "en", "13"),  # a string value is read as a number
]


def _expression(value, places: int | None, lang: str) -> str:
    expression = str(localized_number(value, places)).replace(str(LangState.lang), repr(lang))
    assert repr(lang) in expression  # the language var was found and replaced
    return expression


@pytest.fixture(scope="module")
def shown() -> list[str]:
    """What each case's expression gives in Node.js, in the order of CASES."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed: `make install` installs what the build needs")
    expressions = ", ".join(_expression(value, places, lang) for value, places, lang, _ in CASES)
    result = subprocess.run(
        [node, "-e", f"process.stdout.write(JSON.stringify([{expressions}]))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_numbers_are_written_the_language_way(shown, index):
    assert shown[index] == CASES[index][3]
