"""No new import circles: the known ones (being removed, issue #10) are listed here, and
the list may only shrink."""

from __future__ import annotations

from pathlib import Path

from edu_platform.tools import circles

KNOWN = {
    ("edu_platform.services.accounts", "edu_platform.services.email_verification"),
    ("edu_platform.services.payments", "edu_platform.services.refunds"),
    ("edu_platform.state.auth", "edu_platform.state.i18n"),
}


def test_no_new_import_circles():
    found = set(circles.circles())
    assert found - KNOWN == set(), "new import circle(s): enqueue jobs by name, move shared code"


def test_known_circles_are_still_there_or_removed_from_the_list():
    assert KNOWN - set(circles.circles()) == set(), "a circle is gone: drop it from KNOWN"


def test_a_lazy_import_counts(tmp_path: Path):
    package = tmp_path / "edu_platform"
    (package / "a").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a" / "__init__.py").write_text("")
    (package / "a" / "one.py").write_text("from edu_platform.a import two\n")
    (package / "a" / "two.py").write_text("def f():\n    from edu_platform.a.one import x\n")
    assert circles.circles(package) == [("edu_platform.a.one", "edu_platform.a.two")]
