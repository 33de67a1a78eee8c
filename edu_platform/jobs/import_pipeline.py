"""An import's reading and writing at once, in two processes (the RQ worker's jobs).

A batch's time is about half Python (parsing, validating, looking users and courses up)
and half the database's (COPY, the foreign-key check, the insert and its triggers), and
one process does them one after the other: a thread cannot overlap them, the Python side
holds the GIL (bench/imports.py; its row in README's benchmark table). Here a forked
child reads the file and prepares each batch (`imports.prepare_batch`, reads only, on its
own connection) while the job's process writes the batch before it (`imports.write_batch`,
one transaction each, as before). A pipe holds less than a batch, so the reader
waits for a slow writer. Every row still goes through the same validation and the same
write in file order, so the errors, counts and rows written are the same as in-process.

Only where forking is safe and pays: an RQ worker (`enable()` from its main, one job at a
time, no event loop in the process) and a file of more than `MIN_BATCHES` batches. The
embedded shape (`make run`: jobs in threads of the web server) reads and writes in one
process: forking a process with an event loop and other threads is not safe.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Iterator
from typing import Any

from edu_platform import db
from edu_platform.services import imports
from edu_platform.services.import_formats import SourceRow, UnreadableFile

MIN_BATCHES = 3  # below this the fork costs more than the overlap gains
JOIN_SECONDS = 10
PR_SET_PDEATHSIG = 1  # prctl(2)

_enabled = False


class ReaderFailed(RuntimeError):
    """The reading process failed (its error text) or ended without finishing."""


def enable(on: bool = True) -> None:
    """Let this process fork a reader for large imports (the RQ worker's main calls it)."""
    global _enabled
    _enabled = on


def applies(context: imports.RunContext) -> bool:
    """Whether this run reads in a child: enabled here, fork available, file large enough."""
    return _enabled and hasattr(os, "fork") and context.total > MIN_BATCHES * imports.BATCH_SIZE


def batches(rows: Iterator[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    batch: list[SourceRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _die_with_parent(writer_pid: int) -> None:
    """Linux: SIGKILL this process when the process that forked it dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the broken pipe still stops the reader
        pass
    if os.getppid() != writer_pid:  # the writer died before the line above
        os._exit(1)


def _read_side(context: imports.RunContext, pipe: Any, writers_end: Any, writer_pid: int) -> None:
    """The child: read the file, prepare every batch, send each; then "end" (or why not)."""
    # A writer killed outright (SIGKILL, OOM) must take its reader with it: a reader left
    # behind holds the writer's database sockets, inherited by the fork, so the killed
    # writer's open transaction and its row locks would outlive it and block the job's
    # retry for good (tests/scale/test_faults.py). The end of the pipe the writer reads
    # is closed here, so that the writer's death is a broken pipe at the next send, and
    # on Linux the kernel kills this process with its writer at once.
    writers_end.close()
    _die_with_parent(writer_pid)
    # Shutdown signals are the worker's to handle (a warm stop lets the job finish); a
    # reader whose writer is gone stops at its next send (a broken pipe).
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent's pooled connections stay the parent's: this process opens its own.
    db.get_engine().dispose(close=False)
    try:
        for rows in batches(imports.read_source(context), imports.BATCH_SIZE):
            prepared = db.run_sync(
                imports.prepare_batch, read_only=True, context=context, rows=rows
            )
            pipe.send(("batch", prepared))
        pipe.send(("end", None))
    except UnreadableFile as error:
        pipe.send(("unreadable", str(error)))
    except BrokenPipeError:
        pass  # the writer stopped (failed, superseded, killed): nothing to tell
    except BaseException as error:  # reported to the writer, which fails the job
        pipe.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        pipe.close()


def prepared_batches(context: imports.RunContext) -> Iterator[imports.PreparedBatch]:
    """The run's prepared batches in file order, read and prepared by a forked child.

    Raises UnreadableFile as the in-process reader does, and ReaderFailed for any other
    failure of the child. Leaving early (an error while writing) stops the child."""
    fork = multiprocessing.get_context("fork")
    receive, send = fork.Pipe(duplex=False)
    reader = fork.Process(
        target=_read_side,
        args=(context, send, receive, os.getpid()),
        name=f"import-{context.job_id}-reader",
    )
    reader.daemon = True  # dies with the worker
    reader.start()
    send.close()  # the child's end: EOF here once the child is gone
    try:
        while True:
            try:
                what, payload = receive.recv()
            except EOFError:
                raise ReaderFailed(
                    f"the import's reader ended early (exit code {reader.exitcode})"
                ) from None
            if what == "batch":
                yield payload
            elif what == "end":
                return
            elif what == "unreadable":
                raise UnreadableFile(payload)
            else:
                raise ReaderFailed(payload)
    finally:
        receive.close()  # a child still sending gets a broken pipe and stops
        reader.join(JOIN_SECONDS)
        if reader.is_alive():
            reader.kill()
            reader.join()
