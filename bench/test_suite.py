"""How long `make test` takes, and where its CPU goes (#16: under 180 s on 2 cores).

    python bench/test_suite.py [--runs 1] [-- make test ARGS...]

Runs the command (`make test` by default) `--runs` times and prints, for each run: the
wall time, the machine's CPU over it (user, nice, system, idle and stolen seconds, from
/proc/stat), the CPU per kind of process (KINDS: pytest, Chromium, the type check,
Playwright's driver, the frontend build, the app servers, the RQ workers the tests start,
seeds and migrations, PostgreSQL, Redis, the rest) with the command lines that used the
most, and the suite's summary line.

This machine's own speed moves from one session to the next, so compare CPU seconds
rather than wall times across sessions. A fixed Python loop timed right before and after
each run (`for i in range(20_000_000): s += i * i`) is printed beside it for context only:
on 7 Dec 2026 it took 1.4-3.5 s around runs of the same code that all took 410-430 s.

The CPU per kind comes from sampling every process twice a second: a process that
starts and ends between two samples is missed, which shows as "unattributed".
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 180
SAMPLE_SECONDS = 0.5
TICKS = os.sysconf("SC_CLK_TCK")
# First match wins: (kind, what the command line contains). pytest-xdist's workers name
# themselves after the test they run ("[pytest-xdist running] tests/...[chromium]"): they
# come first.
KINDS = (
    ("pytest", ("[pytest-xdist", "-m pytest", "bin/pytest", "exec(eval(")),
    ("chromium", ("chromium",)),
    ("type check", ("pyright", "tests.support.type_check")),
    ("playwright driver", ("playwright/driver",)),
    ("frontend build", ("reflex export", "e2e_prepare build", "/bun ", "vite", "node ")),
    ("app servers", ("e2e_server serve", "granian", "uvicorn")),
    # The tests' workers and probes are forked from tests/support/preloaded_python.py and
    # keep its command line (RQ renames its workers "rq:worker:…" when it can).
    ("RQ workers", ("edu_platform.jobs.worker", "tests.support.preloaded_python", "rq:worker")),
    ("seeds and migrations", ("edu_platform.seed", "alembic", "e2e_prepare seed")),
    ("postgres", ("postgres",)),
    ("redis", ("redis-server",)),
)


def loop_seconds() -> float:
    started = time.perf_counter()
    total = 0
    for i in range(20_000_000):
        total += i * i
    return time.perf_counter() - started


def kind_of(cmdline: str) -> str:
    for kind, marks in KINDS:
        if any(mark in cmdline for mark in marks):
            return kind
    return "other"


def machine_cpu() -> dict[str, float]:
    """Seconds of all cores since boot, by state (/proc/stat's first line)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(f) / TICKS for f in fields)
    return {
        "user": user,
        "nice": nice,
        "system": system + irq + softirq,
        "idle": idle + iowait,
        "steal": steal,
    }


def process_cpu(pid: str) -> tuple[int, float] | None:
    """(start time, user + system seconds so far) of a process; None: it is gone. The
    start time tells a process from a later one that got the same pid."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return int(fields[19]), (int(fields[11]) + int(fields[12])) / TICKS


def process_cmdline(pid: str) -> str:
    try:
        text = (
            Path(f"/proc/{pid}/cmdline")
            .read_bytes()
            .replace(b"\0", b" ")
            .decode(errors="replace")
            .strip()
        )
        if text:
            return text
        return Path(f"/proc/{pid}/comm").read_text(errors="replace").strip()
    except OSError:
        return ""


Process = tuple[int, int]  # (pid, start time)


class Sampler(threading.Thread):
    """The CPU seconds every process used while it ran, by kind (last sample per process).

    Reads /proc directly: psutil's objects cost about 8 % of a core at this rate. A
    process's command line is read when it is first seen and again every
    RENAME_SAMPLES samples (a child may exec after it is first seen)."""

    RENAME_SAMPLES = 10

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self._start: dict[Process, float] = {}
        self._last: dict[Process, tuple[str, float]] = {}
        self._cmdlines: dict[Process, str] = {}
        self._own = os.getpid()
        for pid in self._pids():
            sample = process_cpu(pid)
            if sample is not None:
                self._start[(int(pid), sample[0])] = sample[1]

    @staticmethod
    def _pids() -> list[str]:
        return [entry.name for entry in os.scandir("/proc") if entry.name.isdigit()]

    def run(self) -> None:
        samples = 0
        while not self.stop.wait(SAMPLE_SECONDS):
            samples += 1
            for pid in self._pids():
                sample = process_cpu(pid)
                if sample is None:
                    continue
                process = (int(pid), sample[0])
                if process not in self._cmdlines or samples % self.RENAME_SAMPLES == 0:
                    self._cmdlines[process] = process_cmdline(pid)
                cmdline = self._cmdlines[process]
                kind = "this benchmark" if process[0] == self._own else kind_of(cmdline)
                self._last[process] = (kind, sample[1])

    def by_kind(self) -> dict[str, Counter[str]]:
        """The CPU seconds used, by kind, then by command line."""
        used: dict[str, Counter[str]] = {}
        for process, (kind, seconds) in self._last.items():
            command = self._cmdlines[process][:80]
            used.setdefault(kind, Counter())[command] += seconds - self._start.get(process, 0.0)
        return used


def args_top(used: Counter[str], count: int = 3) -> list[tuple[str, float]]:
    """The `count` command lines that used the most, when they used a second or more."""
    return [(name, seconds) for name, seconds in used.most_common(count) if seconds >= 1]


def run_once(command: list[str]) -> None:
    before_loop = loop_seconds()
    sampler = Sampler()
    sampler.start()
    cpu_before, started = machine_cpu(), time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    cpu_after = machine_cpu()
    sampler.stop.set()
    sampler.join()
    after_loop = loop_seconds()

    cpu = {name: cpu_after[name] - cpu_before[name] for name in cpu_before}
    busy = cpu["user"] + cpu["nice"] + cpu["system"]
    summary = [line for line in done.stdout.splitlines() if re.search(r"\d+ passed", line)]
    print(f"command: {' '.join(command)} (exit {done.returncode})")
    print(f"  {summary[-1].strip('= ') if summary else 'no pytest summary line'}")
    print(f"  wall: {wall:.0f} s (target {TARGET_SECONDS} s: {wall / TARGET_SECONDS:.2f}x)")
    print(
        f"  machine CPU: {busy:.0f} s busy ("
        + ", ".join(f"{name} {seconds:.0f}" for name, seconds in cpu.items())
        + ")"
    )
    kinds = {
        kind: (sum(commands.values()), commands) for kind, commands in sampler.by_kind().items()
    }
    for kind, (seconds, commands) in sorted(kinds.items(), key=lambda item: -item[1][0]):
        if seconds >= 0.5:
            print(f"    {kind:22} {seconds:6.0f} CPU-s")
            for name, used in args_top(commands):
                print(f"        {used:5.1f} {name}")
    attributed = sum(seconds for seconds, _ in kinds.values())
    print(f"    {'unattributed':22} {busy - attributed:6.0f} CPU-s")
    print(f"  loop: {before_loop:.2f} s before, {after_loop:.2f} s after")
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("command", nargs="*", default=["make", "test"])
    args = parser.parse_args()
    for _ in range(args.runs):
        run_once(args.command)


if __name__ == "__main__":
    main()
