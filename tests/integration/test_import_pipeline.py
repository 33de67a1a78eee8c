"""A large import read by a forked child while the job's process writes (the RQ worker's
shape, jobs/import_pipeline.py), on both databases: the same rows, errors and counts as
the in-process reader, and a failure on either side fails the job with nothing left
running.

Batches of 20 rows stand in for the real 2,000, so a file of 150 rows has 8 batches.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import func, select, text, update
from sqlmodel import Session

from edu_platform import db
from edu_platform.jobs import import_pipeline
from edu_platform.jobs.imports import run_import
from edu_platform.models import Course, Enrollment, ImportJob, User
from edu_platform.services import imports
from edu_platform.settings import settings
from tests.support.imports_data import count, errors, make_people, status, upload
from tests.support.jobs import fail_on_call

LEARNERS = 120
HEADER = "email,course_slug,enrolled_at\n"


@pytest.fixture
def people(committed_session: Session, enqueued, data_dir) -> dict[str, int]:
    """The import world (tests/support/imports_data.py); uploads go to a temporary folder."""
    return make_people(committed_session)


@pytest.fixture
def pipelined(monkeypatch):
    """Small batches, and this process allowed to fork a reader as the RQ worker is."""
    monkeypatch.setattr(imports, "BATCH_SIZE", 20)
    import_pipeline.enable()
    yield
    import_pipeline.enable(False)


@pytest.fixture
def learners(people, committed_session: Session) -> dict[str, int]:
    committed_session.add_all(
        [User(email=f"pipe-{number:03d}@example.com", full_name="P") for number in range(LEARNERS)]
    )
    committed_session.commit()
    return people


def _mixed_file() -> str:
    """150 data rows (lines 2-151): good ones, and bad ones in several batches."""
    lines = [f"pipe-{number:03d}@example.com,python-basics,2025-01-15" for number in range(120)]
    lines += [f"pipe-{number:03d}@example.com,sql-basics," for number in range(30)]
    lines[3] = "nobody@example.com,python-basics,2025-01-15"  # line 5: user missing
    lines[44] = "pipe-044@example.com,no-such-course,2025-01-15"  # line 46: course missing
    lines[77] = "pipe-077@example.com,python-basics,someday"  # line 79: date
    lines[101] = "pipe-010@example.com,python-basics,2025-02-01"  # line 103: dup of line 12
    lines[140] = "pipe-000@example.com,sql-basics"  # line 142: field count
    return HEADER + "\n".join(lines) + "\n"


EXPECTED_ERRORS = [
    (5, "email"),
    (46, "course_slug"),
    (79, "enrolled_at"),
    (103, "course_slug"),
    (142, None),
]


def _reader_pids(monkeypatch, tmp_path) -> Path:
    """Record the process each batch is prepared in (a file: the child's memory is its own)."""
    record, real_prepare = tmp_path / "reader-pids", imports.prepare_batch

    def recording_prepare(**kwargs):
        with record.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real_prepare(**kwargs)

    monkeypatch.setattr(imports, "prepare_batch", recording_prepare)
    return record


def test_a_large_file_read_in_a_child_writes_what_the_in_process_reader_writes(
    learners, committed_session, pipelined, monkeypatch, tmp_path
):
    pids = _reader_pids(monkeypatch, tmp_path)
    job_id = upload(learners, "enrollments", _mixed_file())
    assert run_import(job_id) == "done"
    readers = {int(pid) for pid in pids.read_text().split()}
    assert len(readers) == 1 and os.getpid() not in readers  # every batch in one child
    view = status(learners, job_id)
    assert (view.status, view.processed, view.failed) == ("done", 150, 5)
    assert errors(learners, job_id) == EXPECTED_ERRORS
    assert count(committed_session, Enrollment) == 145
    python = committed_session.get(Course, learners["python"])
    sql = committed_session.get(Course, learners["sql"])
    assert (python.enrollment_count, sql.enrollment_count) == (116, 29)
    assert multiprocessing.active_children() == []

    # The same file read in this process: the same counts and errors, nothing new written.
    import_pipeline.enable(False)
    again = upload(learners, "enrollments", _mixed_file())
    assert run_import(again) == "done"
    view = status(learners, again)
    assert (view.status, view.processed, view.failed) == ("done", 150, 5)
    assert errors(learners, again) == EXPECTED_ERRORS
    assert count(committed_session, Enrollment) == 145


def test_a_small_file_is_read_in_process(learners, committed_session, pipelined, monkeypatch):
    def no_fork(context):
        raise AssertionError("a 3-batch file should not fork a reader")

    monkeypatch.setattr(import_pipeline, "prepared_batches", no_fork)
    rows = [f"pipe-{number:03d}@example.com,python-basics," for number in range(60)]
    job_id = upload(learners, "enrollments", HEADER + "\n".join(rows))  # 3 batches
    assert run_import(job_id) == "done"
    assert count(committed_session, Enrollment) == 60


def test_a_reader_that_fails_fails_the_job_with_its_reason_and_a_rerun_finishes(
    learners, committed_session, pipelined, monkeypatch
):
    real_prepare = imports.prepare_batch
    fail_on_call(monkeypatch, imports, "prepare_batch", 3, ValueError("the reader tripped"))
    job_id = upload(learners, "enrollments", _mixed_file())
    with pytest.raises(import_pipeline.ReaderFailed, match="the reader tripped"):
        run_import(job_id)
    failed = status(learners, job_id)
    assert (failed.status, failed.processed) == ("failed", 40)  # the two batches before
    assert "ValueError: the reader tripped" in failed.error
    assert count(committed_session, Enrollment) == 39  # line 5 of them is refused
    assert multiprocessing.active_children() == []

    monkeypatch.setattr(imports, "prepare_batch", real_prepare)
    assert run_import(job_id) == "done"
    assert (status(learners, job_id).processed, status(learners, job_id).failed) == (150, 5)
    assert count(committed_session, Enrollment) == 145


def test_a_writer_that_fails_stops_the_reader(learners, committed_session, pipelined, monkeypatch):
    fail_on_call(monkeypatch, imports, "write_batch", 2, ConnectionError("the database went away"))
    job_id = upload(learners, "enrollments", _mixed_file())
    with pytest.raises(ConnectionError):
        run_import(job_id)
    assert multiprocessing.active_children() == []  # the reader was stopped, not left behind
    failed = status(learners, job_id)
    assert (failed.status, failed.processed) == ("failed", 20)
    assert "ConnectionError" in failed.error
    assert count(committed_session, Enrollment) == 19


def test_a_file_gone_before_the_reader_opens_it_fails_the_job_with_the_reason(
    learners, committed_session, pipelined
):
    job_id = upload(learners, "enrollments", _mixed_file())
    (settings.data_dir / committed_session.get(ImportJob, job_id).file_path).unlink()
    assert run_import(job_id) == "failed"
    view = status(learners, job_id)
    assert view.status == "failed" and "missing" in view.error
    assert committed_session.scalars(select(Enrollment.id)).all() == []


def _alive(pid: int) -> bool:
    """Running, not merely a zombie nobody has reaped (its parent is gone)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _run_until_killed(job_id: int) -> None:
    """A worker process: the pytest process's pooled connections stay its own."""
    db.get_engine().dispose(close=False)
    run_import(job_id)


def test_a_writer_killed_outright_takes_its_reader_and_its_locks_with_it(
    people,
    committed_session,
    pipelined,
    monkeypatch,
    tmp_path,
):
    """kill -9 of the worker mid-batch (an OOM kill): its reader must not live on, since
    it holds the writer's database sockets, and with them the killed transaction's locks,
    which would block the job's retry for good. The file is large enough (200 batches)
    that the reader is still sending, its pipe full, when the writer dies."""
    rows = 4000
    pids = _reader_pids(monkeypatch, tmp_path)
    real_write, calls = imports.write_batch, []

    def killed_mid_write(**kwargs):
        calls.append(1)
        real_write(**kwargs)  # the batch's rows and the job's counters, not committed
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(imports, "write_batch", killed_mid_write)
    lines = [f"killed-{number:04d}@example.com,Learner {number},student" for number in range(rows)]
    job_id = upload(people, "users", "email,full_name,role\n" + "\n".join(lines) + "\n")
    writer = multiprocessing.get_context("fork").Process(target=_run_until_killed, args=(job_id,))
    writer.start()
    writer.join(60)
    assert writer.exitcode == -signal.SIGKILL
    reader = int(pids.read_text().split()[0])
    try:
        deadline = time.monotonic() + 10
        while _alive(reader) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(reader), "the killed writer's reader lives on"
    finally:
        if _alive(reader):
            os.kill(reader, signal.SIGKILL)

    # The killed transaction went with both processes: its row lock is no longer held.
    with db.get_engine().connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET lock_timeout = '5s'"))
        table = ImportJob.__table__
        connection.execute(update(table).where(table.c.id == job_id).values(error=None))
        connection.commit()
    assert status(people, job_id).processed == 20  # the first batch only

    monkeypatch.setattr(imports, "write_batch", real_write)
    assert run_import(job_id) == "done"  # the retry
    view = status(people, job_id)
    assert (view.status, view.processed, view.failed) == ("done", rows, 0)
    imported = committed_session.scalar(
        select(func.count(User.id)).where(User.email.like("killed-%"))
    )
    assert imported == rows
