"""Chromium's CPU per round of page loads, for the test suite's flags and one change to them.

    python bench/browser_cpu.py [--url http://127.0.0.1:3990] [--rounds 8]
        [--flags-b=--js-flags=--max-opt=1 ...]

Start a server first (`python bench/load/serve.py`, or `make run`). Two headless browsers
are launched side by side: A with the suite's own launch arguments minus what `--drop`
names, B with those plus `--flags-b`. Each signs in as the demo admin, then both run the
same round (catalog, a course page through a click, home, /my, /admin/users) in turns,
A-B then B-A, so that the machine's own speed, which drifts by tens of per cent here from
one minute to the next, weighs on both alike. Prints each browser's CPU per round (the
browser process and all its children, from /proc) and B's over A's.

The suite's browser tests spend most of their CPU in Chromium (#16), and a whole-suite
run cannot tell a 10 % change from the machine's noise; this can.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import psutil
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edu_platform.seed.demo import DEMO_PASSWORD  # noqa: E402  (after the root is importable)
from tests.e2e.support import sign_in_through_form  # noqa: E402
from tests.support.chromium import CHROMIUM_ARGS, chromium_launch_args  # noqa: E402

WAIT_MS = 30_000
ADMIN = "admin@example.com"


def tree_cpu(pid: int) -> float:
    """CPU seconds of the process and its living descendants."""
    root = psutil.Process(pid)
    total = 0.0
    for process in (root, *root.children(recursive=True)):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def browser_pids() -> set[int]:
    """Chromium's browser processes (not its renderers, GPU or utility processes)."""
    chromium = {
        process.pid: process.ppid()
        for process in psutil.process_iter(["name"])
        if "chrom" in (process.info["name"] or "")
    }
    return {pid for pid, parent in chromium.items() if parent not in chromium}


def one_round(page: Page, url: str) -> None:
    courses = page.locator("a[href^='/course/']")
    page.goto(f"{url}/catalog")
    expect(courses.first).to_be_visible(timeout=WAIT_MS)
    courses.first.click()
    expect(page.get_by_role("heading").first).to_be_visible(timeout=WAIT_MS)
    for path in ("/", "/my", "/admin/users"):
        page.goto(url + path)
        page.wait_for_load_state("networkidle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:3990")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--flags-b", action="append", default=[], help="added for B")
    parser.add_argument("--drop", action="append", default=[], help="suite flag left out of A")
    args = parser.parse_args()
    url = args.url.rstrip("/")
    base = [flag for flag in CHROMIUM_ARGS if flag not in args.drop]
    variants = {"A": base, "B": [*base, *args.flags_b]}
    pages: dict[str, Page] = {}
    pids: dict[str, int] = {}
    with sync_playwright() as playwright:
        for name, flags in variants.items():
            before = browser_pids()
            launch = chromium_launch_args({"headless": True}, "test")
            browser = playwright.chromium.launch(**{**launch, "args": flags})
            (pids[name],) = browser_pids() - before
            pages[name] = browser.new_context().new_page()
            sign_in_through_form(pages[name], url, ADMIN, DEMO_PASSWORD)
            one_round(pages[name], url)  # the tab's caches warm, as in the suite's shared tab
        used = dict.fromkeys(variants, 0.0)
        for number in range(args.rounds):
            for name in ("A", "B") if number % 2 == 0 else ("B", "A"):
                start = tree_cpu(pids[name])
                one_round(pages[name], url)
                used[name] += tree_cpu(pids[name]) - start
    print(f"url: {url}  rounds: {args.rounds} (turn about)")
    told = {
        "A": "the suite's flags" + "".join(f" without {flag}" for flag in args.drop),
        "B": "A's" + "".join(f" with {flag}" for flag in args.flags_b),
    }
    for name in variants:
        print(f"  {name}: {used[name] / args.rounds:.2f} CPU-s per round ({told[name]})")
    print(f"B/A: {used['B'] / used['A']:.3f}")


if __name__ == "__main__":
    main()
