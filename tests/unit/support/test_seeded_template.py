"""Every browser-suite server starts on a copy of the run's one seeded template
(tests/support/e2e_prepare.py: `seed_template`, `copy_seeded_template`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import e2e_prepare
from tests.support.e2e_prepare import (
    BUILDING,
    SEED_STATUS,
    SEEDED,
    STATE_ENV,
    TEMPLATE_DIR,
    copy_seeded_template,
)


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The run's state folder as the main process leaves it for its workers."""
    state = tmp_path / "state"
    (state / TEMPLATE_DIR / "media" / "banners").mkdir(parents=True)
    (state / TEMPLATE_DIR / "e2e.db").write_bytes(b"SQLite format 3\0 seeded")
    (state / TEMPLATE_DIR / "media" / "banners" / "python.png").write_bytes(b"\x89PNG")
    monkeypatch.setenv(STATE_ENV, str(state))
    return state


def test_a_server_gets_the_seeded_database_and_its_files(state_dir: Path, tmp_path: Path):
    (state_dir / SEED_STATUS).write_text(SEEDED)
    data_dir = tmp_path / "server-data"
    data_dir.mkdir()

    assert copy_seeded_template(data_dir) is True
    assert (data_dir / "e2e.db").read_bytes() == b"SQLite format 3\0 seeded"
    assert (data_dir / "media" / "banners" / "python.png").read_bytes() == b"\x89PNG"
    # A copy: what one server writes, the template and the other servers never see.
    (data_dir / "e2e.db").write_bytes(b"changed")
    assert (state_dir / TEMPLATE_DIR / "e2e.db").read_bytes() == b"SQLite format 3\0 seeded"


def test_without_a_template_the_server_seeds_for_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv(STATE_ENV, raising=False)
    assert copy_seeded_template(tmp_path) is False
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "a run that started no seeding"))
    assert copy_seeded_template(tmp_path) is False


def test_a_failed_seed_fails_the_server_with_its_output(state_dir: Path, tmp_path: Path):
    (state_dir / SEED_STATUS).write_text("failed: ['edu_platform.seed']\nno such table: user")
    with pytest.raises(RuntimeError, match="no such table: user"):
        copy_seeded_template(tmp_path / "server-data")


def test_a_server_waits_while_the_template_is_made(
    state_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    status = state_dir / SEED_STATUS
    status.write_text(BUILDING)
    sleeps: list[float] = []

    def seed_finishes_while_waiting(seconds: float) -> None:
        sleeps.append(seconds)
        status.write_text(SEEDED)

    monkeypatch.setattr(e2e_prepare.time, "sleep", seed_finishes_while_waiting)
    assert copy_seeded_template(tmp_path / "server-data") is True
    assert len(sleeps) == 1
    assert (tmp_path / "server-data" / "e2e.db").exists()


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (
            subprocess.CalledProcessError(
                1, ["alembic", "upgrade", "head"], output=b"", stderr=b"no such table: user"
            ),
            "no such table: user",
        ),
        (OSError(28, "No space left on device"), "No space left on device"),
    ],
    ids=["a step failed", "anything else"],
)
def test_a_seed_that_fails_says_so_instead_of_leaving_the_servers_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception, said: str
):
    def fail(env: dict[str, str]) -> None:
        raise failure

    monkeypatch.setattr(e2e_prepare, "migrate_and_seed", fail)
    assert e2e_prepare.seed_template(tmp_path) == 1
    status = (tmp_path / SEED_STATUS).read_text()
    assert status.startswith("failed: ") and said in status
