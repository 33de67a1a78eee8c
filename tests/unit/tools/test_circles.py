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
