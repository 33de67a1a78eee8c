"""Redis down: jobs are parked on disk, not lost, and reach RQ once Redis answers."""

from __future__ import annotations

import json
import os
import time

import pytest

from edu_platform import jobs
from edu_platform.jobs import spool
from tests.support.jobs import redis_at

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


@pytest.fixture
def redis_down(data_dir, monkeypatch):
    with redis_at(monkeypatch, UNREACHABLE):
        yield


def test_enqueue_parks_the_job_when_redis_refuses(redis_down, data_dir):
    started = time.monotonic()
    job = jobs.enqueue("edu_platform.jobs.imports.run_import", 42)
    assert time.monotonic() - started < 3.0
    assert job.id.startswith("spooled-") and job.future is None
    [parked] = spool.pending()
    assert parked.parent == data_dir / "job-spool"
    assert json.loads(parked.read_text()) == {
        "fn": "edu_platform.jobs.imports.run_import",
        "args": [42],
        "queue": "default",
    }
    assert jobs.queue_status() == "down"


def test_a_function_is_parked_by_its_dotted_name(redis_down):
    from edu_platform.jobs.certificates import reissue_batch_job

    jobs.enqueue(reissue_batch_job, 7, [1, 2, 3], queue="pdf")
    [parked] = spool.pending()
    assert json.loads(parked.read_text()) == {
        "fn": "edu_platform.jobs.certificates.reissue_batch_job",
        "args": [7, [1, 2, 3]],
        "queue": "pdf",
    }


def test_drain_hands_parked_jobs_over_oldest_first_and_deletes_them(data_dir):
    spool.park("edu_platform.jobs.a.first", (1,), "default")
    spool.park("edu_platform.jobs.a.second", (2,), "pdf")
    handed = []
    assert spool.drain(lambda fn, args, queue: handed.append((fn, args, queue))) == 2
    assert handed == [
        ("edu_platform.jobs.a.first", (1,), "default"),
        ("edu_platform.jobs.a.second", (2,), "pdf"),
    ]
    assert list((data_dir / "job-spool").iterdir()) == []


def test_a_failed_hand_over_keeps_the_job_for_the_next_round(data_dir):
    spool.park("edu_platform.jobs.a.job", (1,), "default")

    def redis_still_down(*_args):
        raise ConnectionError("refused")

    with pytest.raises(ConnectionError):
        spool.drain(redis_still_down)
    [kept] = spool.pending()
    assert json.loads(kept.read_text())["fn"] == "edu_platform.jobs.a.job"


def test_a_claim_left_by_a_dead_drainer_is_taken_again_once_stale(data_dir):
    spool.park("edu_platform.jobs.a.job", (5,), "default")
    [parked] = spool.pending()
    claimed = parked.with_name(f"{parked.name}.999999{spool.CLAIMED}")
    parked.rename(claimed)  # a drainer claimed it, then died before handing it over
    handed = []
    assert spool.drain(lambda *job: handed.append(job)) == 0  # fresh claim: someone's at it
    old = time.time() - spool.STALE_CLAIM_SECONDS - 1
    os.utime(claimed, (old, old))
    assert spool.drain(lambda *job: handed.append(job)) == 1
    assert handed == [("edu_platform.jobs.a.job", (5,), "default")]


def test_parked_jobs_reach_rq_with_the_retry_policy(data_dir, redis_url, monkeypatch):
    spool.park("edu_platform.jobs.imports.run_import", (11,), "default")
    with redis_at(monkeypatch, redis_url):
        assert spool.drain(lambda fn, args, queue: jobs.enqueue_rq(fn, args, queue)) == 1
        [rq_job] = jobs.get_queue().get_jobs()
        assert (rq_job.func_name, rq_job.args) == ("edu_platform.jobs.imports.run_import", (11,))
        assert rq_job.retries_left == len(jobs.RETRY_INTERVALS)


def test_a_parked_name_outside_the_app_is_set_aside_never_run(data_dir):
    spool.park("os.system", ("echo owned",), "default")
    spool.park("edu_platform.jobs.a.job", (3,), "default")
    handed = []
    assert spool.drain(lambda *job: handed.append(job)) == 1
    assert handed == [("edu_platform.jobs.a.job", (3,), "default")]
    [bad] = (data_dir / "job-spool").glob("*.bad")
    assert json.loads(bad.read_text())["fn"] == "os.system"


def test_a_full_spool_refuses_more_jobs(data_dir, monkeypatch):
    monkeypatch.setattr(spool, "MAX_PARKED", 2)
    spool.park("edu_platform.jobs.a.job", (1,), "default")
    spool.park("edu_platform.jobs.a.job", (2,), "default")
    with pytest.raises(spool.SpoolFull):
        spool.park("edu_platform.jobs.a.job", (3,), "default")
    assert len(spool.pending()) == 2
