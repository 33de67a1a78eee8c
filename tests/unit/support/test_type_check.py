"""When `make test` runs the type check and when it says the last passing check still
holds (tests/support/type_check.py). pyright itself takes half a minute: a stand-in
executable plays it here, printing a report, exiting with a chosen status and counting
its runs; `make test` runs the real one through the same `check`."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.support.type_check import RECHECK_ENV, check, inputs_digest

FOLDERS = ["edu_platform/services"]
STAND_IN = """#!/bin/sh
echo run >> "{runs}"
echo "0 errors, 0 warnings, 0 informations (checked: $*)"
exit $(cat "{status}")
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(RECHECK_ENV, raising=False)
    (tmp_path / "edu_platform" / "services").mkdir(parents=True)
    (tmp_path / "edu_platform" / "services" / "orders.py").write_text("def total() -> int: ...\n")
    (tmp_path / "edu_platform" / "i18n.py").write_text("LANGS = ('ru', 'en')\n")
    (tmp_path / "pyrightconfig.json").write_text('{"typeCheckingMode": "basic"}\n')
    return tmp_path


class Pyright:
    """The stand-in: `status` is what its next runs exit with, `runs` how often it ran."""

    def __init__(self, folder: Path) -> None:
        self._runs = folder / "runs"
        self._status = folder / "status"
        self.path = folder / "pyright"
        self.path.write_text(STAND_IN.format(runs=self._runs, status=self._status))
        self.path.chmod(self.path.stat().st_mode | stat.S_IXUSR)
        self.status = 0

    @property
    def status(self) -> int:
        return int(self._status.read_text())

    @status.setter
    def status(self, value: int) -> None:
        self._status.write_text(str(value))

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


@pytest.mark.parametrize(
    "change",
    [
        # a checked file, a file the checked folders import, the settings
        lambda root: (root / "edu_platform/services/orders.py").write_text("def total(): ...\n"),
        lambda root: (root / "edu_platform/i18n.py").write_text("LANGS = ('ru',)\n"),
        lambda root: (root / "edu_platform/new_module.py").write_text("X = 1\n"),
        lambda root: (root / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict"}'),
    ],
    ids=["checked-file", "imported-file", "new-file", "settings"],
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


def test_another_package_version_checks_again(project, pyright, monkeypatch):
    from tests.support import type_check

    assert _check(project, pyright) == 0
    packages = type_check.installed_packages()
    assert any(package.startswith("pyright==") for package in packages)  # its typeshed
    monkeypatch.setattr(type_check, "installed_packages", lambda: [*packages, "sqlmodel==9.9.9"])
    assert _check(project, pyright) == 0
    assert pyright.runs == 2


def test_the_wrappers_own_settings_check_again(project, pyright, monkeypatch):
    monkeypatch.delenv("PYRIGHT_PYTHON_FORCE_VERSION", raising=False)
    assert _check(project, pyright) == 0
    monkeypatch.setenv("PYRIGHT_PYTHON_FORCE_VERSION", "1.1.400")
    assert _check(project, pyright) == 0
    assert pyright.runs == 2
