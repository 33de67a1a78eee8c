"""Which browser tests cost Chromium the most CPU, and how many page loads each makes.

    python bench/browser_tests_cpu.py [--top 25] [-- PYTEST ARGS...]

Runs pytest (by default the browser files, tests/e2e and tests/security, on `make test`'s
workers) with a plugin that records, for every test, the CPU seconds Chromium used while
it ran and the documents its pages loaded. Then prints the total, each file's share and
the most expensive tests. Chromium's CPU is read from every Chromium process below the
pytest process ten times a second (a renderer that ends during a test counts with what it
had used by the last reading).

The suite's time is its CPU (#16), and two thirds of it is the browser tests: this
says where that goes test by test, for deciding which tests to merge or trim.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
RECORD_ENV = "EDU_BENCH_BROWSER_TESTS_RECORD"


# --- the plugin (loaded in every pytest process with -p bench.browser_tests_cpu) -------------


class ChromiumCpu:
    """The CPU seconds of every Chromium process below this one, kept up to date by a
    thread that reads them every SAMPLE_SECONDS: a renderer that ends during a test (a
    closed context, a swapped process) counts with what it had used at the last reading.
    Its parent does not get it back: Chromium's processes are not reaped by their parent."""

    SAMPLE_SECONDS = 0.1

    def __init__(self) -> None:
        self._seen: dict[int, float] = {}
        self._lock = threading.Lock()
        threading.Thread(target=self._follow, daemon=True, name="chromium-cpu").start()

    def _read(self) -> None:
        readings = {}
        for process in psutil.Process(os.getpid()).children(recursive=True):
            try:
                if "chrom" in process.name():
                    times = process.cpu_times()
                    readings[process.pid] = times.user + times.system
            except psutil.NoSuchProcess:
                continue
        with self._lock:
            self._seen.update(readings)

    def _follow(self) -> None:
        while True:
            self._read()
            time.sleep(self.SAMPLE_SECONDS)

    def snapshot(self) -> dict[int, float]:
        self._read()
        with self._lock:
            return dict(self._seen)

    @staticmethod
    def used_between(before: dict[int, float], after: dict[int, float]) -> float:
        return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


_loads = {"count": 0}


def _note_load(page) -> None:
    if page.url.startswith(("http://", "https://")):  # not the shared tab's about:blank
        _loads["count"] += 1


def _count_loads() -> None:
    """Count every page's document loads (the browser's contexts are made after this)."""
    from playwright.sync_api import Browser

    new_context = Browser.new_context

    def counting_new_context(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)

        def on_page(page):
            page.on("load", _note_load)

        context.on("page", on_page)
        return context

    Browser.new_context = counting_new_context


_tracker: list[ChromiumCpu] = []


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get(RECORD_ENV):
        _count_loads()
        _tracker.append(ChromiumCpu())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    record = os.environ.get(RECORD_ENV)
    if not record:
        yield
        return
    (tracker,) = _tracker
    before, loads = tracker.snapshot(), _loads["count"]
    yield
    line = {
        "test": item.nodeid,
        "cpu": round(ChromiumCpu.used_between(before, tracker.snapshot()), 3),
        "loads": _loads["count"] - loads,
    }
    with Path(record).open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


# --- the report -------------------------------------------------------------------------------


def report(rows: list[dict], top: int) -> None:
    browser_rows = [row for row in rows if row["cpu"] > 0 or row["loads"]]
    total = sum(row["cpu"] for row in browser_rows)
    loads = sum(row["loads"] for row in browser_rows)
    print(
        f"tests: {len(rows)} ({len(browser_rows)} used a browser); Chromium {total:.1f} CPU-s, "
        f"{loads} page loads ({total / max(loads, 1):.2f} CPU-s per load)"
    )
    by_file: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0, 0])
    for row in browser_rows:
        entry = by_file[row["test"].split("::", 1)[0]]
        entry[0] += row["cpu"]
        entry[1] += 1
        entry[2] += row["loads"]
    print("\nper file (CPU-s, tests, loads):")
    for name, (cpu, count, file_loads) in sorted(by_file.items(), key=lambda kv: -kv[1][0]):
        print(f"  {cpu:6.1f} {count:4d} {file_loads:4d}  {name}")
    print(f"\nthe {top} most expensive tests (CPU-s, loads):")
    for row in sorted(browser_rows, key=lambda row: -row["cpu"])[:top]:
        print(f"  {row['cpu']:6.2f} {row['loads']:3d}  {row['test']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("pytest_args", nargs="*", default=[])
    args = parser.parse_args()
    workers = os.environ.get("TEST_WORKERS") or str(min((os.cpu_count() or 1) + 1, 14))
    pytest_args = args.pytest_args or [
        "-n",
        workers,
        "--dist",
        "loadgroup",
        "tests/e2e",
        "tests/security",
    ]
    with tempfile.TemporaryDirectory() as folder:
        record = Path(folder) / "tests.jsonl"
        env = {
            **os.environ,
            RECORD_ENV: str(record),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "bench.browser_tests_cpu",
            *pytest_args,
        ]
        print("$", " ".join(command))
        completed = subprocess.run(command, cwd=ROOT, env=env, check=False)
        rows = (
            [json.loads(line) for line in record.read_text().splitlines()]
            if record.exists()
            else []
        )
    report(rows, args.top)
    sys.exit(completed.returncode)


if __name__ == "__main__":
    main()
