"""The server's CPU while nobody uses it: what a `make run` server costs once the load is
over (#18: back to ~2 % of one core an hour after the load stops).

    python bench/idle_cpu.py --port 3990 [--minutes 65] [--every 60]

Finds the server process tree listening on `--port` (as bench/load/ws_visitors.py does:
the Reflex process and its children), then every `--every` seconds prints the CPU it used
in that window as % of one core, with its RSS; at the end, the mean over the whole watch
and over its last 10 minutes. CPU time is counted by the kernel per process, so the
figure does not depend on what else the machine runs. Typical use: start
`bench/load/serve.py`, run `bench/load/ws_visitors.py --levels 1000`, then this.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time

import psutil
from load.ws_visitors import rss_mb


def server_tree(port: int) -> list[psutil.Process]:
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port and conn.pid:
            root = psutil.Process(conn.pid)
            parent = root.parent()
            while parent is not None and any("reflex" in part for part in parent.cmdline()):
                root, parent = parent, parent.parent()
            return [root, *root.children(recursive=True)]
    return []


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--minutes", type=float, default=65)
    parser.add_argument("--every", type=float, default=60, help="seconds per printed line")
    args = parser.parse_args()
    processes = server_tree(args.port)
    if not processes:
        print(f"nothing listens on port {args.port}", file=sys.stderr)
        return 2
    print(f"watching {len(processes)} process(es) of the server on port {args.port}")
    started = last_time = time.monotonic()
    first_cpu = last_cpu = cpu_seconds(processes)
    windows: list[tuple[float, float]] = []  # (seconds since start, % of one core)
    while time.monotonic() - started < args.minutes * 60:
        time.sleep(args.every)
        now, cpu = time.monotonic(), cpu_seconds(processes)
        percent = (cpu - last_cpu) / (now - last_time) * 100
        windows.append((now - started, percent))
        print(
            f"{(now - started) / 60:6.1f} min  CPU {percent:5.2f} % of one core  "
            f"RSS {rss_mb(processes):.0f} MB",
            flush=True,
        )
        last_time, last_cpu = now, cpu
    total = (last_cpu - first_cpu) / (last_time - started) * 100
    tail = [percent for at, percent in windows if at >= (last_time - started) - 600]
    print(f"mean over {(last_time - started) / 60:.0f} min: {total:.2f} % of one core")
    if tail:
        print(f"mean over the last 10 min: {sum(tail) / len(tail):.2f} % of one core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
