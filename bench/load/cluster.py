"""The load harness's cluster: the scale suite's stack (tests/scale/stack.py), seeded.

    python bench/load/cluster.py [--port 3995] [--pool-size 8] [--root DIR]

Starts, each on a free port of 127.0.0.1 with its data under one folder: a PostgreSQL
cluster of its own, a Redis for Reflex state and one for jobs and the cache, 2 Reflex
backends (prod, one process each) behind nginx (which also serves the exported
frontend) and 2 RQ workers; migrates and seeds the demo data; prints the URL, the
database URL and the backends' ports (for the harnesses' `--server-ports`, which measure
the backends' CPU), writes them to `<root>/cluster.json`, and keeps everything running
until Ctrl-C (or SIGTERM), then stops it all and removes the folder (`--keep` keeps it).

`--port` pins nginx's port so that a second run reuses the frontend exported for it
(the export is the slowest step: minutes). Run the harnesses against the printed URL:

    python bench/load/quiz_learners.py --url URL --database-url DB --server-ports P1,P2
    python bench/load/ws_visitors.py --url URL --server-ports P1,P2 [--browse]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.scale.stack import Stack  # noqa: E402  (after the project root is importable)


@dataclass
class Cluster(Stack):
    """The scale stack with the app's own connection pool size (the suite keeps it small)."""

    pool_size: int = 8

    def env(self) -> dict[str, str]:
        return {**super().env(), "DB_POOL_SIZE": str(self.pool_size)}

    def describe(self) -> dict:
        return {
            "url": self.url,
            "database_url": self.database_url,
            "redis_url": self.redis_url,
            "state_redis_url": self.state_redis_url,
            "backend_ports": [backend.port for backend in self.backends],
            "backend_pids": [backend.process.pid for backend in self.backends if backend.process],
            "postgres_port": self.pg.port,
            "root": str(self.root),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=3995, help="nginx's port (0: any free)")
    parser.add_argument("--pool-size", type=int, default=8, help="DB_POOL_SIZE per backend")
    parser.add_argument("--root", type=Path, default=None, help="folder (default: a new one)")
    parser.add_argument("--keep", action="store_true", help="keep the folder after stopping")
    args = parser.parse_args()
    if args.port:
        os.environ["EDU_SCALE_NGINX_PORT"] = str(args.port)
    root = args.root or Path(tempfile.mkdtemp(prefix="edu-cluster-"))
    root.mkdir(parents=True, exist_ok=True)
    # Stop everything with this process, whichever signal ends it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    cluster = Cluster(root=root, seed_size="demo", pool_size=args.pool_size)
    try:
        started = time.monotonic()
        cluster.start()
        info = cluster.describe()
        (root / "cluster.json").write_text(json.dumps(info, indent=1))
        ports = ",".join(str(port) for port in info["backend_ports"])
        for what, seconds in cluster.timings:
            print(f"{seconds:7.1f} s  {what}")
        print(
            f"ready in {time.monotonic() - started:.0f} s\n"
            f"URL           {info['url']}\n"
            f"DATABASE_URL  {info['database_url']}\n"
            f"backends      {ports} (pids {info['backend_pids']})\n"
            f"logs          {root}\n"
            f"  python bench/load/quiz_learners.py --url {info['url']} "
            f"--database-url {info['database_url']} --server-ports {ports}\n"
            f"  python bench/load/ws_visitors.py --url {info['url']} --server-ports {ports}\n"
            "Ctrl-C stops the cluster.",
            flush=True,
        )
        while True:
            for backend in cluster.backends:
                if backend.process is not None and backend.process.poll() is not None:
                    raise SystemExit(f"{backend.name} exited:\n{backend.tail()}")
            time.sleep(2)
    except KeyboardInterrupt:
        pass
    except BaseException:
        print(cluster.logs(), file=sys.stderr)
        raise
    finally:
        cluster.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
