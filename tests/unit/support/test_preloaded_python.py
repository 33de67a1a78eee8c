"""The tests' warm Python subprocesses (tests/support/preloaded_python.py) behave as
`python -m` / `python -c` processes do: their own argv, environment, working directory,
streams, exit status, session and signals, with the preloaded modules already imported."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.support import preloaded_python
from tests.support.preloaded_python import PROJECT_ROOT

PRELOADS = ("sqlalchemy",)
REPORT = """
import json, os, sys
print(json.dumps({
    "argv": sys.argv,
    "cwd": os.getcwd(),
    "mine": os.environ.get("EDU_PRELOADED_PROBE"),
    "parents": os.environ.get("EDU_ONLY_IN_THE_PARENT"),
    "preloaded": "sqlalchemy" in sys.modules,
    "pid": os.getpid(),
    "session": os.getsid(0) == os.getpid(),
}))
print("to stderr", file=sys.stderr)
sys.exit(3)
"""


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.delenv(preloaded_python.COLD_ENV, raising=False)
    monkeypatch.setenv("EDU_ONLY_IN_THE_PARENT", "parent")
    return {"PATH": os.environ["PATH"], "EDU_PRELOADED_PROBE": "child"}


def test_a_child_runs_code_with_its_own_argv_environment_directory_and_streams(env, tmp_path):
    result = preloaded_python.run(
        PRELOADS, ["-c", REPORT, "first", "second"], env=env, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 3
    report = json.loads(result.stdout)
    assert report == {
        "argv": ["-c", "first", "second"],
        "cwd": str(tmp_path),
        "mine": "child",
        "parents": None,
        "preloaded": True,
        "pid": report["pid"],
        "session": False,
    }
    assert report["pid"] != os.getpid()
    assert result.stderr == "to stderr\n"


def test_a_module_runs_as_main_and_its_failure_is_its_status(env):
    result = preloaded_python.run(
        PRELOADS, ["-m", "edu_platform.manage", "no-such-command"], env=env, timeout=60
    )
    assert result.returncode == 2  # argparse's refusal, as from `python -m`
    assert "invalid choice: 'no-such-command'" in result.stderr
    crashed = preloaded_python.run(
        PRELOADS, ["-c", "raise ValueError('boom')"], env=env, timeout=60
    )
    assert crashed.returncode == 1
    assert crashed.stderr.rstrip().endswith("ValueError: boom")


def test_a_child_in_a_session_of_its_own_dies_with_its_group(env, tmp_path):
    marker = tmp_path / "grandchild"
    code = (
        "import json, os, subprocess, sys, time\n"
        "grandchild = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(marker)!r}, 'w').write(json.dumps("
        "[os.getsid(0) == os.getpid(), grandchild.pid]))\n"
        "time.sleep(60)\n"
    )
    child = preloaded_python.popen(
        PRELOADS, ["-c", code], env=env, new_session=True, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    leads_its_session, grandchild = json.loads(marker.read_text())
    assert leads_its_session
    assert child.poll() is None
    os.killpg(child.pid, signal.SIGKILL)  # a group exists as soon as popen returns
    assert child.wait(timeout=30) == -signal.SIGKILL
    assert child.poll() == -signal.SIGKILL
    # The grandchild was in the group too (a zombie until its parent's reaper takes it).
    while time.monotonic() < deadline:
        try:
            if _state(grandchild) == "Z":
                break
        except FileNotFoundError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"the grandchild {grandchild} outlived its group's SIGKILL")


def _state(pid: int) -> str:
    """A process's state letter from /proc (R, S, Z...)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_a_child_past_its_timeout_is_killed(env):
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        preloaded_python.run(PRELOADS, ["-c", "import time; time.sleep(60)"], env=env, timeout=1)
    assert time.monotonic() - started < 30


def test_cold_mode_starts_a_plain_interpreter(env, monkeypatch):
    monkeypatch.setenv(preloaded_python.COLD_ENV, "1")
    result = preloaded_python.run(PRELOADS, ["-c", REPORT], env=env, cwd=PROJECT_ROOT, timeout=60)
    assert result.returncode == 3
    assert json.loads(result.stdout)["preloaded"] is False
