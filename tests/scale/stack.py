"""The scale-out stack of `make scale-test`, started from nothing in a temporary folder.

    PostgreSQL (own cluster, free port)   Redis "jobs" (queue + cache, append-only file)
    Redis "state" (Reflex state)          nginx (static frontend, 2 backends, failover)
    2 Reflex backends (prod, backend-only, 1 process each)     2 RQ workers

Every server runs on a free port on 127.0.0.1 with its data under one temporary folder,
so that stopping or restarting one (the fault tests do) never touches the machine's
shared PostgreSQL on 5432 or Redis on 6379. Each piece is timed (`Stack.timings`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from edu_platform.settings import PROJECT_ROOT
from edu_platform.tools.toolchain import reflex_env


def _pg_bin() -> Path:
    """PG_BIN, else the newest Debian PostgreSQL server's bin/ (/usr/lib/postgresql/N/bin)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()
CLIENT_DIR = PROJECT_ROOT / ".web" / "build" / "client"
START_TIMEOUT = 240.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(check, what: str, timeout: float = START_TIMEOUT, interval: float = 0.2) -> float:
    """Poll `check()` until true; the seconds it took (AssertionError after `timeout`)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


def http_status(url: str, timeout: float = 5.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def stop_group(
    process: subprocess.Popen | None, sig: int = signal.SIGTERM, wait: float = 20
) -> None:
    """Signal a process started with start_new_session=True and everything it started."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@dataclass
class Service:
    name: str
    port: int
    process: subprocess.Popen | None = None
    log: Path | None = None

    def tail(self, chars: int = 3000) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return self.log.read_text(errors="replace")[-chars:]


@dataclass
class Stack:
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="edu-scale-")))
    timings: list[tuple[str, float]] = field(default_factory=list)
    # A data set (`edu_platform.seed --size`) loaded after migrating; None: empty database
    # (the scale suite creates its own rows). The load harness's cluster seeds "demo".
    seed_size: str | None = None

    def __post_init__(self) -> None:
        self.root.chmod(0o755)  # the postgres user reaches its cluster below
        self.data_dir = self.root / "data"
        self.data_dir.mkdir()
        # The cluster and its log belong to the postgres user (initdb refuses root).
        self.pg = Service("postgres", free_port(), log=self.root / "pg" / "postgres.log")
        self.redis_jobs = Service("redis-jobs", free_port(), log=self.root / "redis-jobs.log")
        self.redis_state = Service("redis-state", free_port(), log=self.root / "redis-state.log")
        # EDU_SCALE_NGINX_PORT pins the proxy's port, so that a rerun can keep the frontend
        # built for it (export_frontend); the suite picks a free one.
        nginx_port = int(os.environ.get("EDU_SCALE_NGINX_PORT") or 0) or free_port()
        self.nginx = Service("nginx", nginx_port, log=self.root / "nginx-error.log")
        self.backends = [
            Service(f"backend-{n}", free_port(), log=self.root / f"backend-{n}.log") for n in (1, 2)
        ]
        self.workers = [
            Service(f"worker-{n}", 0, log=self.root / f"worker-{n}.log") for n in (1, 2)
        ]

    # --- timing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def timed(self, what: str):
        start = time.monotonic()
        try:
            yield
        finally:
            self.timings.append((what, time.monotonic() - start))

    # --- addresses and environment ----------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx.port}"

    @property
    def database_url(self) -> str:
        return f"postgresql+psycopg://edu@127.0.0.1:{self.pg.port}/edu"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_jobs.port}/0"

    @property
    def state_redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_state.port}/0"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("REFLEX_STATE_MANAGER_MODE", "PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST"):
            env.pop(name, None)
        env.update(
            ENVIRONMENT="test",
            DATABASE_URL=self.database_url,
            DB_POOL_SIZE="4",
            REDIS_URL=self.redis_url,
            # Reflex state in its own Redis: the fault tests stop the jobs/cache Redis only
            # (README, "Scaling out": the state store is as vital as the database).
            STATE_REDIS_URL=self.state_redis_url,
            REFLEX_REDIS_URL=self.state_redis_url,
            DATA_DIR=str(self.data_dir),
            PUBLIC_URL=self.url,
            REFLEX_API_URL=self.url,
            TRUSTED_PROXY_HOPS="1",
            BACKEND_HOST="127.0.0.1",
            # One process per backend: the test kills "the backend", not one of its workers.
            GRANIAN_WORKERS="1",
            **reflex_env(env["PATH"]),
        )
        return env

    def _spawn(self, service: Service, argv: list[str], **kwargs) -> subprocess.Popen:
        assert service.log is not None
        with service.log.open("ab") as log:
            service.process = subprocess.Popen(
                argv,
                cwd=PROJECT_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                **kwargs,
            )
        return service.process

    # --- PostgreSQL -----------------------------------------------------------------------

    def _as_postgres(self, *argv: str) -> list[str]:
        # initdb refuses to run as root: the cluster belongs to the postgres user.
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *argv]
        return list(argv)

    def init_postgres(self) -> None:
        cluster = self.root / "pg"
        cluster.mkdir()
        if os.geteuid() == 0:
            shutil.chown(cluster, "postgres")
        subprocess.run(
            self._as_postgres(
                str(PG_BIN / "initdb"), "-D", str(cluster / "data"), "-U", "edu",
                "--auth=trust", "-E", "UTF8", "--no-sync",
            ),
            check=True,
            capture_output=True,
        )  # fmt: skip
        self.start_postgres()
        subprocess.run(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg.port),
                "-U",
                "edu",
                "edu",
            ],
            check=True,
            capture_output=True,
        )

    def start_postgres(self) -> None:
        cluster = self.root / "pg"
        options = (
            f"-p {self.pg.port} -k {cluster} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        result = subprocess.run(
            self._as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(cluster / "data"), "-l", str(self.pg.log),
                "-w", "-t", "60", "-o", options, "start",
            ),
            check=False,
            capture_output=True,
            text=True,
        )  # fmt: skip
        assert result.returncode == 0, f"pg_ctl start: {result.stderr}\n{self.pg.tail()}"

    def stop_postgres(self, mode: str = "fast") -> None:
        subprocess.run(
            self._as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(self.root / "pg" / "data"), "-m", mode,
                "-w", "-t", "60", "stop",
            ),
            check=False,
            capture_output=True,
        )  # fmt: skip

    # --- Redis ----------------------------------------------------------------------------

    def start_redis(self, service: Service, persistent: bool) -> None:
        folder = self.root / service.name
        folder.mkdir(exist_ok=True)
        argv = ["redis-server", "--bind", "127.0.0.1", "--port", str(service.port)]
        argv += ["--dir", str(folder), "--save", ""]
        # The jobs Redis keeps its queue across a restart (append-only file), as production's
        # should (docker-compose.yml): a stopped Redis must not take queued jobs with it.
        argv += ["--appendonly", "yes" if persistent else "no"]
        self._spawn(service, argv)
        wait_until(lambda: answers(service.port), f"{service.name} on {service.port}", 30, 0.05)

    def stop_redis(self, service: Service) -> None:
        stop_group(service.process, signal.SIGTERM)
        wait_until(lambda: not answers(service.port), f"{service.name} stopped", 30, 0.05)

    # --- the app --------------------------------------------------------------------------

    def migrate(self) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "alembic", "upgrade", "head"],
            cwd=PROJECT_ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]

    def seed(self, size: str) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "edu_platform.seed", "--size", size, "--if-empty"],
            cwd=PROJECT_ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]

    def _export_is_current(self) -> bool:
        marker = CLIENT_DIR / ".scale-api-url"
        return bool(
            os.environ.get("EDU_SCALE_NGINX_PORT")
            and marker.exists()
            and marker.read_text() == self.url
            and (CLIENT_DIR / "index.html").exists()
        )

    def start_export(self) -> subprocess.Popen | None:
        """Start exporting the static frontend, built for the proxy's address
        (REFLEX_API_URL); None when a build for that address can be reused (a pinned
        EDU_SCALE_NGINX_PORT). It runs while the servers start (`finish_export`)."""
        if self._export_is_current():
            return None
        log = (self.root / "export.log").open("wb")
        try:
            return subprocess.Popen(
                [sys.executable, "-m", "reflex", "export", "--frontend-only", "--no-zip",
                 "--env", "prod", "--loglevel", "warning"],
                cwd=PROJECT_ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        finally:
            log.close()

    def finish_export(self, process: subprocess.Popen | None) -> None:
        if process is None:
            return
        returncode = process.wait(timeout=START_TIMEOUT * 2)
        log = (self.root / "export.log").read_text(errors="replace")
        assert returncode == 0, log[-4000:]
        assert (CLIENT_DIR / "index.html").exists(), f"no {CLIENT_DIR}/index.html"
        (CLIENT_DIR / ".scale-api-url").write_text(self.url)

    def start_backend(self, backend: Service) -> None:
        self._spawn(
            backend,
            [sys.executable, "-m", "reflex", "run", "--env", "prod", "--backend-only",
             "--backend-host", "127.0.0.1", "--backend-port", str(backend.port),
             "--loglevel", "warning"],
            # `reflex run --backend-only` refuses any frontend port, rxconfig's included.
            env={**self.env(), "BACKEND_PORT": str(backend.port), "FRONTEND_PORT": "0"},
        )  # fmt: skip

    def wait_backend(self, backend: Service) -> None:
        def up() -> bool:
            if backend.process is not None and backend.process.poll() is not None:
                raise AssertionError(f"{backend.name} exited:\n{backend.tail()}")
            return http_status(f"http://127.0.0.1:{backend.port}/ping", 2) == 200

        wait_until(up, f"{backend.name} /ping", START_TIMEOUT, 0.5)

    def start_worker(self, worker: Service) -> None:
        # Short heartbeats and maintenance: a killed worker's job is retried within seconds.
        self._spawn(
            worker,
            [sys.executable, "-m", "edu_platform.jobs.worker", "--heartbeat", "1",
             "--maintenance-interval", "3"],
            env=self.env(),
        )  # fmt: skip

    def backend_pids(self, backend: Service) -> set[int]:
        assert backend.process is not None
        try:
            parent = psutil.Process(backend.process.pid)
            return {parent.pid, *(child.pid for child in parent.children(recursive=True))}
        except psutil.NoSuchProcess:
            return set()

    def websocket_backend(self) -> Service | None:
        """The backend holding an open websocket from nginx (nginx keeps no other
        connection to the backends open: no upstream keepalive)."""
        for backend in self.backends:
            if backend.process is None or backend.process.poll() is not None:
                continue
            for pid in self.backend_pids(backend):
                with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                    for conn in psutil.Process(pid).net_connections(kind="tcp"):
                        if (
                            conn.status == psutil.CONN_ESTABLISHED
                            and conn.laddr.port == backend.port
                        ):
                            return backend
        return None

    # --- nginx ----------------------------------------------------------------------------

    def nginx_conf(self) -> str:
        temp = self.root / "nginx-temp"
        temp.mkdir(exist_ok=True)
        servers = "\n".join(
            f"        server 127.0.0.1:{backend.port} max_fails=1 fail_timeout=10s;"
            for backend in self.backends
        )
        user = "user root;" if os.geteuid() == 0 else ""
        return f"""
{user}
worker_processes 1;
worker_rlimit_nofile 16384;
pid {self.root}/nginx.pid;
error_log {self.nginx.log} warn;
events {{ worker_connections 8192; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format upstream '$remote_addr "$request" $status $upstream_addr $request_time';
    access_log {self.root}/nginx-access.log upstream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    client_max_body_size 64m;
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    upstream backends {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{self.nginx.port};
        root {CLIENT_DIR};
        location / {{
            try_files $uri $uri.html $uri/index.html /__spa-fallback.html /404.html;
        }}
        location ~ ^/(_event|_upload|api|ping|_health|_all_routes) {{
            proxy_pass http://backends;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A stopped backend refuses the connection: the request goes to the other one.
            proxy_connect_timeout 2s;
            proxy_next_upstream error timeout http_502;
            proxy_next_upstream_tries 2;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
        }}
    }}
}}
"""

    def start_nginx(self) -> None:
        conf = self.root / "nginx.conf"
        conf.write_text(self.nginx_conf())
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._spawn(self.nginx, [nginx, "-c", str(conf), "-p", str(self.root), "-g", "daemon off;"])
        wait_until(lambda: answers(self.nginx.port), "nginx", 30, 0.05)

    # --- whole stack ----------------------------------------------------------------------

    def start(self) -> None:
        started = time.monotonic()
        export = self._export = self.start_export()  # the longest step: run beside the rest
        with self.timed("postgres initdb + start"):
            self.init_postgres()
        with self.timed("redis x2 start"):
            self.start_redis(self.redis_jobs, persistent=True)
            self.start_redis(self.redis_state, persistent=False)
        with self.timed("migrate"):
            self.migrate()
        if self.seed_size:
            with self.timed(f"seed {self.seed_size}"):
                self.seed(self.seed_size)
        with self.timed("backends x2 + workers x2 start"):
            for backend in self.backends:
                self.start_backend(backend)
            for worker in self.workers:
                self.start_worker(worker)
            for backend in self.backends:
                self.wait_backend(backend)
        with self.timed("frontend export (started first, waited for here)"):
            self.finish_export(export)
        self.timings.append(("frontend export, whole", time.monotonic() - started))
        with self.timed("nginx start"):
            self.start_nginx()

    def stop(self) -> None:
        stop_group(getattr(self, "_export", None), signal.SIGTERM, wait=10)
        for service in [self.nginx, *self.backends, *self.workers]:
            stop_group(service.process, signal.SIGTERM, wait=15)
        for service in (self.redis_jobs, self.redis_state):
            stop_group(service.process, signal.SIGTERM, wait=10)
        self.stop_postgres("immediate")

    def logs(self) -> str:
        services = [self.nginx, *self.backends, *self.workers, self.pg]
        return "\n".join(f"--- {s.name} ---\n{s.tail(3000)}" for s in services)
