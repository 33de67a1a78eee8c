"""Python subprocesses of the tests that start warm: forked from a server process that has
imported the heavy libraries once, instead of each importing them afresh.

An RQ worker (`python -m edu_platform.jobs.worker --burst`) spends 1.5 CPU-seconds
importing before it takes its first job, 1.1 of them in SQLAlchemy, SQLModel, pydantic,
RQ, psycopg, reportlab and our models; the suite starts about thirty (#16: the suite's
time is its CPU). `run()` and `popen()` take the arguments `python` would, and the child
is still a process of its own that runs the module as `python -m` does (`__main__`, its
own argv, environment, working directory, standard streams and exit status), against the
test's database and Redis. What a server imports beforehand is named by the caller
(`PRELOADS`) and must not read the environment at import: the child's environment is
set after the fork, before it imports the rest (edu_platform.settings reads it then).

    result = run(PRELOADS, ["-m", "edu_platform.manage", "check"], env=..., timeout=60)
    worker = popen(PRELOADS, ["-m", "edu_platform.jobs.worker"], env=..., new_session=True)

One server per preload list and test process, started on first use and ended with the
process (it also ends when its stdin, a pipe from this process, closes). EDU_TEST_COLD_PYTHON=1
starts every child as a plain `python` instead, to tell whether a failure depends on this.

How it works: a Unix socket per server; a request is the argv, environment, working
directory and whether to start a new session, with the child's three standard streams
passed as file descriptors (SCM_RIGHTS). The server forks, answers the child's pid, and
later its wait status; it is single-threaded (forking from a threaded process is unsafe).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
COLD_ENV = "EDU_TEST_COLD_PYTHON"
# What an RQ worker, the manage CLI and the seed import before their first line of work;
# none of it reads the environment at import (edu_platform.models imports no settings).
PRELOADS = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlmodel",
    "pydantic",
    "pydantic_settings",
    "psycopg",
    "redis",
    "rq",
    "email_validator",
    "reportlab.pdfgen.canvas",
    "reportlab.platypus",
    "edu_platform.models",
)
_INT = struct.Struct("!i")
_REAP_SECONDS = 0.02
_START_TIMEOUT = 120


# --- the server -------------------------------------------------------------------------


def _recv_exact(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _run_child(request: dict, fds: list[int], started: int, closing: list[socket.socket]) -> None:
    """In the forked child: become the requested process and never return. `started` is
    written once the child is in its own session, if asked, and has its streams (as
    subprocess.Popen returns only then)."""
    code = 1
    try:
        for sock in closing:
            sock.close()
        if request["new_session"]:
            os.setsid()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.write(started, b"1")
        os.close(started)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        code = _run_as_main(request["argv"])
        # What the interpreter does on its way out: wait for the non-daemon threads, then
        # the atexit functions, then the streams.
        with contextlib.suppress(Exception):
            threading._shutdown()  # type: ignore[attr-defined]
        atexit._run_exitfuncs()
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _run_as_main(argv: list[str]) -> int:
    """`python -m module args` or `python -c code args`, in this process; the exit status."""
    import runpy

    option, target, *rest = argv
    try:
        if option == "-m":
            sys.argv = [target, *rest]
            sys.path[0] = str(Path.cwd())
            runpy.run_module(target, run_name="__main__", alter_sys=True)
        elif option == "-c":
            sys.argv = ["-c", *rest]
            sys.path[0] = ""
            exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
        else:
            raise ValueError(f"only -m and -c are supported, not {option!r}")
    except SystemExit as exit_:
        if exit_.code is None or isinstance(exit_.code, int):
            return exit_.code or 0
        print(exit_.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def serve(path: str, preloads: list[str]) -> None:
    """The server: import `preloads`, then fork a child per request until stdin closes."""
    import importlib

    for name in preloads:
        importlib.import_module(name)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    print("ready", flush=True)
    waiting: dict[socket.socket, None] = {}
    children: dict[int, socket.socket] = {}
    stdin = sys.stdin.fileno()
    while True:
        readable, _, _ = select.select([listener, stdin, *waiting], [], [], _REAP_SECONDS)
        if stdin in readable and not os.read(stdin, 1024):
            return  # the test process is gone
        if listener in readable:
            conn, _ = listener.accept()
            waiting[conn] = None
        for conn in [sock for sock in readable if sock in waiting]:
            del waiting[conn]
            try:
                (size,) = _INT.unpack(_recv_exact(conn, _INT.size))
                message, fds, _flags, _address = socket.recv_fds(conn, size, 3)
                request = json.loads(message + _recv_exact(conn, size - len(message)))
            except (EOFError, OSError, ValueError):
                conn.close()
                continue
            started_read, started = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(started_read)
                _run_child(request, fds, started, [listener, conn, *waiting, *children.values()])
            os.close(started)
            os.read(started_read, 1)  # empty if the child died first: its status follows
            os.close(started_read)
            for fd in fds:
                os.close(fd)
            conn.sendall(_INT.pack(pid))
            children[pid] = conn
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            conn = children.pop(pid, None)
            if conn is not None:
                with contextlib.suppress(OSError):
                    conn.sendall(_INT.pack(status))
                conn.close()


# --- the client -------------------------------------------------------------------------


class _Server:
    def __init__(self, preloads: tuple[str, ...]) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="edu-preloaded-")
        self.path = str(Path(self._dir.name) / "socket")
        env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.preloaded_python", self.path, *preloads],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], _START_TIMEOUT)
        line = self.process.stdout.readline() if ready else b""
        if line.strip() != b"ready":
            self.stop()
            raise RuntimeError(f"the preloaded Python server did not start: {line!r}")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=10)
        with contextlib.suppress(Exception):
            self.process.kill()
        self._dir.cleanup()


_servers: dict[tuple[str, ...], _Server] = {}
_servers_lock = threading.Lock()


def _server(preloads: tuple[str, ...]) -> _Server:
    with _servers_lock:
        server = _servers.get(preloads)
        if server is None or server.process.poll() is not None:
            server = _servers[preloads] = _Server(preloads)
        return server


@atexit.register
def _stop_servers() -> None:
    for server in _servers.values():
        server.stop()
    _servers.clear()


class Child:
    """A forked child: the part of subprocess.Popen the tests use."""

    def __init__(self, argv: list[str], conn: socket.socket, pid: int) -> None:
        self.args = argv
        self.pid = pid
        self.returncode: int | None = None
        self._conn = conn

    def poll(self) -> int | None:
        return self._take_status(block=False) if self.returncode is None else self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None and self._take_status(timeout=timeout) is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        assert self.returncode is not None
        return self.returncode

    def _take_status(self, *, block: bool = True, timeout: float | None = None) -> int | None:
        """The exit status once the server has sent it (None: not yet)."""
        ready, _, _ = select.select([self._conn], [], [], timeout if block else 0)
        if not ready:
            return None
        (status,) = _INT.unpack(_recv_exact(self._conn, _INT.size))
        self.returncode = os.waitstatus_to_exitcode(status)
        self._conn.close()
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _stream(value, inherited: int) -> tuple[int, bool]:
    """(a file descriptor for the child, whether it was opened here): None is this
    process's own `inherited` descriptor, as with subprocess."""
    if value is None:
        return os.dup(inherited), True
    if value == subprocess.DEVNULL:
        return os.open(os.devnull, os.O_RDWR), True
    return value.fileno(), False


def popen(
    preloads: tuple[str, ...],
    argv: list[str],
    *,
    env: dict[str, str],
    cwd: Path | str = PROJECT_ROOT,
    stdout=None,
    stderr=None,
    new_session: bool = False,
) -> Child | subprocess.Popen:
    """Start `python *argv` forked from the server that preloaded `preloads`. stdout and
    stderr: None (this process's), subprocess.DEVNULL or an open file; stdin is empty."""
    if os.environ.get(COLD_ENV) == "1":
        return subprocess.Popen(
            [sys.executable, *argv],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            start_new_session=new_session,
        )
    server = _server(tuple(preloads))
    streams = [_stream(subprocess.DEVNULL, 0), _stream(stdout, 1), _stream(stderr, 2)]
    request = json.dumps(
        {"argv": argv, "env": dict(env), "cwd": str(cwd), "new_session": new_session}
    ).encode()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(server.path)
        conn.sendall(_INT.pack(len(request)))
        socket.send_fds(conn, [request], [fd for fd, _ in streams])
        (pid,) = _INT.unpack(_recv_exact(conn, _INT.size))
    except BaseException:
        conn.close()
        raise
    finally:
        for fd, opened in streams:
            if opened:
                os.close(fd)
    return Child(argv, conn, pid)


def run(
    preloads: tuple[str, ...],
    argv: list[str],
    *,
    env: dict[str, str],
    timeout: float,
    cwd: Path | str = PROJECT_ROOT,
) -> subprocess.CompletedProcess[str]:
    """`subprocess.run([python, *argv], capture_output=True, text=True, timeout=...)`,
    the child forked from the server that preloaded `preloads`."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = popen(preloads, argv, env=env, cwd=cwd, stdout=out, stderr=err)
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise
        finally:
            out.seek(0)
            err.seek(0)
            output, errors = out.read().decode(), err.read().decode()
        return subprocess.CompletedProcess([sys.executable, *argv], child.wait(), output, errors)


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
