"""When `make test` runs the type check and when it says the last passing check still
holds (tests/support/type_check.py). pyright itself takes half a minute: a stand-in
executable plays it here, printing a report, exiting with a chosen status and counting
its runs; `make test` runs the real one through the same `check`."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.support import type_check
from tests.support.type_check import RECHECK_ENV, check, inputs_digest

FOLDERS = ["edu_platform/services"]
STAND_IN = """#!/bin/sh
echo run >> "{runs}"
if [ -f "{edit}" ]; then echo "X = 2" >> edu_platform/i18n.py; rm "{edit}"; fi
echo "0 errors, 0 warnings, 0 informations (checked: $*)"
exit $(cat "{status}")
"""


@pytest.fixture
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site-packages folder with one package (the real one takes 0.2 s to list)."""
    folder = tmp_path_factory.mktemp("site-packages")
    (folder / "sqlmodel").mkdir()
    (folder / "sqlmodel" / "__init__.py").write_text("VERSION = '0.0.24'\n")
    (folder / "sqlmodel-0.0.24.dist-info").mkdir()
    (folder / "sqlmodel-0.0.24.dist-info" / "RECORD").write_text("sqlmodel/__init__.py\n")
    return folder


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, installed: Path) -> Path:
    monkeypatch.delenv(RECHECK_ENV, raising=False)
    for name in [name for name in os.environ if name.startswith("PYRIGHT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setattr(type_check, "site_packages", lambda: [installed])
    (tmp_path / "edu_platform" / "services").mkdir(parents=True)
    (tmp_path / "edu_platform" / "services" / "orders.py").write_text("def total() -> int: ...\n")
    (tmp_path / "edu_platform" / "i18n.py").write_text("LANGS = ('ru', 'en')\n")
    (tmp_path / "pyrightconfig.json").write_text('{"typeCheckingMode": "basic"}\n')
    (tmp_path / "rxconfig.py").write_text("config = None\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text("")
    (tmp_path / "tests" / "test_orders.py").write_text("def test_total(): ...\n")
    return tmp_path


class Pyright:
    """The stand-in: `status` is what its next runs exit with, `runs` how often it ran."""

    def __init__(self, folder: Path) -> None:
        self._runs = folder / "runs"
        self._status = folder / "status"
        self._edit = folder / "edit"
        self.path = folder / "pyright"
        self.path.write_text(STAND_IN.format(runs=self._runs, status=self._status, edit=self._edit))
        self.path.chmod(self.path.stat().st_mode | stat.S_IXUSR)
        self.status = 0

    @property
    def status(self) -> int:
        return int(self._status.read_text())

    @status.setter
    def status(self, value: int) -> None:
        self._status.write_text(str(value))

    def edit_while_running(self) -> None:
        """The next run changes a file of the project before it reports."""
        self._edit.write_text("once")

    @property
    def runs(self) -> int:
        return len(self._runs.read_text().splitlines()) if self._runs.exists() else 0


@pytest.fixture
def pyright(tmp_path_factory: pytest.TempPathFactory) -> Pyright:
    return Pyright(tmp_path_factory.mktemp("bin"))


def _check(project: Path, pyright: Pyright, folders: list[str] = FOLDERS) -> int:
    return check(folders, str(pyright.path), project)


def test_a_passing_check_holds_while_nothing_it_reads_changes(project, pyright, capsys):
    assert _check(project, pyright) == 0
    first = capsys.readouterr().out
    assert "0 errors" in first and pyright.runs == 1

    assert _check(project, pyright) == 0
    again = capsys.readouterr().out
    assert pyright.runs == 1  # not checked again
    assert again.startswith("unchanged since the check that passed at ")
    assert again.endswith(first)  # the passing report, shown again
    assert f"{RECHECK_ENV}=1" in again


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize(
    "change",
    [
        # a checked file, a file the checked folders import, the settings
        lambda root: (root / "edu_platform/services/orders.py").write_text("def total(): ...\n"),
        lambda root: (root / "edu_platform/i18n.py").write_text("LANGS = ('ru',)\n"),
        lambda root: (root / "edu_platform/new_module.py").write_text("X = 1\n"),
        lambda root: (root / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict"}'),
        # pyright looks in typings/ first, then in the repository root
        lambda root: _write(root / "typings" / "sqlmodel" / "__init__.pyi", "class SQLModel: ..."),
        lambda root: (root / "rxconfig.py").write_text("config = 1\n"),
        lambda root: (root / "redis.py").write_text("Redis = None\n"),
        lambda root: _write(root / "sqlmodel" / "__init__.py", ""),
    ],
    ids=[
        "checked-file",
        "imported-file",
        "new-file",
        "settings",
        "stub",
        "root-module",
        "new-root-module",
        "new-root-package",
    ],
)
def test_a_change_to_what_it_reads_checks_again(project, pyright, change):
    assert _check(project, pyright) == 0
    change(project)
    assert _check(project, pyright) == 0
    assert pyright.runs == 2


def test_other_folders_or_a_cache_file(project, pyright):
    """Other folders are another check; Python's caches are not read by pyright."""
    before = inputs_digest(FOLDERS, project)
    (project / "edu_platform" / "__pycache__").mkdir()
    (project / "edu_platform" / "__pycache__" / "i18n.cpython-311.pyc").write_bytes(b"\0")
    assert inputs_digest(FOLDERS, project) == before
    assert inputs_digest([*FOLDERS, "edu_platform/api"], project) != before

    assert _check(project, pyright) == 0
    assert _check(project, pyright, [*FOLDERS, "edu_platform/api"]) == 0
    assert pyright.runs == 2


def test_a_failing_check_runs_again_every_time_until_it_passes(project, pyright, capsys):
    pyright.status = 1
    assert _check(project, pyright) == 1
    assert _check(project, pyright) == 1
    assert pyright.runs == 2
    assert "unchanged since" not in capsys.readouterr().out

    pyright.status = 0
    assert _check(project, pyright) == 0
    assert _check(project, pyright) == 0
    assert pyright.runs == 3


def test_recheck_asked_for_runs_it(project, pyright, monkeypatch):
    assert _check(project, pyright) == 0
    monkeypatch.setenv(RECHECK_ENV, "1")
    assert _check(project, pyright) == 0
    assert pyright.runs == 2


def test_a_broken_record_is_no_pass(project, pyright):
    assert _check(project, pyright) == 0
    (project / ".tools" / "pyright-passed.json").write_text("{not json")
    assert _check(project, pyright) == 0
    assert pyright.runs == 2


def test_the_tests_themselves_are_not_what_it_reads(project, pyright):
    """Editing a test (the usual change between two runs) keeps the pass."""
    assert _check(project, pyright) == 0
    (project / "tests" / "test_orders.py").write_text("def test_total(): assert 1\n")
    assert _check(project, pyright) == 0
    assert pyright.runs == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda folder: (folder / "sqlmodel" / "__init__.py").write_text("VERSION = 'x'\n"),
        lambda folder: (folder / "editable.pth").write_text("/src/somewhere\n"),
    ],
    ids=["patched-in-place", "pth-file"],
)
def test_a_change_to_the_installed_packages_checks_again(project, pyright, installed, change):
    assert _check(project, pyright) == 0
    change(installed)
    assert _check(project, pyright) == 0
    assert pyright.runs == 2


def test_the_real_site_packages_hold_pyright():
    """The folders listed are this venv's: pyright's own package (its version, its
    typeshed) among them."""
    assert any((folder / "pyright").is_dir() for folder in type_check.site_packages())


def test_a_file_edited_while_it_ran_is_not_recorded_as_passed(project, pyright):
    """Checked with one text, edited while pyright ran: the pass vouches for neither, so
    going back to the first text (a stash, a checkout) checks again."""
    module = project / "edu_platform" / "i18n.py"
    first = module.read_text()
    pyright.edit_while_running()
    assert _check(project, pyright) == 0
    assert module.read_text() != first  # the stand-in did edit it
    module.write_text(first)
    assert _check(project, pyright) == 0
    assert pyright.runs == 2


def test_the_wrappers_own_settings_check_again(project, pyright, monkeypatch):
    assert _check(project, pyright) == 0
    monkeypatch.setenv("PYRIGHT_PYTHON_FORCE_VERSION", "1.1.400")
    assert _check(project, pyright) == 0
    assert pyright.runs == 2


def test_the_latest_pyright_is_never_reused(project, pyright, monkeypatch):
    monkeypatch.setenv("PYRIGHT_PYTHON_FORCE_VERSION", "latest")
    assert _check(project, pyright) == 0
    assert _check(project, pyright) == 0
    assert pyright.runs == 2


def test_a_record_without_its_time_is_no_pass(project, pyright):
    assert _check(project, pyright) == 0
    record = project / ".tools" / "pyright-passed.json"
    record.write_text(record.read_text().replace('"at"', '"when"'))
    assert _check(project, pyright) == 0
    assert pyright.runs == 2
